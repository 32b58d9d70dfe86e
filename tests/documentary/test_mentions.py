"""Mentions beyond the running text, and who gets a page: photo credits name their
photographers; Washington the city is told from Washington the government; an entity no
passage mentions keeps its gazetteer entry but gets no page; projects and agreements are
found like any other entity. Sentences are our own, not the seeds'."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dossier.documentary.assemble import build_documentary, drop_unlisted, listed
from dossier.documentary.gazetteer import display_aliases, find_mentions, load_entities
from dossier.ingest.corpus import build_corpus
from dossier.model import Block, Corpus, DocMeta, Document, Entity, Event, PassageRef
from tests.support import REPO_ROOT

GAZETTEER = REPO_ROOT / "content" / "entities.toml"


@pytest.fixture(scope="module")
def gazetteer() -> tuple[Entity, ...]:
    entities, diags = load_entities(GAZETTEER, REPO_ROOT)
    assert not diags, "\n".join(map(str, diags))
    return entities


def doc_of(*blocks: Block, slug: str = "doc") -> Corpus:
    return Corpus((Document(slug=slug, source="seeds/t.txt", meta=DocMeta(),
                            blocks=tuple(blocks)),))


def para(text: str, n: int = 0) -> Block:
    return Block("paragraph", text, "seeds/t.txt", n + 1, n + 1, id=f"p-{n}")


def entity(eid: str, name: str, kind: str = "person", **kw) -> Entity:
    return Entity(eid, name, kind, kw.pop("aliases", ()), "d", "content/entities.toml", 1,
                  **kw)  # type: ignore[arg-type]


# --- photo credits ------------------------------------------------------------------

def test_a_photo_credit_is_a_mention_of_the_photographer_and_agency() -> None:
    ents = (entity("jane-roe", "Jane Roe"), entity("ap", "Associated Press", "organisation",
                                                    aliases=("AP",)),
            entity("lahore", "Lahore", "place"))
    cap = Block("caption", "A market in Lahore at dawn.", "seeds/t.txt", 1, 1, id="fig-1",
                credit="(photo credit: JANE ROE/AP)")
    ms = find_mentions(doc_of(cap), ents)
    assert [(m.entity, m.part, m.text) for m in ms] == [
        ("lahore", "text", "Lahore"), ("jane-roe", "credit", "JANE ROE"),
        ("ap", "credit", "AP")]
    credit = [m for m in ms if m.part == "credit"]
    assert all(cap.credit[m.start:m.end] == m.text for m in credit)


def test_a_credit_resolves_no_short_form_and_decides_none() -> None:
    ents = (entity("jane-roe", "Jane Roe", short_forms=("Roe",)),
            entity("tom-roe", "Tom Roe", short_forms=("Roe",), default_for=("Roe",)))
    cap = Block("caption", "Roe at the border.", "seeds/t.txt", 1, 1, id="fig-1",
                credit="(Jane Roe/Reuters)")
    ms = find_mentions(doc_of(cap), ents)
    # "Roe" in the caption is not settled by the credit's full name: the default decides
    assert [(m.entity, m.part) for m in ms] == [("tom-roe", "text"), ("jane-roe", "credit")]


def test_the_seed_photographers_are_found_in_credits(gazetteer) -> None:
    cap = Block("caption", "Supporters at a rally.", "seeds/t.txt", 1, 1, id="fig-1",
                credit="(credit: REUTERS/AKHTAR SOOMRO)")
    ms = find_mentions(doc_of(cap), gazetteer)
    assert {(m.entity, m.part) for m in ms} == {("reuters", "credit"),
                                                ("akhtar-soomro", "credit")}


# --- Washington ---------------------------------------------------------------------

CITY = [
    "Trade ministers from both sides will meet in Washington next month.",
    "Her team flew to Washington on Tuesday to brief Congress.",
    "A Washington-based think tank published the survey.",
    "The embassy in Washington, D.C. issued a statement.",
    "The general visited Washington twice that year.",
    "Talks opened at Washington after a delay.",
    "She works for a consultancy based in Washington DC.",
]
GOVERNMENT = [
    "Washington has repeatedly used sanctions to punish Islamabad.",
    "Islamabad resented Washington's approach to the Taliban.",
    "In Washington's view, the aid had bought little.",
    "Pakistan sought closer ties with Washington and Beijing alike.",
    "Washington imposed new export controls in May.",
    "Relations between Islamabad and Washington hit a record low.",
]


@pytest.mark.parametrize("sentence", CITY)
def test_washington_as_a_place_is_the_city(gazetteer, sentence: str) -> None:
    ids = [m.entity for m in find_mentions(doc_of(para(sentence)), gazetteer)
           if "Washington" in m.text]
    assert ids == ["washington-dc"], sentence


@pytest.mark.parametrize("sentence", GOVERNMENT)
def test_washington_acting_is_the_united_states(gazetteer, sentence: str) -> None:
    ids = [m.entity for m in find_mentions(doc_of(para(sentence)), gazetteer)
           if "Washington" in m.text]
    assert ids == ["united-states"], sentence


def test_the_city_entity_is_a_place(gazetteer) -> None:
    city = next(e for e in gazetteer if e.id == "washington-dc")
    assert city.kind == "place"


# --- projects and agreements ---------------------------------------------------------

def test_projects_and_agreements_are_found(gazetteer) -> None:
    c = doc_of(
        para("Beijing pledged new loans for the China-Pakistan Economic Corridor (CPEC), part "
             "of its Belt and Road Initiative.", 0),
        para("Under the Pressler Amendment, aid stopped; later the IMET programme resumed.", 1),
        para("Moscow and Islamabad revived the Pakistan Stream project.", 2),
        para("The peace deal between the US and the Taliban was signed in Doha.", 3),
        para("Any lasting settlement needs a peace deal that Kabul accepts.", 4),
    )
    got = [(m.ref.passage, m.entity) for m in find_mentions(c, gazetteer)]
    for expected in [("p-0", "cpec"), ("p-0", "belt-and-road"), ("p-0", "china"),
                     ("p-0", "pakistan"), ("p-1", "pressler-amendment"), ("p-1", "imet"),
                     ("p-2", "pakistan-stream"), ("p-3", "doha-agreement"), ("p-3", "doha")]:
        assert expected in got
    # "a peace deal", indefinite, is no particular agreement
    assert ("p-4", "doha-agreement") not in got
    kinds = {e.id: e.kind for e in gazetteer}
    assert kinds["cpec"] == kinds["imet"] == "project"
    assert kinds["doha-agreement"] == kinds["pressler-amendment"] == "agreement"


def test_new_kinds_are_valid_and_a_typo_is_caught(tmp_path: Path) -> None:
    f = tmp_path / "entities.toml"
    f.write_text('[[entity]]\nid = "cpec"\nname = "CPEC"\nkind = "project"\n'
                 'description = "d"\n\n'
                 '[[entity]]\nid = "doha"\nname = "Doha Agreement"\nkind = "agreement"\n'
                 'description = "d"\n\n'
                 '[[entity]]\nid = "x"\nname = "X"\nkind = "agreemnt"\ndescription = "d"\n')
    ents, diags = load_entities(f, tmp_path)
    assert [(e.id, e.kind) for e in ents] == [("cpec", "project"), ("doha", "agreement")]
    [d] = diags
    assert d.severity == "error" and d.line == 16 and "'agreement'" in d.fix


# --- no page without a mention -------------------------------------------------------

def test_only_mentioned_entities_are_listed() -> None:
    ents = (entity("a", "Alma Ray"), entity("b", "Bo Lind"), entity("c", "Cy Moss"))
    c = doc_of(para("Alma Ray met Cy Moss.", 0))
    shown, unlisted = listed(ents, find_mentions(c, ents))
    assert [e.id for e in shown] == ["a", "c"]
    assert [e.id for e in unlisted] == ["b"]


def test_an_event_naming_an_unlisted_entity_loses_it_with_a_warning() -> None:
    ev = Event("ev", "2020", "year", "T", "", (), ("a", "b"), (PassageRef("doc", "p-0"),),
               "content/events.toml", 7)
    events, diags = drop_unlisted([ev], [entity("b", "Bo Lind")])
    assert events[0].entities == ("a",)
    [d] = diags
    assert (d.path, d.line, d.severity) == ("content/events.toml", 7, "warning")
    assert "'b'" in d.message and "content/entities.toml:1" in d.fix


def test_the_seed_build_lists_no_entity_without_a_mention() -> None:
    corpus = build_corpus(REPO_ROOT)
    d = build_documentary(REPO_ROOT, corpus, cache_dir=False)
    named = {m.entity for m in d.mentions}
    assert d.entities and all(e.id in named for e in d.entities)
    assert d.unlisted and not any(e.id in named for e in d.unlisted)
    # photographers credited under photos are listed; people the texts never name are not
    assert {"akhtar-soomro", "saiyna-bashir"} <= {e.id for e in d.entities}
    assert "malala-yousafzai" in {e.id for e in d.unlisted}


def test_context_rules_are_not_shown_as_names(gazetteer) -> None:
    from_ids = {e.id: e for e in gazetteer}
    shown = display_aliases(from_ids["washington-dc"])
    assert "Washington DC" in shown
    assert not any(a.startswith(("in ", "at ", "visit")) or "-based" in a for a in shown)
    assert "Doha Accord" in display_aliases(from_ids["doha-agreement"])


# --- the one-pass needle search -----------------------------------------------------

_ALIAS_PIECES = st.sampled_from([
    "Imran", "Khan", "KHAN", "Khan's", "Khan’s", "Sharif", "Nawaz", "US", "us", "U.S.",
    "Pakistan", "Pakistan's", "army", "Army", "ISI", "Kabul", "Washington", "Fair", "Doha",
    "Agreement", "Belt", "and", "Road", "al-Qaeda", "al‐Qaeda", "İmran", "ımran", "ſharif",
    "\u212a", "Stra\u00dfe", "STRASSE", "\u0307", "-", " ", "  ", ".", "(", ")", ", 2019",
    "http://x.org/khan", "(Khan, 2021)", "\n", "x", "_",
])


@given(st.lists(_ALIAS_PIECES, max_size=30).map("".join))
@settings(max_examples=300, deadline=None)
def test_the_one_pass_needle_search_finds_what_one_by_one_finds(text: str) -> None:
    """The automaton only replaces ``needle in text`` one needle at a time: the same
    candidates, whatever the case folding (İ ı ſ K ß), hyphens and word boundaries."""
    from dossier.documentary.mentions import Matcher, _candidates

    matcher = _GAZETTEER_MATCHER
    for allow_short in (True, False):
        fast = _candidates(text, matcher.pats, matcher.needles, matcher.blockers, allow_short,
                           matcher.index)
        slow = _candidates(text, matcher.pats, matcher.needles, matcher.blockers, allow_short)
        assert fast == slow
    assert isinstance(matcher, Matcher)


def _matcher():
    from dossier.documentary.mentions import Matcher

    entities, _ = load_entities(GAZETTEER, REPO_ROOT)
    return Matcher.of(entities)


_GAZETTEER_MATCHER = _matcher()


def _oracle(rx):
    """The alias pattern with its plain look-behind at the start, as it was first written."""
    import re

    from dossier.documentary.mentions import _START, _START_AFTER_FIRST

    if _START_AFTER_FIRST not in rx.pattern:
        return rx
    return re.compile(_START + rx.pattern.replace(_START_AFTER_FIRST, "", 1), rx.flags)


_ALIASES = sorted({a for e in load_entities(GAZETTEER, REPO_ROOT)[0]
                   for a in (e.name, *e.aliases, *e.short_forms, *e.not_aliases, *e.context)}
                  | {"[Pakistan's] army", "us", "'t Hooft", "-ism", "al-Qaeda", "U.S.", "Fair"})


@given(st.lists(_ALIAS_PIECES, max_size=30).map("".join))
@settings(max_examples=200, deadline=None)
def test_the_look_behind_after_the_first_character_finds_the_same(text: str) -> None:
    from dossier.documentary.mentions import compile_alias

    for alias in _ALIASES:
        rx = compile_alias(alias)
        if rx is None:
            continue
        got = [(m.span(), m.span("core")) for m in rx.finditer(text)]
        assert got == [(m.span(), m.span("core")) for m in _oracle(rx).finditer(text)], alias
