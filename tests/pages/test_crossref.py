"""dossier.pages.crossref: the related-documents index (the rest is covered through the pages)."""

from __future__ import annotations

from dossier.pages.crossref import related_index


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

