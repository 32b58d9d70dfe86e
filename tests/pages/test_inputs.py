"""The inputs of each page task (dossier.pages.inputs): a task's key changes with what its
pages show, and only with that, so an edit elsewhere leaves it alone and an edit it shows
never does."""

from __future__ import annotations

from dataclasses import replace

from dossier.model import Documentary, Entity
from dossier.pages.crossref import Facts
from dossier.pages.inputs import digests, document_inputs, entity_inputs, theme_inputs
from dossier.util.cache import value_bytes
from tests.pages.test_documentary_pages import make_documentary, para


def keys(dossier: Documentary) -> dict[str, bytes]:
    """Every task's inputs, as the bytes the build digests, and the registry's digest."""
    facts = Facts(dossier)
    dg = digests(facts)
    out = {"registry": dg.registry.encode()}
    for slug in facts.themes:
        out[f"theme:{slug}"] = value_bytes(theme_inputs(facts, dg, slug)[1])
    for eid in facts.entities:
        out[f"entity:{eid}"] = value_bytes(entity_inputs(facts, dg, eid)[1])
    for doc in facts.documents:
        out[f"document:{doc.slug}"] = value_bytes(document_inputs(facts, dg, doc))
    return out


def changed(before: Documentary, after: Documentary) -> set[str]:
    a, b = keys(before), keys(after)
    assert sorted(a) == sorted(b)
    return {name for name in a if a[name] != b[name]}


def with_document(dossier: Documentary, slug: str, **changes) -> Documentary:
    docs = tuple(replace(d, **changes) if d.slug == slug else d
                 for d in dossier.corpus.documents)
    return replace(dossier, corpus=replace(dossier.corpus, documents=docs))


def test_the_same_model_gives_the_same_keys() -> None:
    assert changed(make_documentary(), make_documentary()) == set()


def test_a_passage_no_theme_or_entity_shows_changes_only_its_document() -> None:
    base = make_documentary()
    doc_b = base.corpus.documents[1]
    added = para("q-3", "A closing remark, about nothing in particular.", doc_b.source, 3)
    after = with_document(base, "doc-b", blocks=doc_b.blocks + (added,))
    assert changed(base, after) == {"document:doc-b"}


def test_a_quoted_passage_changes_its_themes_and_its_document_only() -> None:
    base = make_documentary()
    doc_b = base.corpus.documents[1]
    blocks = tuple(replace(b, text="A paragraph about sanctions, edited.") if b.id == "q-2"
                   else b for b in doc_b.blocks)
    # q-2 is in "sanctions" only, and names no entity
    assert changed(base, with_document(base, "doc-b", blocks=blocks)) == {
        "theme:sanctions", "document:doc-b"}


def test_a_new_title_reaches_every_page_that_shows_the_document() -> None:
    base = make_documentary()
    doc_a = base.corpus.documents[0]
    after = with_document(base, "doc-a", meta=replace(doc_a.meta, title="Alpha, retitled"))
    # its passages are quoted by every theme it is in and every entity it names, and the
    # other document lists it as related
    assert changed(base, after) == {
        "theme:russia", "theme:sanctions", "entity:imran-khan", "entity:putin",
        "entity:moscow", "document:doc-a", "document:doc-b"}


def test_a_new_mention_reaches_the_entity_and_what_counts_it() -> None:
    base = make_documentary()
    m = next(m for m in base.mentions if m.entity == "moscow" and m.ref.passage == "p-2")
    after = replace(base, mentions=tuple(x for x in base.mentions if x is not m))
    got = changed(base, after)
    assert {"entity:moscow", "document:doc-a"} <= got
    assert "document:doc-b" not in got  # it shows neither the passage nor the count


def test_the_registry_changes_with_a_renamed_entity() -> None:
    base = make_documentary()
    entities = tuple(replace(e, name="Imran Ahmed Khan") if e.id == "imran-khan" else e
                     for e in base.entities)
    assert "registry" in changed(base, replace(base, entities=entities))
    assert isinstance(entities[0], Entity)


def test_a_quote_keeps_its_key_when_another_passage_changes() -> None:
    base = make_documentary()
    doc_a = base.corpus.documents[0]
    blocks = tuple(replace(b, text="Sanctions followed; Washington and Moscow argued again.")
                   if b.id == "p-2" else b for b in doc_a.blocks)
    after = with_document(base, "doc-a", blocks=blocks)
    before_q = theme_inputs(Facts(base), digests(Facts(base)), "russia")[2]
    after_q = theme_inputs(Facts(after), digests(Facts(after)), "russia")[2]
    assert sorted(before_q) == sorted(after_q)
    assert {k for k in before_q if before_q[k] != after_q[k]} == {"doc-a#p-2"}


def with_reasons(dossier: Documentary, key: str, theme: str, *reasons: str,
                 score: float | None = None) -> Documentary:
    """``dossier`` with the reasons (and score) of one assignment replaced."""
    def edit(a):
        if a.ref.key != key or a.theme != theme:
            return a
        return replace(a, reasons=reasons, score=a.score if score is None else score)
    return replace(dossier, assignments=tuple(edit(a) for a in dossier.assignments))


def test_a_count_in_a_reason_changes_only_the_document_that_shows_it() -> None:
    # Adding a passage to a document changes "context: 2 of 3 passages" in the reasons of
    # its other passages, and perhaps their scores: the theme page tells neither (only "the
    # article is about ..."), the entity pages show no reason; the report and the
    # document's page (its data) do.
    base = with_reasons(make_documentary(), "doc-a#p-1", "russia", "cue 'moscow' +1",
                        "context: 2 of 3 passages of this document are about Russia tilt")
    after = with_reasons(base, "doc-a#p-1", "russia", "cue 'moscow' +1",
                         "context: 2 of 4 passages of this document are about Russia tilt",
                         score=7.5)
    assert changed(base, after) == {"document:doc-a"}


def test_a_reason_a_reader_is_told_changes_the_theme() -> None:
    base = make_documentary()
    for reason in ("context: 2 of 3 passages of this section are about Russia tilt",
                   "context: anchor 'kremlin' in the previous passage",
                   "heading cue 'moscow' +1", "curation: content/curation.toml:9 (a note)",
                   "mentions 'Moscow' ×1 +1", "model: 0.7 from 'moscow' +0.4"):
        after = with_reasons(base, "doc-a#p-1", "russia", "cue 'moscow' +1", reason)
        assert "theme:russia" in changed(base, after), reason
    # what is shown of the curation note is its text in brackets
    after = with_reasons(base, "doc-a#p-3", "russia", "curation: content/curation.toml:3 (short)")
    assert changed(base, after) == {"theme:russia", "document:doc-a"}


def test_a_theme_assignment_does_not_reach_the_entity_snippets() -> None:
    # q-1 names Khan, Putin and Moscow; a new reason for its theme shows on the theme page
    # and the document's, not on the entity pages (their snippets show mentions only)
    base = make_documentary()
    after = with_reasons(base, "doc-b#q-1", "russia", "heading cue 'moscow' +1")
    assert changed(base, after) == {"theme:russia", "document:doc-b"}
