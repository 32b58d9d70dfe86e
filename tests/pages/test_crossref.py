"""dossier.pages.crossref: the related-documents index (the rest is covered through the pages)."""

from __future__ import annotations

import random

from dossier.model import (
    Block,
    Corpus,
    DocMeta,
    Document,
    Documentary,
    Entity,
    Mention,
    PassageRef,
)
from dossier.pages.crossref import Facts, related_index
from dossier.urls import sort_refs


def brute_force(order, themes, entities, limit):
    rank = {s: i for i, s in enumerate(order)}
    out = {}
    for s in order:
        scored = []
        for o in order:
            if o == s:
                continue
            t = len(themes.get(s, set()) & themes.get(o, set()))
            e = len(entities.get(s, set()) & entities.get(o, set()))
            if t or e:
                scored.append((-t, -e, rank[o], o, t, e))
        out[s] = [(o, t, e) for *_, o, t, e in sorted(scored)[:limit]]
    return out


def test_small_corpus_equals_brute_force():
    order = ["a", "b", "c", "d", "e"]
    themes = {"a": {"x", "y"}, "b": {"x"}, "c": {"y", "z"}, "d": set(), "e": {"x", "y"}}
    entities = {"a": {"p"}, "b": {"p", "q"}, "c": set(), "d": {"q"}, "e": set()}
    assert related_index(order, themes, entities, 10) == brute_force(order, themes, entities, 10)
    assert related_index(order, themes, entities, 2) == brute_force(order, themes, entities, 2)


def test_limit_self_and_unrelated():
    order = [f"d{i:03d}" for i in range(50)]
    themes = {s: {"common"} for s in order}
    entities = {s: set() for s in order}
    entities["d010"] = {"rare"}
    entities["d040"] = {"rare"}
    themes["d049"] = set()  # shares nothing with anyone
    rel = related_index(order, themes, entities, 5)
    assert all(len(v) <= 5 for v in rel.values())
    assert all(s not in [o for o, _, _ in v] for s, v in rel.items())
    assert rel["d049"] == []
    # the rare shared entity ranks first, then reading order
    assert rel["d010"][0] == ("d040", 1, 1)
    assert [o for o, _, _ in rel["d010"][1:]] == ["d000", "d001", "d002", "d003"]


def test_large_corpus_finds_distinctive_pairs():
    """Past the common-feature cap, a feature every document shares no longer makes every
    document a candidate, but a distinctive shared entity still finds its pair."""
    order = [f"d{i:04d}" for i in range(1500)]
    themes = {s: {"t1", "t2"} for s in order}
    entities = {s: {"pakistan", f"solo-{s}"} for s in order}
    entities["d0700"].add("pair")
    entities["d1400"].add("pair")
    rel = related_index(order, themes, entities, 10)
    assert rel["d0700"][0] == ("d1400", 2, 2)
    assert rel["d1400"][0] == ("d0700", 2, 2)
    # every document still gets related documents through the common features
    assert all(len(v) == 10 for v in rel.values())



def test_entity_passages_are_in_reading_order_unknown_last():
    """Each passage once, documents in site order, passages in text order, whatever the
    order of the mentions; a mention of a passage the corpus lacks comes last."""
    def doc(slug: str, source: str, n: int) -> Document:
        return Document(slug, source, DocMeta(), tuple(
            Block("paragraph", f"Pakistan {i}.", source, i, i, id=f"p-{slug}{i:04d}")
            for i in range(n)))

    docs = (doc("b", "seeds/1.txt", 6), doc("a", "seeds/2.txt", 5))
    entity = Entity("pakistan", "Pakistan", "place", ("Pakistan",), "", "content/entities.toml", 1)
    rng = random.Random(7)
    for unknown in (False, True):
        refs = [PassageRef(d.slug, b.id) for d in docs for b in d.blocks for _ in range(2)]
        if unknown:
            refs.append(PassageRef("a", "p-zzzzzz"))
        rng.shuffle(refs)
        mentions = tuple(Mention("pakistan", r, 0, 8, "Pakistan") for r in refs)
        facts = Facts(Documentary(Corpus(docs), entities=(entity,), mentions=mentions))
        got = facts.entity_passages["pakistan"]
        assert got == sort_refs((r.key for r in refs), facts.passages, facts.doc_order)
        assert got[:2] == ["b#p-b0000", "b#p-b0001"] and len(got) == 11 + unknown
        assert (got[-1] == "a#p-zzzzzz") == unknown


def test_mentions_at_a_passage_are_those_of_the_documentary_in_text_order():
    """Facts.mentions_at: one passage's mentions in text order, text before photo credit,
    then by offset and entity."""
    block = Block("caption", "Khan and Pakistan.", "seeds/1.txt", 1, 1, credit="Photo: Khan",
                  id="p-cap001")
    docs = (Document("a", "seeds/1.txt", DocMeta(), (block,)),)
    ref = PassageRef("a", "p-cap001")
    mentions = tuple(Mention(e, ref, s, s + 4, "x", part)
                     for e, s, part in (("khan", 7, "credit"), ("pakistan", 9, "text"),
                                        ("khan", 0, "text"), ("imran", 0, "text")))
    dossier = Documentary(Corpus(docs), mentions=mentions)
    facts = Facts(dossier)
    got = facts.mentions_at("a#p-cap001")
    assert [(m.part, m.start, m.entity) for m in got] == [
        ("text", 0, "imran"), ("text", 0, "khan"), ("text", 9, "pakistan"), ("credit", 7, "khan")]
    assert facts.mentions_at("a#p-nope00") == ()
