"""dossier.ingest.structure and its rules: each rule fires on its case and not on a near miss."""

from __future__ import annotations

from dossier.ingest import body_rules as rules
from dossier.ingest.front_matter import Authors, Deck, Title
from dossier.ingest.segment import Unit
from dossier.ingest.structure import BODY, FRONT_MATTER, body_rules, structure
from dossier.ingest.structure_base import State, norm, split_credit

LONG = "This abstract says a great deal about the study, its methods and what it found there."
CAPTION = "Soldiers stand at the border crossing (Jane Doe/Reuters)"


def units(*texts: str, bullets: tuple[int, ...] = ()) -> list[Unit]:
    return [Unit(t, n + 1, n + 1, bullet=n in bullets) for n, t in enumerate(texts)]


def front(*texts: str, **kw) -> State:
    return State(units(*texts), "seeds/x.txt", **kw)


def current(text: str, *rest: str, bullet: bool = False, **kw) -> State:
    """A state looking at ``text`` in the body (``rest`` are the units after it)."""
    st = State(units(text, *rest, bullets=(0,) if bullet else ()), "seeds/x.txt", **kw)
    st.read()
    return st


def kinds(texts: list[str], bullets: tuple[int, ...] = ()) -> list[tuple[str, str]]:
    blocks, _, _ = structure(units(*texts, bullets=bullets), "seeds/x.txt")
    return [(b.kind, b.text) for b in blocks]


# --------------------------------------------------------------------------- registry


def test_rules_are_tried_in_the_order_of_the_old_ladder() -> None:
    assert FRONT_MATTER.names() == ["title", "authors", "deck"]
    assert BODY.names() == [
        "reference_entry", "comment", "keywords", "affiliation", "abstract_label",
        "abstract_heading", "footnote", "bio", "list_item", "list_end", "doubled_caption",
        "caption_copy", "caption", "caption_end", "heading", "comments_heading", "paragraph",
    ]


def test_every_rule_says_what_it_recognises() -> None:
    for rule in [*FRONT_MATTER, *BODY]:
        assert (type(rule).__doc__ or "").strip(), type(rule).__name__


def test_a_rule_can_be_taken_out() -> None:
    body = body_rules()
    body.deregister("bio")
    blocks, _, _ = structure(units("A Title", "* Jane Doe is a writer."), "x", body=body)
    assert [b.kind for b in blocks] == ["title", "paragraph"]


# --------------------------------------------------------------------------- front matter


def test_title_is_a_short_first_unit() -> None:
    assert Title().test(front("Pakistan After the Withdrawal", "Body."))
    assert not Title().test(front("This first unit is a sentence.", "Body."))
    assert not Title().test(front("Abstract of the study", "Body."))
    assert not Title().test(front(CAPTION))
    st = front("A Title")
    st.read()
    assert not Title().test(st)  # only the first unit


def test_authors_follow_the_title() -> None:
    st = front("A Title", "By Jane Doe and John Smith", "Body.")
    Title().run(st)
    assert Authors().test(st)
    Authors().run(st)
    assert st.author_names == ["Jane Doe", "John Smith"]
    assert [b.kind for b in st.blocks] == ["title", "authors"]
    near = front("A Title", "Jane went home early", "Body.")
    Title().run(near)
    assert not Authors().test(near)
    assert not Authors().test(front("By Jane Doe", "Body."))  # no title before it


def test_deck_and_the_standfirst_before_it() -> None:
    st = front("A Title", "A full first paragraph.", "A short deck line", "Body.")
    Title().run(st)
    assert Deck().test(st)
    Deck().run(st)
    assert [(b.kind, b.section) for b in st.blocks] == [
        ("title", "front"), ("paragraph", "standfirst"), ("deck", "front")]
    assert st.i == 3
    near = front("A Title", "Introduction", "A short line")
    Title().run(near)
    assert not Deck().test(near)  # a section heading ends the search


# --------------------------------------------------------------------------- body rules


