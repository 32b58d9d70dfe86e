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
