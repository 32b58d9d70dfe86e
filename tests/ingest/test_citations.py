"""dossier.ingest.citations: in-text author-year citations linked to one entry, or none."""

from __future__ import annotations

from dossier.ingest.citations import link_citations
from dossier.ingest.references import reference_blocks
from dossier.ingest.segment import Unit
from dossier.model import Block


def linked(text: str, *entries: str) -> list[tuple[str, str]]:
    refs = reference_blocks([Unit(t, n + 10, n + 10) for n, t in enumerate(entries)], "x")[0]
    refs = [Block(**{**b.__dict__, "id": f"ref-{n}"}) for n, b in enumerate(refs)]
    para = Block("paragraph", text, "x", 1, 1)
    out = link_citations((para, *refs))[0]
    return [(text[s.start:s.end], s.target) for s in out.spans if s.kind == "cite"]


KHAN = 'Khan, A. "Border Politics", *Dawn*, 2019.'
KHAN_S = 'S. Khan, "Swat", *Dawn*, 2022.'
KHAN_K = 'Khan, Kamran. "Show." *Dunya News*, November 29, 2022.'


def test_parenthetical_forms() -> None:
    assert linked("It rose (Khan, 2019).", KHAN) == [("Khan, 2019", "ref-0")]
    assert linked("It rose (Khan 2019: 14).", KHAN) == [("Khan 2019: 14", "ref-0")]
    assert linked("It rose (see Khan 2019).", KHAN) == [("Khan 2019", "ref-0")]


def test_several_citations_in_one_bracket_each_get_a_link() -> None:
    assert linked("As argued (Yousaf 2021; Afzal 2022).", 'Afzal, M. "Reset", 2022.',
                  'Yousaf, K. "Summit", 2021.') == [("Yousaf 2021", "ref-1"),
                                                     ("Afzal 2022", "ref-0")]


def test_narrative_citations_and_et_al() -> None:
    two = 'Akhtar, N. and Holland, K. "Pakistan", 2022.'
    assert linked("Akhtar and Holland (2022) argue.", two) == [
        ("Akhtar and Holland (2022)", "ref-0")]
    assert linked("Akhtar et al. (2022) argue.", two) == [("Akhtar et al. (2022)", "ref-0")]


def test_no_link_when_none_or_several_match() -> None:
    assert linked("It rose (Khan 2020).", KHAN) == []  # the year disagrees
    assert linked("It rose (Shaikh 2022).", 'Sheikh, R. "Gamble", 2022.') == []
    assert linked("It rose (Khan 2022).", KHAN_S, KHAN_K) == []  # two entries: ambiguous
    assert linked("It rose (in 2022).", KHAN_S) == []


def test_co_authors_narrow_several_matches() -> None:
    ryan = 'Ryan, M. and De Young, K. "Exit", 2016.'
    other = 'Ryan, P. "Other", 2016.'
    assert linked("It changed (Ryan & Young 2016).", other, ryan) == [
        ("Ryan & Young 2016", "ref-1")]


def test_title_first_entries_are_cited_by_their_venue_and_corporate_authors_whole() -> None:
    assert linked("Reported (BBC 2017).", '“Family Freed.” *BBC News*, October 12, 2017.') == [
        ("BBC 2017", "ref-0")]
    assert linked("Reported (Crisis Group,2020).", "Crisis Group. “Taking stock”, August 11") == [
        ("Crisis Group,2020", "ref-0")]  # the one entry by that name gives no year at all
    assert linked("Reported (Center for Prevention Action, 2022).",
                  "Center for prevention Action. “Instability”, *Tracker*. 2022.") == [
        ("Center for Prevention Action, 2022", "ref-0")]


def test_references_themselves_are_not_scanned() -> None:
    refs = reference_blocks([Unit("Khan, A. (2019) cited in Khan (2019).", 2, 2)], "x")[0]
    ref = Block(**{**refs[0].__dict__, "id": "ref-0"})
    assert link_citations((ref,))[0].spans == ()


NUMBERED = ('[1] Mazzetti, M. "The Way of the Knife." Penguin, 2013.',
            '[2] Williams, B. "Drone war." *Studies*, 2010.',
            '[3] Boyle, M. "Costs." *International Affairs*, 2013.',
            '[4] Shah, A. "Blowback?" *International Security*, 2018.')


def test_numbered_citations_link_each_number_to_its_entry() -> None:
    assert linked("First authorised [1].", *NUMBERED) == [("1", "ref-0")]
    assert linked("A sharp rise [2, 3] and protests [2-4].", *NUMBERED) == [
        ("2", "ref-1"), ("3", "ref-2"), ("2", "ref-1"), ("4", "ref-3")]
    assert linked("Seen twice [1,3–4].", *NUMBERED) == [
        ("1", "ref-0"), ("3", "ref-2"), ("4", "ref-3")]
    # "1." entries too, and an author-year citation beside them
    dotted = [e.replace("[", "").replace("]", ".", 1) for e in NUMBERED]
    assert linked("As shown [4] (Shah 2018).", *dotted) == [("4", "ref-3"),
                                                              ("Shah 2018", "ref-3")]


def test_no_numbered_link_unless_every_number_names_one_entry() -> None:
    assert linked("Beyond the list [5].", *NUMBERED) == []
    assert linked("Half known [3, 9].", *NUMBERED) == []  # no link rather than a wrong one
    assert linked("A link [2](https://example.org).", *NUMBERED) == []
    shared = (*NUMBERED, '[2] Other, P. "Same number." 2011.')
    assert linked("Which one [2]?", *shared) == []
    assert linked("Known [1].", 'Doe, J. "Unnumbered." 2001.') == []  # entries not numbered