def test_reference_entry_collects_units_until_a_footnote() -> None:
    st = current("Doe, J. A Book. 2001.", section="references")
    assert rules.ReferenceEntry().test(st) and rules.ReferenceEntry().run(st)
    assert st.ref_units == [st.unit]
    note = current("¹ A note.", section="references")
    assert not rules.ReferenceEntry().run(note)  # passed on to the footnote rule
    assert note.section == "footnotes"
    assert not rules.ReferenceEntry().test(current("Doe, J. A Book. 2001."))


def test_comment_only_under_comments() -> None:
    assert rules.Comment().test(current("Great piece!", section="comments"))
    assert not rules.Comment().test(current("Great piece!", section="body"))


def test_keywords_before_the_body() -> None:
    assert rules.Keywords().test(current("Keywords: Pakistan, trade"))
    assert rules.Keywords().test(current("Index terms — Pakistan"))
    assert not rules.Keywords().test(current("Keywords: Pakistan, trade", body_started=True))
    assert not rules.Keywords().test(current("Key ideas of the paper"))


def test_affiliation_starts_with_an_author() -> None:
    assert rules.Affiliation().test(
        current("Dr. Jane Doe, University of Lahore", author_names=["Jane Doe"]))
    assert not rules.Affiliation().test(
        current("Jane Doe wrote this", author_names=["Jane Doe"]))
    assert not rules.Affiliation().test(current("Jane Doe, University of Lahore"))


def test_abstract_label() -> None:
    st = current(f"Abstract: {LONG}")
    assert rules.AbstractLabel().test(st)
    rules.AbstractLabel().run(st)
    assert (st.blocks[0].kind, st.blocks[0].text, st.blocks[0].section) == (
        "paragraph", LONG, "abstract")
    assert st.removals[0].text == "Abstract"
    assert not rules.AbstractLabel().test(current("Abstract: too short."))
    assert not rules.AbstractLabel().test(current(f"Abstract: {LONG}", body_started=True))


def test_abstract_heading_takes_the_paragraphs_under_it() -> None:
    st = current("Abstract", "First.", "Second.", "Introduction", "Body.")
    assert rules.AbstractHeading().test(st)
    rules.AbstractHeading().run(st)
    assert [(b.text, b.section) for b in st.blocks] == [
        ("First.", "abstract"), ("Second.", "abstract")]
    assert st.i == 3
    assert not rules.AbstractHeading().test(current("Abstracts"))


def test_footnote() -> None:
    st = current("² The source.")
    assert rules.Footnote().test(st)
    rules.Footnote().run(st)
    assert (st.blocks[0].kind, st.blocks[0].label, st.blocks[0].text) == (
        "footnote", "2", "The source.")
    assert st.section == "footnotes"
    assert not rules.Footnote().test(current("²"))
    assert not rules.Footnote().test(current("² The source.", section="comments"))


def test_bio() -> None:
    assert rules.Bio().test(current("* Jane Doe is a writer in Lahore."))
    assert not rules.Bio().test(current("* Jane went home."))


def test_list_items_in_a_row_share_a_group() -> None:
    st = current("- one", bullet=True)
    assert rules.ListItem().test(st)
    assert not rules.ListItem().test(current("- one"))
    blocks = kinds(["A Title", "- one", "- two", "Between.", "- three"], bullets=(1, 2, 4))
    assert blocks[1:3] == [("list_item", "one"), ("list_item", "two")]
    out, _, _ = structure(units("A Title", "- one", "- two", "Between.", "- three",
                                bullets=(1, 2, 4)), "x")
    assert [b.group for b in out if b.kind == "list_item"] == [1, 1, 2]


def test_list_end_only_for_units_that_reach_it() -> None:
    st = current("Anything.", last_was_item=True)
    assert rules.ListEnd().test(st) and not rules.ListEnd().run(st)
    assert st.last_was_item is False
    # a footnote is taken before the list rules: the list goes on after it
    out, _, _ = structure(units("A Title", "- one", "¹ A note.", "- two", bullets=(1, 3)), "x")
    assert [b.group for b in out if b.kind == "list_item"] == [1, 1]


