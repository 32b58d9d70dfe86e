"""Loading content/themes/*.md: the shipped themes, and diagnostics for editors' mistakes."""

from __future__ import annotations

from pathlib import Path

from dossier.documentary.classify import classify
from dossier.documentary.themes import check_theme_order, load_themes
from dossier.model import Block, Corpus, DocMeta, Document

REPO_ROOT = Path(__file__).resolve().parents[2]

SHIPPED = {"afghanistan-withdrawal", "khan-ouster", "russia-tilt", "sanctions", "china-cpec",
           "india", "terrorism", "economy", "history", "reset-2022-23"}

GOOD = '''+++
title = "Cricket"
summary = "The game."
includes = "Matches and players."
excludes = "Politics."
threshold = 2.0

[cues]
"cricket" = 2.0
"wicket*" = 1.0
"election" = -1.0

[regex_cues]
'\\bworld\\s+cup\\b' = { weight = 1.5, anchor = true, label = "World Cup" }
+++
A short introduction.
'''


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path):
    return load_themes(tmp_path / "content" / "themes", tmp_path)


def messages(diags) -> list[str]:
    return [str(d) for d in diags]


def test_shipped_themes_load_cleanly() -> None:
    themes, diags = load_themes(REPO_ROOT / "content" / "themes", REPO_ROOT)
    assert not diags, messages(diags)
    assert {t.slug for t in themes} == SHIPPED
    assert [t.slug for t in themes] == sorted(t.slug for t in themes)
    for t in themes:
        assert t.title and t.includes and t.excludes and t.summary
        assert t.source == f"content/themes/{t.slug}.md"
        sentences = [s for s in t.intro.replace("\n", " ").split(". ") if s.strip()]
        assert 3 <= len(sentences) <= 7, (t.slug, len(sentences))
        assert any(c.weight > 0 for c in t.cues)


def test_a_theme_is_a_file(tmp_path) -> None:
    folder = tmp_path / "content" / "themes"
    write(folder, "cricket.md", GOOD)
    themes, diags = load(tmp_path)
    assert not diags, messages(diags)
    (theme,) = themes
    assert theme.slug == "cricket" and theme.title == "Cricket" and theme.threshold == 2.0
    assert theme.intro == "A short introduction." and theme.line == 1
    assert theme.required == ("\\bworld\\s+cup\\b",)
    regex = [c for c in theme.cues if c.regex]
    assert regex[0].label == "World Cup" and regex[0].weight == 1.5
    # adding a theme = adding a file; it is classified with no code change
    write(folder, "aardvark.md", GOOD.replace('"Cricket"', '"Aardvarks"'))
    themes, _ = load(tmp_path)
    assert [t.slug for t in themes] == ["aardvark", "cricket"]
    doc = Document("d", "seeds/d.txt", DocMeta(), (Block("paragraph", "Cricket at the World "
                   "Cup: five wickets.", "seeds/d.txt", 1, 1, id="p-aaaaaa"),))
    got = {a.theme: a for a in classify(Corpus((doc,)), themes)}
    assert set(got) == {"aardvark", "cricket"}
    assert "regex cue 'World Cup' +1.5" in got["cricket"].reasons


def test_position_orders_before_slug(tmp_path) -> None:
    folder = tmp_path / "content" / "themes"
    write(folder, "zebra.md", GOOD.replace("threshold = 2.0", "threshold = 2.0\nposition = 1"))
    write(folder, "alpha.md", GOOD)
    themes, diags = load(tmp_path)
    assert not diags and [t.slug for t in themes] == ["zebra", "alpha"]


def test_missing_title(tmp_path) -> None:
    write(tmp_path / "content" / "themes", "x.md", GOOD.replace('title = "Cricket"\n', ""))
    themes, diags = load(tmp_path)
    assert themes == ()
    assert messages(diags) == ["content/themes/x.md:2: error: the theme has no title — add "
                               'title = "..." to the front matter']


def test_bad_toml_reports_the_file_line(tmp_path) -> None:
    write(tmp_path / "content" / "themes", "x.md", GOOD.replace('"wicket*" = 1.0',
                                                                 '"wicket*" 1.0'))
    themes, diags = load(tmp_path)
    assert themes == ()
    (d,) = diags
    assert d.severity == "error" and d.line == 10 and "bad TOML" in d.message


