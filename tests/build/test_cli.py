"""dossier.cli / build.py: exit codes, the aside build and swap, and what the pages contain.

Most tests replace the ingestion pipeline by a small hand-made corpus that uses every
feature of the model, so they test the site, not the cleaner.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dossier import cli
from dossier.build import site
from dossier.documentary import assemble as documentary
from dossier.model import Block, Corpus, Diagnostic, DocMeta, Document, Span
from dossier.publish import linkcheck
from tests.support import without_essays

REPO = Path(__file__).resolve().parents[2]
HOSTILE = "Beware <script>alert(1)</script> and *x* and {{ x }} & co."


def b(kind: str, text: str, line: int, section: str = "body", **kw) -> Block:
    return Block(kind=kind, text=text, source="seeds/full.txt", line=line, end_line=line,
                 section=section, **kw)


def sample_corpus() -> Corpus:
    long = " ".join(f"word{i}" for i in range(60))
    full = Document(
        slug="full-doc",
        source="seeds/full.txt",
        meta=DocMeta(
            title="A full document", deck="With a deck", authors=("Ann Author", "Bo Writer"),
            affiliations=("Univ. A",), publisher="The Paper", date="2022-04-17/2022-04-20",
            date_precision="range", date_note="Not printed.", genre="news report",
            url="https://example.org/story", rights="", keywords=("k1", "k2"),
            aliases=(("p-old", "p-two"),),
        ),
        blocks=(
            b("paragraph", "The standfirst.", 3, section="standfirst", id="p-stand"),
            b("paragraph", "The abstract.", 4, section="abstract", id="p-abs"),
            b("heading", "First part", 5),
            b("paragraph", "Para one with a note.", 6, id="p-one",
              spans=(Span(21, 21, "fnref", "1"), Span(5, 8, "em"))),
            b("paragraph", HOSTILE, 7, id="p-two"),
            b("list_item", "item a", 8, group=1, id="li-a"),
            b("list_item", "item b", 9, group=1, id="li-b"),
            b("caption", "A photo.", 10, credit="(Agency)", id="fig-1"),
            b("paragraph", "See the link.", 11, id="p-link",
              spans=(Span(8, 12, "link", "https://example.org/x"),)),
            b("footnote", "The note.", 20, section="footnotes", label="1", id="fn-1"),
            b("heading", "Works cited", 21, section="references"),
            b("reference", "Doe, J. Title. Venue, 2020.", 22, section="references",
              id="ref-1", fields=(("authors", "Doe, J."), ("title", "Title"),
                                  ("venue", "Venue"), ("year", "2020"),
                                  ("url", "https://example.org/ref"))),
            b("reference", "Plain reference text.", 23, section="references", id="ref-2"),
            b("bio", "Ann Author writes things.", 30, section="bio", id="bio-1"),
            b("heading", "2 Comments", 31, section="comments"),
            b("comment", "First comment.", 32, section="comments", id="c-1"),
            b("comment", "Second comment.", 33, section="comments", id="c-2"),
        ),
    )
    excerpts = Document(
        slug="excerpt-doc",
        source="seeds/excerpt.txt",
        meta=DocMeta(title="Inferred name", title_inferred=True, mode="excerpts",
                     url="https://example.org/original"),
        blocks=(Block("paragraph", long, "seeds/excerpt.txt", 1, 1, id="p-long"),),
    )
    return Corpus(documents=(full, excerpts))


@pytest.fixture
def corpus(monkeypatch: pytest.MonkeyPatch) -> dict[str, Corpus]:
    """Replace the pipeline; tests may swap ``holder["corpus"]``. The documentary layer and
    the essays are left empty: the project's content/ describes the real seeds, not this
    corpus."""
    holder = {"corpus": sample_corpus()}
    monkeypatch.setattr(site, "build_corpus", lambda root, **kw: holder["corpus"])
    monkeypatch.setattr(site, "build_documentary",
                        lambda root, corpus, **kw: documentary.Documentary(corpus))
    without_essays(monkeypatch)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("SITEURL", raising=False)
    # The build records (dossier.build.manifest) describe the files on disk, which are not
    # what these builds read: none are kept.
    monkeypatch.setenv("DOSSIER_CACHE", "off")
    return holder


def run(*argv: str) -> int:
    return cli.main(list(argv))


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.relative_to(directory).as_posix(): p.read_bytes()
            for p in sorted(directory.rglob("*")) if p.is_file()}


def html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def built(corpus, tmp_path: Path) -> Path:
    out = tmp_path / "output"
    assert run("build", "--output", str(out)) == 0
    return out


# --------------------------------------------------------------------------- build


def test_build_writes_home_and_one_page_per_document(built: Path, capsys) -> None:
    assert (built / "index.html").is_file()
    assert (built / "documents" / "full-doc" / "index.html").is_file()
    assert (built / "documents" / "excerpt-doc" / "index.html").is_file()
    assert (built / "theme" / "css" / "site.css").is_file()
    pages = sorted(p.relative_to(built).as_posix() for p in built.rglob("*.html"))
    assert pages == ["documents/excerpt-doc/index.html", "documents/full-doc/index.html",
                     "entities/index.html", "essays/index.html", "index.html",
                     "report/index.html", "search/a-z.html", "search/index.html",
                     "themes/index.html", "timeline/index.html"]
    data = sorted(p.relative_to(built).as_posix() for p in (built / "data").rglob("*.json*"))
    assert data == ["data/documents.json", "data/entities.json", "data/essays.json",
                    "data/events.json", "data/passages.jsonl",
                    "data/schemas/documents.schema.json", "data/schemas/entities.schema.json",
                    "data/schemas/essays.schema.json", "data/schemas/events.schema.json",
                    "data/schemas/passages.schema.json", "data/schemas/themes.schema.json",
                    "data/themes.json"]
    assert linkcheck.check_site(built) == []
    # nothing left beside the output but the offline bundle
    assert sorted(p.name for p in built.parent.iterdir()) == ["dist", "output"]
    assert [p.name for p in (built.parent / "dist").iterdir()] == ["dossier-offline.zip"]


def test_build_prints_a_summary(corpus, tmp_path: Path, capsys) -> None:
    assert run("build", "--output", str(tmp_path / "out")) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "build ok: 2 documents, 0 errors, 0 warnings"


def test_every_page_is_well_formed(built: Path) -> None:
    for path in built.rglob("*.html"):
        doc = html(path)
        assert doc.html["lang"] == "en"
        assert len(doc.find_all("h1")) == 1, path
        for tag in ("header", "nav", "main", "footer"):
            assert doc.find(tag) is not None, (path, tag)
        first_link = doc.body.find("a")
        assert first_link["href"] == "#content" and "Skip" in first_link.get_text()
        for a in doc.find_all(href=True):
            href = a["href"]
            assert not href.startswith("/"), href
            assert href.startswith(("#", "https://", "mailto:", "data:")) or \
                href.split("#")[0].endswith((".html", ".css", ".json", ".jsonl", ".xml",
                                             ".bib", ".txt")), href


def test_document_page_content(built: Path) -> None:
    doc = html(built / "documents" / "full-doc" / "index.html")
    article = doc.find("article")
    assert article.h1.get_text(strip=True) == "A full document"
    meta = doc.find("dl", class_="meta").get_text(" ", strip=True)
    for expected in ("Ann Author, Bo Writer", "Univ. A", "The Paper", "2022-04-17 – 2022-04-20",
                     "date range", "Not printed.", "news report", "seeds/full.txt"):
        assert expected in meta
    assert doc.find("a", href="https://example.org/story") is not None
    assert doc.find(class_="rights").get_text().startswith(
        "Third-party text, reproduced from The Paper.")
    # structure
    assert doc.find(class_="standfirst").find(id="p-stand")
    assert doc.find("section", class_="abstract").find(id="p-abs")
    assert doc.find(class_="body").h2.get_text(strip=True) == "First part"
    assert [li["id"] for li in doc.find(class_="body").ul.find_all("li")] == ["li-a", "li-b"]
    assert doc.find(id="fig-1").find("small", class_="credit").get_text() == "(Agency)"
    assert doc.find(id="p-one").em.get_text() == "one"
    assert doc.find(id="p-one").find("sup", class_="fnref").a["href"] == "#fn-1"
    notes = doc.find("section", class_="notes")
    assert notes.find("ol").find(id="fn-1")
    refs = doc.find("section", class_="refs")
    assert refs.h2.get_text() == "Works cited"
    for extra in refs.select("a.permalink, .citebox"):  # the number before, the citation after
        extra.extract()
    entry = refs.find(id="ref-1")  # the entry's own text, never rebuilt from its fields
    assert entry.get_text().strip() == "Doe, J. Title. Venue, 2020."
    assert refs.find(id="ref-2").get_text().strip().startswith("Plain reference text.")
    assert article.find("aside", class_="bio").find(id="bio-1")
    comments = doc.find("aside", class_="comments")
    assert comments.h2.get_text() == "Reader comments"
    assert "not part of the article" in comments.get_text()
    assert comments.find(id="c-1") and comments.find(id="c-2")
    assert comments.find_parent("article") is None


def test_seed_text_is_escaped_in_the_page(built: Path) -> None:
    raw = (built / "documents" / "full-doc" / "index.html").read_text()
    assert "<script>" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    para = html(built / "documents" / "full-doc" / "index.html").find(id="p-two")
    assert HOSTILE in para.get_text()


def test_every_passage_has_a_permalink_and_aliases_keep_working(built: Path) -> None:
    doc = html(built / "documents" / "full-doc" / "index.html")
    for ident in ("p-one", "p-two", "li-a", "fig-1", "fn-1", "ref-1", "bio-1", "c-1"):
        link = doc.find(id=ident).find("a", class_="permalink")
        name = link.find(class_="visually-hidden").get_text()  # "¶" itself is hidden from it
        assert link["href"] == f"#{ident}" and name.startswith("Permalink to this")
    old = doc.find(id="p-old")
    assert old is not None and old.get_text() == ""
    assert old.find_next_sibling()["id"] == "p-two"


def test_inferred_title_and_excerpts(built: Path) -> None:
    doc = html(built / "documents" / "excerpt-doc" / "index.html")
    assert "[inferred title]" in doc.h1.get_text()
    text = doc.find(id="p-long").get_text()
    assert "word39" in text and "word40" not in text and "…" in text
    notice = doc.find(class_="notice")
    assert notice.find("a", href="https://example.org/original")
    home = html(built / "index.html")
    assert "[inferred title]" in home.find("ol", class_="doc-list").get_text()


def test_home_page_lists_documents_with_metadata(built: Path) -> None:
    home = html(built / "index.html")
    links = [a["href"] for a in home.find("ol", class_="doc-list").find_all("a")]
    assert links == ["documents/excerpt-doc/index.html", "documents/full-doc/index.html"]
    assert "The Paper" in home.get_text()


def test_site_url_only_adds_canonical_links(corpus, tmp_path: Path) -> None:
    out = tmp_path / "output"
    assert run("build", "--output", str(out), "--site-url", "https://x.example/repo/") == 0
    doc = html(out / "documents" / "full-doc" / "index.html")
    canonical = doc.find("link", rel="canonical")
    assert canonical["href"] == "https://x.example/repo/documents/full-doc/index.html"
    assert doc.find("link", rel="stylesheet")["href"] == "../../theme/css/site.css"


def test_source_date_epoch_sets_the_built_date(corpus, tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "output"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert run("build", "--output", str(out)) == 0
    assert html(out / "index.html").footer.time["datetime"] == "2023-11-14"


# --------------------------------------------------------------------------- failures


def test_content_error_fails_and_leaves_previous_output(corpus, built: Path, capsys) -> None:
    before, bundle_before = snapshot(built), snapshot(built.parent / "dist")
    bad = Diagnostic("seeds/full.txt", 7, "unreadable line", "fix the seed", severity="error")
    corpus["corpus"] = replace(sample_corpus(), diagnostics=(bad,))
    capsys.readouterr()
    assert run("build", "--output", str(built)) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "seeds/full.txt:7: error: unreadable line — fix the seed"
    assert out[-1].startswith("build FAILED: 2 documents, 1 error, 0 warnings")
    assert snapshot(built) == before
    assert sorted(p.name for p in built.parent.iterdir()) == ["dist", "output"]
    assert snapshot(built.parent / "dist") == bundle_before  # a failed build writes no bundle


def test_broken_links_fail_and_leave_previous_output(corpus, built: Path, monkeypatch,
                                                      capsys) -> None:
    before, bundle_before = snapshot(built), snapshot(built.parent / "dist")
    corpus["corpus"] = Corpus(documents=sample_corpus().documents[:1])
    broken = Diagnostic("output/index.html", 3, "broken link 'x'", "fix it", severity="error")
    monkeypatch.setattr(site, "check_changed", lambda out, kept, **kw: ([broken], {}))
    assert run("build", "--output", str(built)) == 1
    assert "output/index.html:3: error: broken link 'x'" in capsys.readouterr().out
    assert snapshot(built) == before
    assert sorted(p.name for p in built.parent.iterdir()) == ["dist", "output"]
    assert snapshot(built.parent / "dist") == bundle_before  # a failed build writes no bundle


def test_invalid_slug_and_duplicate_ids_are_errors(corpus, tmp_path: Path, capsys) -> None:
    full = sample_corpus().documents[0]
    dup = replace(full.blocks[4], id="p-one")
    corpus["corpus"] = Corpus(documents=(
        replace(full, slug="../evil", blocks=full.blocks[:4] + (dup,)),))
    assert run("build", "--output", str(tmp_path / "output")) == 1
    out = capsys.readouterr().out
    assert "slug '../evil' cannot be a directory name" in out
    assert "passage id 'p-one' already used on line 6" in out
    assert not (tmp_path / "output").exists()
    assert not (tmp_path / "evil").exists()


def test_strict_turns_warnings_into_failure(corpus, built: Path, capsys) -> None:
    before = snapshot(built)
    warn = Diagnostic("seeds/full.txt", 2, "odd line", "check it")
    corpus["corpus"] = replace(sample_corpus(), diagnostics=(warn,))
    assert run("build", "--strict", "--output", str(built)) == 1
    assert "(--strict: warnings fail the build)" in capsys.readouterr().out
    assert snapshot(built) == before
    assert run("build", "--output", str(built)) == 0
    assert "seeds/full.txt:2: warning: odd line — check it" in capsys.readouterr().out


def test_internal_error_has_no_traceback(corpus, tmp_path: Path, monkeypatch, capsys) -> None:
    def boom(root, **kw):
        raise RuntimeError("kaput")
    monkeypatch.setattr(site, "build_corpus", boom)
    assert run("build", "--output", str(tmp_path / "o")) == 1
    err = capsys.readouterr().err
    assert "internal error: RuntimeError: kaput" in err and "Traceback" not in err


# --------------------------------------------------------------------------- check


def test_check_writes_nothing(corpus, tmp_path: Path, capsys) -> None:
    out = tmp_path / "output"
    assert run("check", "--output", str(out)) == 0
    assert capsys.readouterr().out.strip() == "check ok: 2 documents, 0 errors, 0 warnings"
    assert not out.exists()
    bad = Diagnostic("seeds/full.txt", 1, "bad", severity="error")
    corpus["corpus"] = replace(sample_corpus(), diagnostics=(bad,))
    assert run("check") == 1
    warn = Diagnostic("seeds/full.txt", 1, "meh")
    corpus["corpus"] = replace(sample_corpus(), diagnostics=(warn,))
    assert run("check") == 0
    assert run("check", "--strict") == 1


def test_check_also_checks_links_of_an_existing_build(built: Path, capsys) -> None:
    assert run("check", "--output", str(built)) == 0
    page = built / "index.html"
    page.write_text(page.read_text().replace('href="documents/full-doc/index.html"',
                                             'href="documents/full-doc/"'))
    capsys.readouterr()
    assert run("check", "--output", str(built)) == 1
    assert "output/index.html:" in capsys.readouterr().out


# --------------------------------------------------------------------------- usage


@pytest.mark.parametrize("argv", [[], ["nope"], ["build", "--bogus"], ["serve", "--port", "x"],
                                  ["check", "--site-url", "x"]])
def test_usage_errors_exit_2(argv: list[str], capsys) -> None:
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert "usage:" in err and "Traceback" not in err


@pytest.mark.parametrize("argv", [["--help"], ["build", "--help"], ["check", "--help"],
                                  ["serve", "--help"]])
def test_help_exits_0(argv: list[str], capsys) -> None:
    assert cli.main(argv) == 0
    assert "usage:" in capsys.readouterr().out


def test_build_help_documents_every_option(capsys) -> None:
    cli.main(["build", "--help"])
    text = capsys.readouterr().out
    for flag in ("--strict", "--output", "--site-url"):
        assert flag in text


def test_output_must_not_be_the_project(corpus, capsys) -> None:
    for bad in (str(REPO), str(REPO / "seeds"), str(REPO / "theme" / "x")):
        assert run("build", "--output", bad) == 2
    assert "Traceback" not in capsys.readouterr().err
    assert (REPO / "seeds").is_dir()


def test_output_that_is_a_file_or_foreign_dir(corpus, tmp_path: Path, capsys) -> None:
    afile = tmp_path / "file"
    afile.write_text("x")
    assert run("build", "--output", str(afile)) == 2
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "cat.jpg").write_text("x")
    assert run("build", "--output", str(foreign)) == 2
    assert (foreign / "cat.jpg").read_text() == "x"
    assert "does not look like a built site" in capsys.readouterr().err


def test_bad_source_date_epoch_is_a_usage_error(corpus, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert run("build", "--output", str(tmp_path / "o")) == 2
    assert "SOURCE_DATE_EPOCH" in capsys.readouterr().err


def test_serve_rejects_bad_port(corpus, capsys) -> None:
    assert run("serve", "--port", "70000") == 2


def test_build_py_runs_from_any_directory(tmp_path: Path) -> None:
    """The real pipeline, through build.py, from a foreign working directory."""
    proc = subprocess.run([sys.executable, str(REPO / "build.py"), "check"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode in (0, 1), proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout.splitlines()[-1].startswith("check ")


def test_the_command_line_loads_no_ingestion_or_annotation_stage_until_needed() -> None:
    """A build that finds nothing or only essays changed runs in a second or two: loading the
    ingestion and annotation stages (and numpy, ftfy) would be a fifth of that. They are
    loaded by the build that needs them (dossier.build.site.model)."""
    heavy = ("numpy", "ftfy", "dossier.ingest.corpus", "dossier.documentary.assemble",
             "dossier.documentary.classify")
    code = ("import sys, dossier.cli, dossier.build.incremental\n"
            f"print(sorted(m for m in {heavy!r} if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