def test_doubled_caption_keeps_one_copy() -> None:
    st = current(f"{CAPTION} {CAPTION}")
    assert rules.DoubledCaption().test(st)
    assert not rules.DoubledCaption().run(st)
    assert st.text == CAPTION
    assert st.removals[0].reason == "caption written twice"
    plain = "A sentence written here twice. " * 2
    assert not rules.DoubledCaption().test(current(plain))


def test_caption_copy_after_a_caption() -> None:
    cap = current(CAPTION)
    rules.Caption().run(cap)
    assert cap.last_caption is not None
    for copy in ("(Jane Doe/Reuters)", "Soldiers stand at the border crossing", CAPTION):
        assert rules.CaptionCopy().test(current(copy, last_caption=cap.last_caption))
    assert not rules.CaptionCopy().test(current("Soldiers stand", last_caption=cap.last_caption))
    assert not rules.CaptionCopy().test(current(CAPTION))


def test_caption_keeps_its_credit_apart() -> None:
    st = current(CAPTION)
    assert rules.Caption().test(st)
    rules.Caption().run(st)
    assert (st.blocks[0].text, st.blocks[0].credit) == (
        "Soldiers stand at the border crossing", "(Jane Doe/Reuters)")
    assert rules.Caption().test(current("A march in Lahore (photo credit: AP)"))
    assert not rules.Caption().test(current("(photo credit: AP)"))
    assert not rules.Caption().test(current("A march in Lahore (see below)"))


def test_caption_end_forgets_the_caption() -> None:
    cap = current(CAPTION)
    rules.Caption().run(cap)
    st = current("Body.", last_caption=cap.last_caption)
    assert rules.CaptionEnd().test(st) and not rules.CaptionEnd().run(st)
    assert st.last_caption is None


def test_heading_and_the_sections_it_opens() -> None:
    assert rules.Heading().test(current("The Way Forward"))
    assert not rules.Heading().test(current("the way forward"))
    assert not rules.Heading().test(current("The way forward is clear."))
    for text, section in (("References", "references"), ("About the Author", "bio"),
                          ("3 Comments", "comments"), ("Conclusion", "body")):
        st = current(text)
        rules.Heading().run(st)
        assert (st.section, st.blocks[0].kind) == (section, "heading")


def test_comments_heading_even_in_lower_case() -> None:
    st = current("leave a reply")
    assert rules.CommentsHeading().test(st)
    rules.CommentsHeading().run(st)
    assert st.section == "comments"
    assert not rules.CommentsHeading().test(current("leave a message"))


def test_paragraph_takes_anything_else() -> None:
    st = current("just some words")
    assert rules.Paragraph().test(st) and rules.Paragraph().run(st)
    assert (st.blocks[0].kind, st.body_started) == ("paragraph", True)
    bio = current("She lives in Lahore.", section="bio")
    rules.Paragraph().run(bio)
    assert bio.blocks[0].kind == "bio"


# --------------------------------------------------------------------------- the whole stage


def test_structure_end_to_end() -> None:
    blocks, removals, _ = structure(units(
        "A Title", "By Jane Doe", "The body starts here.", "References",
        "Doe, J. (2001). A Book.", "Doe, J. (2001). A Book."), "seeds/x.txt")
    assert [(b.kind, b.section) for b in blocks] == [
        ("title", "front"), ("authors", "front"), ("paragraph", "body"),
        ("heading", "references"), ("reference", "references")]
    assert [r.reason.split(" (")[0] for r in removals] == ["duplicate reference entry"]
    note = dict(blocks[-1].fields)["note"]
    assert note == "listed 2 times in the source (lines 5 and 6); shown once"


def test_a_reference_copying_a_footnote_is_folded_into_it() -> None:
    note = "The full text of the source that the note cites here."
    blocks, removals, _ = structure(units(
        "A Title", "Body text.", f"¹ {note}", "References", f"{note} https://example.org/x"),
        "x")
    assert [(b.kind, b.text) for b in blocks if b.kind in ("footnote", "reference")] == [
        ("footnote", f"{note} https://example.org/x")]
    assert "copy of footnote 1" in removals[-1].reason


def test_helpers() -> None:
    assert split_credit("(credit: AP)") is None
    assert norm("It's — the SAME!") == "it s the same"
