"""What the rules of :mod:`.structure` share: the reading state, the rule interface,
and the recognisers more than one rule uses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dossier.ingest.markers import SUPERSCRIPT_MARK
from dossier.ingest.segment import Unit
from dossier.model import Block, Join, Removal

_NAME_PART = r"(?:[A-Z][\w'’.-]*\.?|[A-Z]\.)"
NAME = rf"{_NAME_PART}(?:\s+(?:{_NAME_PART}|de|van|von|al|bin|ul)){{1,4}}"
"""A personal name: two to five capitalised parts (``de``, ``van``, ``bin`` … allowed)."""
_CREDIT = re.compile(
    r"\s*\((?:(?:photo\s+)?credit|photo|image|picture|courtesy)s?\s*:?[^()]*\)\s*$"
    r"|\s*\([A-Z][^()/\d]*(?:/[A-Z][^()/\d]*)+\)\s*$",
    re.I,
)
ABSTRACT_LABEL = re.compile(r"^(abstract|summary)\s*[:.—–-]\s*", re.I)
KEYWORDS = re.compile(r"^(key\s*words|index\s+terms)\s*[:—–-]\s*(.+)$", re.I)
COMMENTS = re.compile(
    r"^(?:(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:comments?|responses?|replies)"
    r"|comments|reader\s+comments|leave\s+a\s+(?:reply|comment))$",
    re.I,
)
FOOTNOTE = re.compile(rf"^\s*([{SUPERSCRIPT_MARK}]+)\s*(.*)$", re.S)
ABSTRACT_REMOVAL = "section label, shown as the “Abstract” heading"


def split_credit(text: str) -> tuple[str, str] | None:
    """``Caption text (photo credit: X)`` -> (``Caption text``, ``(photo credit: X)``)."""
    m = _CREDIT.search(text)
    if not m or m.start() == 0:
        return None
    return text[: m.start()].rstrip(), m.group(0).strip()


def norm(text: str) -> str:
    """Lower-case words only: the key two copies of one text share."""
    return " ".join(re.findall(r"\w+", text.lower()))


@dataclass
class State:
    """Where structure is in a document: the units, the next one to read (``i``), what was
    made so far, and the section and context the rules consult and change."""

    units: list[Unit]
    source: str
    i: int = 0
    unit: Unit | None = None  # the unit the body rules are looking at
    text: str = ""  # its stripped text (a rule may rewrite it for the rules after it)
    blocks: list[Block] = field(default_factory=list)
    removals: list[Removal] = field(default_factory=list)
    joins: list[Join] = field(default_factory=list)
    author_names: list[str] = field(default_factory=list)
    section: str = "body"
    group: int = 0  # the current list's number
    last_was_item: bool = False
    last_caption: Block | None = None
    body_started: bool = False
    ref_units: list[Unit] = field(default_factory=list)
    # (line, text) -> whether the unit is known to be a heading (a web page's markup says)
    headings: dict[tuple[int, str], bool] = field(default_factory=dict)

    def known_heading(self, unit: Unit) -> bool | None:
        """True or False when the source's markup says, None when only the shape can."""
        return self.headings.get((unit.line, unit.text.strip()))

    @property
    def has_title(self) -> bool:
        return bool(self.blocks) and self.blocks[0].kind == "title"

    def read(self) -> None:
        """Move on to the next unit."""
        self.unit = self.units[self.i]
        self.text = self.unit.text.strip()
        self.i += 1

    def block(self, kind: str, text: str | None = None, *, unit: Unit | None = None,
              **kw) -> Block:
        """A block made from ``unit`` (the current one by default), its text stripped."""
        unit = unit or self.unit
        assert unit is not None
        return Block(kind=kind, text=(unit.text if text is None else text).strip(),
                     source=self.source, line=unit.line, end_line=unit.end_line,
                     **kw)  # type: ignore[arg-type]

    def add(self, kind: str, text: str | None = None, *, unit: Unit | None = None,
            **kw) -> Block:
        made = self.block(kind, text, unit=unit, **kw)
        self.blocks.append(made)
        return made

    def remove(self, text: str, reason: str) -> None:
        assert self.unit is not None
        self.removals.append(Removal(self.source, self.unit.line, text, reason))


class Rule:
    """One named structure rule; its docstring says what it recognises."""

    def test(self, st: State) -> bool:
        raise NotImplementedError

    def run(self, st: State) -> bool:
        """Act on ``st``; True when the unit is consumed, False to pass it on."""
        raise NotImplementedError
