from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from dossier.build.validate import RESERVED_IDS
from dossier.ingest.corpus import clean_text
from dossier.ingest.decode import decode
from dossier.ingest.ids import ID_SHAPE, PREFIX, assign_ids, passage_id
from dossier.model import Block

ROOT = Path(__file__).resolve().parents[2]


def para(text: str) -> Block:
    return Block("paragraph", text, "x", 1, 1)


def test_id_depends_on_words_only() -> None:
    assert passage_id("paragraph", "It’s   a “test”.") == passage_id("paragraph", "it's a test")
    assert passage_id("paragraph", "a test") != passage_id("paragraph", "another test")
    assert passage_id("caption", "x").startswith("fig-")


@given(st.sampled_from(sorted(PREFIX)), st.lists(st.text(max_size=40), max_size=6))
def test_every_id_has_the_shape_essay_links_are_checked_by(kind: str, texts: list[str]) -> None:
    """ID_SHAPE (an essay's plain link naming a passage id is checked by it) fits every id
    the scheme gives, duplicates' suffixes included, and not the pages' own ids."""
    blocks = tuple(replace(para(t), kind=kind) for t in texts + texts[:2])
    assert all(ID_SHAPE.fullmatch(b.id) for b in assign_ids(blocks) if b.id)
    assert not any(ID_SHAPE.fullmatch(i) for i in RESERVED_IDS)


def test_duplicates_get_suffixes_in_order() -> None:
    ids = [b.id for b in assign_ids((para("same"), para("other"), para("same")))]
    assert ids[2] == ids[0] + "-2" and ids[1] != ids[0]


def test_ids_survive_edits_elsewhere_in_the_document() -> None:
    path = next((ROOT / "seeds").glob("004_*.txt"))
    text = decode(path.read_bytes(), path.name).text
    before = {b.text: b.id for b in clean_text(text, path.name).blocks if b.id}
    edited = text.replace("Conclusion\n", "Conclusion\n\nAn editor added this paragraph.\n", 1)
    edited = edited.replace("Redefining the Relations\n",
                            "A new paragraph, inserted by an editor, ends here.\n\n"
                            "Redefining the Relations\n", 1)
    after = {b.text: b.id for b in clean_text(edited, path.name).blocks if b.id}
    for text_, pid in before.items():
        assert after[text_] == pid
    assert len(after) == len(before) + 2


def test_every_citable_seed_block_has_a_unique_id() -> None:
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        blocks = clean_text(decode(path.read_bytes(), path.name).text, path.name).blocks
        ids = [b.id for b in blocks if b.id]
        assert len(ids) == len(set(ids))
        assert all(b.id for b in blocks if b.kind in ("paragraph", "list_item", "caption",
                                                     "footnote", "reference"))


def test_passages_are_numbered_in_reading_order() -> None:
    """``Block.number``: 1..n over the citable blocks, by the page's section order, then the
    text's; blocks without an id get none."""
    blocks = (replace(para("body one"), section="body"),
              Block("heading", "A heading", "x", 2, 2),
              replace(para("a note"), kind="footnote", section="footnotes"),
              replace(para("the standfirst"), section="standfirst"),
              replace(para("body two"), section="body"))
    out = assign_ids(blocks)
    assert [b.number for b in out] == [2, 0, 4, 1, 3]


def test_seed_passage_numbers_run_one_to_n() -> None:
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = decode(path.read_bytes(), path.name).text
        numbers = sorted(b.number for b in clean_text(text, path.name).blocks if b.id)
        assert numbers == list(range(1, len(numbers) + 1)), path.name
