"""content/curation.toml: editors' additions and removals win, with reasons and diagnostics."""

from __future__ import annotations

from pathlib import Path

from dossier.documentary.classify import classify
from dossier.documentary.curation import apply_curation, load_curation
from dossier.documentary.theme_report import theme_report
from dossier.model import Assignment, Block, Corpus, Cue, DocMeta, Document, PassageRef, Theme

REPO_ROOT = Path(__file__).resolve().parents[2]

THEMES = tuple(Theme(slug, slug.title(), "", "", "", (Cue(slug, 2.0),),
                     f"content/themes/{slug}.md", 1, threshold=2.0)
               for slug in ("economy", "india", "sanctions"))
DOC = Document("doc", "seeds/doc.txt", DocMeta(aliases=(("p-old111", "p-aaaaaa"),)), (
    Block("paragraph", "The economy and India.", "seeds/doc.txt", 1, 1, id="p-aaaaaa"),
    Block("paragraph", "A longer paragraph about the weather in the hills, which was cold and "
          "wet all week.", "seeds/doc.txt", 3, 3, id="p-bbbbbb"),
))
CORPUS = Corpus((DOC,))


def curate(tmp_path: Path, text: str):
    path = tmp_path / "content" / "curation.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    entries, d1 = load_curation(path, tmp_path)
    out, d2 = apply_curation(classify(CORPUS, THEMES), entries, CORPUS, THEMES)
    return entries, out, [str(d) for d in (*d1, *d2)]


def by_key(assignments: tuple[Assignment, ...]) -> dict[tuple[str, str], Assignment]:
    return {(a.ref.passage, a.theme): a for a in assignments}


def test_classifier_baseline() -> None:
    assert set(by_key(classify(CORPUS, THEMES))) == {("p-aaaaaa", "economy"),
                                                      ("p-aaaaaa", "india")}


def test_add_and_remove_win_with_reasons(tmp_path) -> None:
    entries, out, diags = curate(tmp_path, '''# comment
[[passage]]
id = "doc#p-aaaaaa"
remove = ["economy"]
add = ["india"]
note = "India is the subject"

[[passage]]
id = "doc#p-bbbbbb"
add = ["sanctions"]
''')
    assert diags == []
    got = by_key(out)
    assert set(got) == {("p-aaaaaa", "india"), ("p-bbbbbb", "sanctions")}
    india = got[("p-aaaaaa", "india")]
    assert india.curated and india.reasons[0] == ("curation: content/curation.toml:2 "
                                                  "(India is the subject)")
    assert india.reasons[1:] == ("cue 'india' +2",) and india.score == 2.0
    added = got[("p-bbbbbb", "sanctions")]
    assert added.curated and added.score == 0.0
    assert added.ref == PassageRef("doc", "p-bbbbbb")
    assert added.reasons == ("curation: content/curation.toml:8",)
    report = theme_report(out, THEMES, entries)
    assert "| economy | 0 | 0 | 0 | 1 |" in report
    assert "| sanctions | 1 | 0 | 1 | 0 |" in report
    assert "| india | 1 | 0 | 1 | 0 | india (1) |" in report


def test_unknown_ids_and_themes_are_diagnosed_with_did_you_mean(tmp_path) -> None:
    _, out, diags = curate(tmp_path, '''[[passage]]
id = "doc#p-aaaaab"
add = ["india"]

[[passage]]
id = "dox#p-zzzzzz"
add = ["india"]

[[passage]]
id = "doc#p-bbbbbb"
add = ["indai"]
remove = ["economy"]
''')
    assert out == classify(CORPUS, THEMES)
    assert diags == [
        "content/curation.toml:1: warning: no passage doc#p-aaaaab — did you mean "
        "'doc#p-aaaaaa'?",
        "content/curation.toml:5: warning: no passage dox#p-zzzzzz — unknown document; "
        "did you mean 'doc'?",
        "content/curation.toml:9: warning: removes 'economy' from doc#p-bbbbbb, which the "
        "classifier did not assign — remove the stale line",
        "content/curation.toml:9: warning: unknown theme 'indai' — did you mean 'india'?",
    ]


def test_renamed_ids_follow_aliases(tmp_path) -> None:
    _, out, diags = curate(tmp_path, '[[passage]]\nid = "doc#p-old111"\nadd = ["sanctions"]\n')
    assert ("p-aaaaaa", "sanctions") in by_key(out)
    assert diags == ["content/curation.toml:1: warning: passage id doc#p-old111 was renamed to "
                     'doc#p-aaaaaa — update the id to "doc#p-aaaaaa"']


def test_bad_files_never_raise(tmp_path) -> None:
    _, out, diags = curate(tmp_path, '[[passage]]\nid = "doc#p-aaaaaa"\nadd = ["india"\n')
    assert out == classify(CORPUS, THEMES)
    assert len(diags) == 1 and diags[0].startswith("content/curation.toml:3: error: bad TOML")
    _, _, diags = curate(tmp_path, '[[passage]]\nadd = ["india"]\nremove = "x"\nnot = "y"\n')
    assert diags == [
        "content/curation.toml:1: warning: unknown key 'not' in [[passage]] (ignored) — "
        "did you mean 'note'?",
        "content/curation.toml:1: error: [[passage]] without a valid id — write "
        'id = "doc-slug#passage-id"',
    ]
    _, _, diags = curate(tmp_path, '[[passage]]\nid = "doc#p-aaaaaa"\nadd = ["india"]\n'
                                   'remove = ["india"]\n')
    assert "theme 'india' is both added and removed" in diags[0]


def test_missing_file_is_empty(tmp_path) -> None:
    assert load_curation(tmp_path / "content" / "curation.toml", tmp_path) == ((), ())


def test_shipped_curation_is_valid() -> None:
    from dossier.documentary.themes import load_themes
    from dossier.ingest.corpus import build_corpus

    corpus = build_corpus(REPO_ROOT)
    themes, _ = load_themes(REPO_ROOT / "content" / "themes", REPO_ROOT)
    entries, d1 = load_curation(REPO_ROOT / "content" / "curation.toml", REPO_ROOT)
    out, d2 = apply_curation(classify(corpus, themes), entries, corpus, themes)
    assert not d1 and not d2, [str(d) for d in (*d1, *d2)]
    assert len(entries) <= 10, "curation.toml is for a few honest corrections"
    assert all(e.note for e in entries), "every correction says why"
    assert sum(a.curated for a in out) == sum(len(e.add) for e in entries)


def test_theme_report_counts_each_theme_and_lists_unknown_themes() -> None:
    ref = PassageRef("doc", "p-aaaaaa")
    found = (Assignment(ref, "india", 2.0, ("cue 'india' +2",)),
             Assignment(PassageRef("doc", "p-bbbbbb"), "india", 2.0, ("cue 'india' +2",)),
             Assignment(ref, "gone", 2.0, ()), Assignment(ref, "economy", 0.0, (), curated=True))
    report = theme_report(found, THEMES)
    assert "| economy | 1 | 0 | 1 | 0 |  |" in report
    assert "| india | 2 | 2 | 0 | 0 | india (2) |" in report
    assert "| sanctions | 0 | 0 | 0 | 0 |  |" in report
    assert report.endswith("| gone (no such theme) | 1 | | | | |")
