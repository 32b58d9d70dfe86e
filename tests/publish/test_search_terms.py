"""dossier.publish.search_terms.Tally: the vocabulary and the A–Z index taken one fragment at a
time, in any order, are what the whole list of fragments sorted by URL gives.

The reference below is the way they were computed before the tally (every fragment held,
every passage of every word listed), kept here to compare against."""

from __future__ import annotations

import math
import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.publish import search_terms as T

WORDS = ["kabul", "sanctions", "islamabad", "doha", "taliban", "the", "pakistan", "tilt",
         "moscow", "wheat", "ouster", "khan", "ISI", "corridor", "yuan"]
text = st.lists(st.sampled_from(WORDS), min_size=0, max_size=12).map(" ".join)
anchor = st.fixed_dictionaries({"element": st.sampled_from(["p", "p", "h2", "li"]),
                                "text": text})
fragment = st.fixed_dictionaries({
    "title": st.sampled_from(["", "Kabul falls", "Sanctions", "Ouster of Khan"]),
    "kind": st.sampled_from(["", "Document", "Theme"]),
    "section": st.sampled_from(["documents", "themes", "entities", "essays"]),
    "content": text,
    "anchors": st.lists(anchor, max_size=8),
})


def _fragments(drawn: list[dict]) -> list[dict]:
    out = []
    for i, d in enumerate(drawn):
        anchors = [{**a, "id": f"p-{i}-{j}"} for j, a in enumerate(d["anchors"])]
        out.append({"url": f"/{d['section']}/page-{i:03d}/index.html", "content": d["content"],
                    "meta": {"title": d["title"], "kind": d["kind"]}, "anchors": anchors})
    return out


def reference_vocabulary(fragments):
    counts = Counter()
    for f in fragments:
        text = f.get("content", "") + " " + f.get("meta", {}).get("title", "")
        counts.update(w for w in T.words(text) if len(w) >= T.MIN_TERM_LENGTH)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[:T.MAX_TERMS]]


def reference_key_terms(fragments, language):
    from wordfreq import word_frequency, zipf_frequency

    where, counts = {}, Counter()
    for f in sorted(fragments, key=lambda f: f["url"]):
        title, href = T.page_title(f), T.page_href(f["url"])
        for n, a in enumerate(T.passages(f), start=1):
            found = [w for w in T.words(a["text"]) if len(w) >= T.MIN_KEY_TERM_LENGTH]
            counts.update(found)
            link = T.Link(f"{title}, ¶{n}", f"{href}#{a['id']}")
            for word in sorted(set(found)):
                where.setdefault(word, []).append(link)
    total = sum(counts.values()) or 1

    def keyness(word):
        general = word_frequency(word, language, minimum=1e-8)
        return math.log(counts[word] / total / general) + math.log(len(where[word]))

    candidates = [w for w, links in where.items() if len(links) >= T.MIN_KEY_TERM_PASSAGES
                  and zipf_frequency(w, language) < T.COMMON_ZIPF]
    chosen = sorted(candidates, key=lambda w: (-keyness(w), w))[:T.MAX_KEY_TERMS]
    return [T.Entry(w, "Term", where[w][0].href, tuple(where[w][:T.LINKS_PER_TERM]),
                    max(0, len(where[w]) - T.LINKS_PER_TERM)) for w in chosen]


@settings(max_examples=60, deadline=None)
@given(st.lists(fragment, max_size=12), st.randoms(use_true_random=False))
def test_a_tally_in_any_order_gives_what_the_sorted_fragments_give(drawn, rnd: random.Random):
    fragments = _fragments(drawn)
    shuffled = list(fragments)
    rnd.shuffle(shuffled)
    tally = T.Tally.of(shuffled)
    assert tally.vocabulary() == reference_vocabulary(fragments)
    assert tally.key_terms("en") == reference_key_terms(fragments, "en")
    assert tally.az_index("en") == T.Tally.of(fragments).az_index("en")
    pages = sorted((T.page_title(f), T.page_kind(f), T.page_href(f["url"]))
                   for f in fragments)
    listed = sorted((e.term, e.kind, e.href) for letter in tally.az_index("en")
                    for e in letter.entries if e.kind != "Term")
    assert listed == pages


def test_a_word_in_many_passages_keeps_its_first_links_by_url():
    fragments = _fragments([{"title": "T", "kind": "", "section": "documents",
                             "content": "", "anchors": [{"element": "p", "text": "corridor"}]}
                            for _ in range(T.LINKS_PER_TERM + 4)])
    tally = T.Tally.of(reversed(fragments))
    (entry,) = [e for e in tally.key_terms("en") if e.term == "corridor"]
    assert [link.href for link in entry.links] == [
        f"documents/page-{i:03d}/index.html#p-{i}-0" for i in range(T.LINKS_PER_TERM)]
    assert entry.more == 4
