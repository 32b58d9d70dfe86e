"""Essays: one fixture per mistake in tests/fixtures/essays/content/essays/, each with the
exact diagnostics (file, line, message, fix) it must produce; plus backlinks and rendering."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from dossier.essays import refs
from dossier.essays import source as E
from dossier.essays import targets as T
from dossier.essays import validate as V
from dossier.model import Block, Corpus, DocMeta, Document, PassageRef

FIXTURES = Path(__file__).parents[1] / "fixtures" / "essays"
FOLDER = FIXTURES / "content" / "essays"

TARGETS = T.Targets(
    documents={"pak-russia": T.DocTarget(
        "Pakistan and Russia",
        {"p-abc123": "Khan was in <Moscow> & said *nothing*.", "p-def456": "Second passage."},
        {"p-old111": "p-abc123"})},
    themes={"russia-tilt": "The tilt to Russia", "khan-ouster": "Khan's ouster"},
    entities={"imran-khan": "Imran Khan"},
    events={"doha-agreement": "The Doha agreement"},
    pages={"index.html": "Home", "timeline/index.html": "Timeline"},
)

P = "content/essays/"
EXPECTED: dict[str, list[str]] = {
    "ok.md": [],
    "second-look.md": [],
    "missing-title.md": [
        f"{P}missing-title.md:1: error: missing Title — add a 'Title: …' line to the header",
    ],
    "missing-date.md": [
        f"{P}missing-date.md:1: error: missing Date — add a 'Date: YYYY-MM-DD' line to the "
        "header",
    ],
    "impossible-date.md": [
        f"{P}impossible-date.md:2: error: impossible date '2023-02-30' — February 2023 has "
        "28 days",
    ],
    "date-format.md": [
        f"{P}date-format.md:2: error: Date 'March 3, 2023' is not a date in YYYY-MM-DD form — "
        "did you mean '2023-03-03'?",
    ],
    "unknown-key.md": [
        f"{P}unknown-key.md:3: error: unknown metadata key 'Thems' — did you mean 'Themes'?",
    ],
    "unknown-theme.md": [
        f"{P}unknown-theme.md:3: error: unknown theme 'rusia-tilt' — did you mean "
        "'russia-tilt'?",
        f"{P}unknown-theme.md:3: error: unknown theme 'cricket' — add "
        "content/themes/cricket.md or remove 'cricket' from Themes",
        f"{P}unknown-theme.md:3: error: unknown theme '../../Sport' — a theme is named by its "
        "slug, the name of its file in content/themes/ (my-theme for my-theme.md)",
    ],
    "dup-slug-a.md": [],
    "dup-slug-b.md": [
        f"{P}dup-slug-b.md:3: error: slug 'same-slug' is also used by {P}dup-slug-a.md — "
        "set a distinct 'Slug:' in one of them",
    ],
    "missing-document.md": [
        f"{P}missing-document.md:4: error: citation of unknown document 'pak-rusia' — "
        "did you mean 'pak-russia'?",
    ],
    "missing-passage.md": [
        f"{P}missing-passage.md:5: error: document 'pak-russia' has no passage 'p-abc124' — "
        "did you mean 'p-abc123'?",
    ],
    "missing-targets.md": [
        f"{P}missing-targets.md:4: error: link to unknown theme 'russia-tlt' — did you mean "
        "'russia-tilt'?",
        f"{P}missing-targets.md:4: error: link to unknown entity 'imran-kahn' — did you mean "
        "'imran-khan'?",
        f"{P}missing-targets.md:5: error: link to unknown event 'doha' — events are listed in "
        "content/events.toml",
        f"{P}missing-targets.md:5: error: link to unknown essay 'nothing-like-it' — essays "
        "are the files in content/essays/",
    ],
    "missing-page.md": [
        f"{P}missing-page.md:4: error: link to unknown page 'about/index.html' — use a page "
        "path such as index.html or timeline/index.html",
        f"{P}missing-page.md:5: error: link to missing page '../../timline/index.html' — "
        "did you mean '../../timeline/index.html'?",
        f"{P}missing-page.md:5: error: root-absolute link '/documents/' breaks under a "
        "sub-path and from file:// — use [[page:…]] or a relative link",
        f"{P}missing-page.md:6: error: link to a folder '../../documents/pak-russia/' breaks "
        "from file:// — link to the page itself: '../../documents/pak-russia/index.html'",
    ],
    "passage-link.md": [  # a plain link naming a passage id is checked as [[slug#id]] is
        f"{P}passage-link.md:6: warning: passage 'p-old111' of 'pak-russia' is now "
        "'p-abc123' — link to '#p-abc123'",
        f"{P}passage-link.md:7: error: link '../../documents/pak-russia/index.html#p-abcdez': "
        "document 'pak-russia' has no passage 'p-abcdez' — did you mean 'p-abc123'?",
    ],
    "missing-image.md": [
        f"{P}missing-image.md:3: error: image file 'images/mapp.png' not found (looked in "
        "content/essays/ and content/) — did you mean 'images/map.png'?",
        f"{P}missing-image.md:6: error: image file '../images/map.jpg' not found (looked in "
        "content/essays/ and content/) — did you mean 'images/map.png'?",
    ],
    "image-alt.md": [
        f"{P}image-alt.md:3: error: image '{{static}}/images/map.png' has no alt text — add "
        "an 'Image-Alt: …' line saying what the picture shows",
        f"{P}image-alt.md:5: error: image '../images/map.png' has no alt text — describe what "
        "it shows: ![a short description](../images/map.png)",
    ],
    "bad-syntax.md": [
        f"{P}bad-syntax.md:4: error: [[thme:russia-tilt]]: unknown kind 'thme:' — did you "
        "mean 'theme:'?",
        f"{P}bad-syntax.md:4: error: [[pak-russia#]]: no passage id after '#' — see "
        "docs/editing.md for the syntax",
        f"{P}bad-syntax.md:4: error: [[theme:khan-ouster|]]: empty link text after '|' — see "
        "docs/editing.md for the syntax",
        f"{P}bad-syntax.md:5: error: [[> theme:russia-tilt]]: only a passage can be quoted: "
        "[[> doc-slug#passage-id]] — see docs/editing.md for the syntax",
        f"{P}bad-syntax.md:5: error: '[[' is not closed on this line — end the reference "
        "with ']]' on the same line, or write '\\[['",
        f"{P}bad-syntax.md:7: error: [[> pak-russia#p-abc123]]: a quote must be a paragraph "
        "of its own — put it on its own line with a blank line before and after",
    ],
    "bad-header.md": [
        f"{P}bad-header.md:3: error: unknown Status 'drafts' — did you mean 'draft'?",
        f"{P}bad-header.md:4: error: slug 'Bad Slug' cannot be part of a URL — use "
        "lower-case letters, digits and '-': 'bad-slug'",
        f"{P}bad-header.md:5: error: 'Title' is given twice (first on line 1) — keep only one",
        f"{P}bad-header.md:6: error: header line 'this line is not a key' is not "
        "'Key: value' — leave a blank line between the header and the text",
    ],
    "aliased.md": [
        f"{P}aliased.md:4: warning: passage 'p-old111' of 'pak-russia' is now 'p-abc123' — "
        "write [[pak-russia#p-abc123]]",
    ],
}


@pytest.fixture(scope="module")
def loaded() -> tuple[tuple[E.Essay, ...], tuple]:
    return E.load_essays(FOLDER, FIXTURES, TARGETS)


def test_every_fixture_has_its_expectations() -> None:
    assert sorted(p.name for p in E.essay_paths(FOLDER)) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_diagnostics(loaded, name: str) -> None:
    _, diags = loaded
    got = [str(d) for d in diags if d.path == P + name]
    assert got == EXPECTED[name]


def test_all_problems_reported_at_once_and_sorted(loaded) -> None:
    _, diags = loaded
    assert len(diags) == sum(len(v) for v in EXPECTED.values())
    assert [(d.path, d.line) for d in diags] == sorted((d.path, d.line) for d in diags)


def test_the_good_essay(loaded) -> None:
    essays, _ = loaded
    ok = next(e for e in essays if e.source == P + "ok.md")
    assert ok.slug == "pakistan-between-moscow-and-washington"
    assert ok.title == "Pakistan between Moscow and Washington"
    assert (ok.date, ok.modified) == ("2023-03-01", "2023-03-05T10:30:00")
    assert ok.authors == ("Ayesha Editor", "Bilal Editor")
    assert ok.summary == "How one visit to Moscow changed the conversation in Washington."
    assert ok.themes == ("russia-tilt", "khan-ouster")
    assert (ok.status, ok.draft) == ("published", False)
    assert ok.image == "../images/map.png" and ok.image_alt.startswith("A map of South Asia")
    assert ok.lines["Title"] == 1 and ok.lines["Image-Alt"] == 9
    assert ok.body_line == 11 and ok.body.startswith("Khan was in Moscow")
    assert ok.save_as == "essays/pakistan-between-moscow-and-washington/index.html"
    assert [(c.document, c.passage, c.line, c.quote) for c in ok.citations] == [
        ("pak-russia", "p-abc123", 11, False),
        ("pak-russia", "p-def456", 12, False),
        ("pak-russia", "p-def456", 17, True),
    ]
    assert [(link.kind, link.target, link.line) for link in ok.links] == [
        ("image", "images/map.png", 8),
        ("entity", "imran-khan", 12),
        ("event", "doha-agreement", 13),
        ("theme", "russia-tilt", 13),
        ("essay", "second-look", 14),
        ("page", "timeline/index.html", 14),
        ("document", "pak-russia", 15),
        ("image", "images/map.png", 19),
        ("page", "index.html", 19),
        ("page", "documents/pak-russia/index.html", 20),
        ("file", "files/notes.txt", 28),
    ]


def test_essays_with_unusable_header_are_left_out(loaded) -> None:
    essays, _ = loaded
    sources = {e.source for e in essays}
    for name in ("missing-title.md", "missing-date.md", "impossible-date.md",
                 "date-format.md", "bad-header.md", "dup-slug-b.md"):
        assert P + name not in sources
    assert P + "unknown-key.md" in sources  # usable, but the build fails on its error


def test_backlinks(loaded) -> None:
    essays, _ = loaded
    links = E.backlinks(essays)
    assert links[("pak-russia", "p-def456")] == ["pakistan-between-moscow-and-washington"]
    # an aliased id counts under the passage's current id; the draft does not count
    # (bad-syntax.md's inline quote is an error, not a citation)
    assert links[("pak-russia", "p-abc123")] == [
        "pakistan-between-moscow-and-washington", "renamed-passage"]
    with_drafts = E.backlinks(essays, drafts=True)
    assert "second-look" in with_drafts[("pak-russia", "p-abc123")]
    assert list(links) == sorted(links)


def test_missing_folder_is_no_essays(tmp_path: Path) -> None:
    assert E.load_essays(tmp_path / "content" / "essays", tmp_path, TARGETS) == ((), ())


def test_never_raises_on_odd_files(tmp_path: Path) -> None:
    folder = tmp_path / "content" / "essays"
    folder.mkdir(parents=True)
    (folder / "latin1.md").write_bytes(b"Title: Caf\xe9\nDate: 2023-01-01\n\nText.\n")
    (folder / "empty.md").write_text("", encoding="utf-8")
    (folder / "blank-first.md").write_text("\nTitle: X\nDate: 2023-01-01\n\nText.\n")
    (folder / "_notes.md").write_text("ignored", encoding="utf-8")
    essays, diags = E.load_essays(folder, tmp_path, TARGETS)
    assert [str(d) for d in diags] == [
        "content/essays/blank-first.md:1: error: the file starts with a blank line, so "
        "Pelican sees no header — start the file with the 'Title: …' line",
        "content/essays/empty.md:1: error: missing Title — add a 'Title: …' line to the header",
        "content/essays/empty.md:1: error: missing Date — add a 'Date: YYYY-MM-DD' line to "
        "the header",
        "content/essays/latin1.md:1: error: the file is not UTF-8 — save it as UTF-8 in your "
        "editor",
    ]


def test_targets_from_the_model() -> None:
    doc = Document("d", "seeds/d.txt", DocMeta(title="D", aliases=(("p-old", "p-1"),)), (
        Block("paragraph", "One.", "seeds/d.txt", 1, 1, id="p-1"),
        Block("heading", "H", "seeds/d.txt", 2, 2),
        Block("paragraph", "Two.", "seeds/d.txt", 3, 3, id="p-2"),
    ))
    t = T.Targets.build(Corpus((doc,)))
    assert dict(t.documents["d"].passages) == {"p-1": "One.", "p-2": "Two."}
    assert t.documents["d"].number("p-2") == 2
    assert "documents/d/index.html" in t.site_paths() and "index.html" in t.site_paths()
    found = T.lookup(refs.parse_ref("d#p-old"), t)
    assert found == T.Found("documents/d/index.html#p-1", "D, ¶ 1", "One.")
    assert V.Citation("d", "p-1", 3).ref == PassageRef("d", "p-1")


def test_render_essay(loaded) -> None:
    essays, _ = loaded
    ok = next(e for e in essays if e.source == P + "ok.md")
    html = E.render_essay(ok, replace(TARGETS, essays={"second-look": "A second look"}))
    assert ('<a class="cite" href="../../documents/pak-russia/index.html#p-abc123" '
            'title="Khan was in &lt;Moscow&gt; &amp; said *nothing*.">Pakistan and Russia, '
            "¶ 1</a>") in html
    assert '<a class="ref-essay" href="../../essays/second-look/index.html">' in html
    assert 'class="source-quote">\n<p>Second passage.</p>' in html
    assert "broken-ref" not in html
    assert '<img alt="The same map, smaller" src="../../images/map.png">' in html
    assert E.image_url(ok, ok.image) == "../../images/map.png"
    # Pelican's {static}/path: the file is linked where it is copied, fragment kept
    assert '<a href="../../files/notes.txt#part-2">editors' in html
    assert V.Link("file", "files/notes.txt", 28, "{static}/files/notes.txt") in ok.links
    assert "<code>[[pak-russia#p-nope]]</code>" in html and "[[not a reference]]" in html


def test_resolver_records_what_it_cannot_resolve() -> None:
    resolver = T.TargetResolver(TARGETS, "essays/x/index.html")
    assert resolver(refs.parse_ref("theme:nope")) is None
    got = resolver(refs.parse_ref("event:doha-agreement"))
    assert got is not None and got.url == "../../timeline/index.html#event-doha-agreement"
    assert [r.raw for r in resolver.unresolved] == ["[[theme:nope]]"]


def test_the_example_in_docs_editing_md_is_valid(tmp_path: Path) -> None:
    """The guide's complete essay passes the checks against the real seeds and content."""
    from dossier.documentary.assemble import build_documentary
    from dossier.ingest import corpus as pipeline

    root = Path(__file__).resolve().parents[2]
    guide = (root / "docs" / "editing.md").read_text(encoding="utf-8")
    example = guide.split("```markdown\n", 1)[1].split("```\n", 1)[0]
    folder = tmp_path / "content" / "essays"
    folder.mkdir(parents=True)
    (folder / "moscow-visit.md").write_text(example, encoding="utf-8")
    (tmp_path / "content" / "images").mkdir()
    (tmp_path / "content" / "images" / "moscow-visit.jpg").write_bytes(b"\xff\xd8\xff")
    corpus = pipeline.build_corpus(root)
    dossier = build_documentary(root, corpus)
    targets = T.Targets.build(corpus, dossier.themes, dossier.entities, dossier.events,
                              pages={"index.html": "Home", "timeline/index.html": "Timeline"})
    essays, diags = E.load_essays(folder, tmp_path, targets)
    assert [str(d) for d in diags] == []
    assert len(essays) == 1 and len(essays[0].citations) == 3
    html = E.render_essay(essays[0], targets)
    assert "broken-ref" not in html and 'class="source-quote"' in html
