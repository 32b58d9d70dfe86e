"""Named rules in an explicit order, as Python-Markdown registers its processors.

``rules.register(Caption(), "caption", 40)``: the highest priority is tried first. A rule
has ``test(state)`` (does it recognise what is in front of it?) and ``run(state)``
(act on it; return True when the item is consumed, False to pass it on to the next rule).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Items by name, iterated from the highest priority down."""

    def __init__(self) -> None:
        self._items: dict[str, tuple[float, T]] = {}
        self._ordered: list[T] | None = None

    def register(self, item: T, name: str, priority: float) -> None:
        if name in self._items:
            raise ValueError(f"a rule named {name!r} is already registered")
        if any(p == priority for p, _ in self._items.values()):
            raise ValueError(f"priority {priority} of {name!r} is taken: give each rule its own")
        self._items[name] = (priority, item)
        self._ordered = None

    def deregister(self, name: str) -> None:
        del self._items[name]
        self._ordered = None

    def names(self) -> list[str]:
        """The names, in the order the rules are tried."""
        return [name for name, _ in sorted(self._items.items(), key=lambda kv: -kv[1][0])]

    def __getitem__(self, name: str) -> T:
        return self._items[name][1]

    def __iter__(self) -> Iterator[T]:
        if self._ordered is None:
            self._ordered = [self._items[name][1] for name in self.names()]
        return iter(self._ordered)

    def __len__(self) -> int:
        return len(self._items)
