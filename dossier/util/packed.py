"""A read-only mapping whose values stay pickled until one is asked for.

What a build keeps for the next one is read back whole with :mod:`pickle`; for a large
mapping of which the next build reads a few values (the essays-only build looks up the
documents its essays cite, of thousands: :mod:`dossier.build.essaybuild`), unpickling every
value is most of the cost of reading it back. :class:`Packed` keeps each value as its own
pickle, so reading the mapping back copies bytes, and a value is unpickled (once) when it
is looked up.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Mapping
from typing import Any


class Packed(Mapping[str, Any]):
    """``Packed.of(mapping)``: the same keys, in the same order, and values equal to its."""

    __slots__ = ("_packed", "_open")

    def __init__(self, packed: Mapping[str, bytes]) -> None:
        self._packed = dict(packed)
        self._open: dict[str, Any] = {}

    @classmethod
    def of(cls, mapping: Mapping[str, Any]) -> Packed:
        if isinstance(mapping, Packed):
            return mapping
        return cls({key: pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
                    for key, value in mapping.items()})

    def __getitem__(self, key: str) -> Any:
        try:
            return self._open[key]
        except KeyError:
            value = self._open[key] = pickle.loads(self._packed[key])
            return value

    def __contains__(self, key: object) -> bool:
        return key in self._packed

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Packed) and self._packed == other._packed:
            return True  # the same pickles: equal values, none unpickled
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]  # a mapping: not hashable

    def __repr__(self) -> str:
        return f"Packed({len(self)} values)"

    def __getstate__(self) -> tuple[dict[str, bytes]]:
        return (self._packed,)  # not what was unpickled: that is made again on demand

    def __setstate__(self, state: tuple[dict[str, bytes]]) -> None:
        self._packed, self._open = state[0], {}
