"""dossier.build.validate: what the pages need of the model is checked before any page is
made, each problem named at its source (file and line) with its fix."""

from __future__ import annotations

from dossier.build.validate import validate_corpus, validate_documentary
from dossier.model import (
    Assignment,
    Block,
    Corpus,
    DocMeta,
    Document,
    Documentary,
    PassageRef,
    Theme,
)


def doc(slug: str, *ids: str, aliases: tuple[tuple[str, str], ...] = ()) -> Document:
    blocks = tuple(Block("paragraph", f"Text {i}.", f"seeds/{slug}.txt", n, n, id=i)
                   for n, i in enumerate(ids, 3))
    return Document(slug, f"seeds/{slug}.txt", DocMeta(aliases=aliases), blocks)


def messages(found) -> list[str]:
    return [f"{d.path}:{d.line}: {d.message}" for d in found]


def test_a_sound_corpus_passes() -> None:
    assert validate_corpus(Corpus((doc("a", "p-1", "p-2"), doc("b", "p-1")))) == []


def test_slugs_ids_and_aliases_are_checked_where_they_are_written() -> None:
    found = validate_corpus(Corpus((
        doc("a b", "p-1"),  # not a folder name
        doc("dup", "p-1", "content", "9x", "p-1"),  # reserved, invalid, twice
        doc("DUP", "p-1"),  # the same slug on a case-insensitive disk
        doc("c", "p-1", aliases=(("p-old", "p-gone"), ("p-1", "p-1"))),
    )))
    assert messages(found) == [
        "seeds/a b.txt:0: slug 'a b' cannot be a directory name",
        "seeds/dup.txt:4: passage id 'content' is reserved by the theme",
        "seeds/dup.txt:5: passage id '9x' is not a valid HTML id fragment",
        "seeds/dup.txt:6: passage id 'p-1' already used on line 3",
        "seeds/DUP.txt:0: slug 'DUP' is also used by seeds/dup.txt",
        "seeds/c.txt:0: alias 'p-old' points to unknown passage 'p-gone'",
        "seeds/c.txt:0: alias 'p-1' clashes with an existing or invalid id",
    ]
    assert all(d.severity == "error" and d.fix for d in found)


def test_the_documentary_layer_names_a_bad_slug_a_twin_and_a_missing_passage() -> None:
    def theme(slug: str, line: int) -> Theme:
        return Theme(slug, slug, "", "", "", (), f"content/themes/{slug}.md", line)

    corpus = Corpus((doc("a", "p-1"),))
    found = validate_documentary(Documentary(
        corpus, themes=(theme("ok", 1), theme("Ok", 1), theme("no/slash", 1)),
        assignments=(Assignment(PassageRef("a", "p-1"), "ok", 1.0, ()),
                     Assignment(PassageRef("a", "p-9"), "ok", 1.0, ()))))
    assert messages(found) == [
        "content/themes/Ok.md:1: theme slug 'Ok' is also defined at content/themes/ok.md:1",
        "content/themes/no/slash.md:1: theme slug 'no/slash' cannot be used in a link",
        "content:0: a theme is assigned to unknown passage 'a#p-9'",
    ]