def test_non_numeric_weight_and_bad_regex_skip_only_that_cue(tmp_path) -> None:
    text = GOOD.replace('"wicket*" = 1.0', '"wicket*" = "high"').replace(
        "'\\bworld\\s+cup\\b' = {", "'(world cup' = {")
    write(tmp_path / "content" / "themes", "x.md", text)
    themes, diags = load(tmp_path)
    assert [c.pattern for c in themes[0].cues] == ["cricket", "election"]
    got = {(d.line, d.severity, d.message.split(":")[0]) for d in diags}
    assert (10, "error", "weight of cue 'wicket*' is not a number ('high')") in got
    assert (14, "error", "invalid regular expression '(world cup'") in got


def test_unknown_key_did_you_mean(tmp_path) -> None:
    write(tmp_path / "content" / "themes", "x.md", GOOD.replace("threshold", "treshold"))
    themes, diags = load(tmp_path)
    assert len(themes) == 1
    assert "content/themes/x.md:6: warning: unknown front-matter key 'treshold' (ignored) — " \
           "did you mean 'threshold'?" in messages(diags)


def test_slug_must_be_url_safe(tmp_path) -> None:
    write(tmp_path / "content" / "themes", "Russia Tilt.md", GOOD)
    themes, diags = load(tmp_path)
    assert themes == ()
    assert diags[0].severity == "error" and "rename it to russia-tilt.md" in diags[0].fix


def test_no_front_matter_and_unclosed(tmp_path) -> None:
    folder = tmp_path / "content" / "themes"
    write(folder, "a.md", "Just text.\n")
    write(folder, "b.md", "+++\ntitle = 'B'\n")
    themes, diags = load(tmp_path)
    assert themes == ()
    assert [(d.path, d.line, d.severity) for d in diags] == [
        ("content/themes/a.md", 1, "error"), ("content/themes/b.md", 1, "error")]


def test_anchor_must_be_a_cue_and_drafts_are_ignored(tmp_path) -> None:
    folder = tmp_path / "content" / "themes"
    write(folder, "x.md", GOOD.replace("threshold = 2.0",
                                       'threshold = 2.0\nanchors = ["crickett"]'))
    write(folder, "_draft.md", "not a theme")
    themes, diags = load(tmp_path)
    assert [t.slug for t in themes] == ["x"]
    assert any("anchor 'crickett' is not one of the theme's cues" in d.message
               and d.fix == "did you mean 'cricket'?" and d.line == 7 for d in diags)


def test_order_entries_are_checked_against_the_corpus(tmp_path) -> None:
    write(tmp_path / "content" / "themes", "x.md",
          GOOD.replace("threshold = 2.0", 'threshold = 2.0\norder = ["d#p-aaaaab"]'))
    themes, diags = load(tmp_path)
    assert not diags
    doc = Document("d", "seeds/d.txt", DocMeta(), (Block("paragraph", "x", "seeds/d.txt", 1, 1,
                                                         id="p-aaaaaa"),))
    (d,) = check_theme_order(themes, Corpus((doc,)))
    assert "order entry 'd#p-aaaaab'" in d.message and d.fix == "did you mean 'd#p-aaaaaa'?"


def test_line_of_finds_each_key_in_its_own_table() -> None:
    from dossier.documentary.themes import _FrontMatter, _line_of

    fm = _FrontMatter('title = "T"\n[cues]\n"peace" = 1\ntitle = 2\n\n[regex_cues]\n'
                      "'pe+ace' = 1\n\"peace\" = 3\n", first_line=2, body="")
    assert _line_of(fm, "title") == 2  # the top-level key, not the cue of the same name
    assert _line_of(fm, "title", "cues") == 5
    assert _line_of(fm, "peace", "cues") == 4
    assert _line_of(fm, "peace", "regex_cues") == 9
    assert _line_of(fm, "pe+ace", "regex_cues") == 8
    assert _line_of(fm, "missing", "regex_cues") == 7  # the table's header line
    assert _line_of(fm, "missing") == 2  # no table: the front matter's first line
