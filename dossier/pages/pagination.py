"""Long listings split into pages: a theme's passages, an entity's mentions.

A listing is a sequence of groups (one per document) of items (passages). :func:`split`
cuts it into pages of at most ``limit`` items, keeping each group whole unless the group
alone is larger than a page; :func:`page_path` says where page *n* lives (page 1 keeps the
listing's own address, so public URLs do not change); :func:`pager` is what the page
navigation shows. Pure functions; no Pelican, no I/O.

    themes/<slug>/index.html            page 1 (the theme's own page)
    themes/<slug>/page/2/index.html     page 2, and so on

Only page 1 is in the search index (``data-pagefind-body``): later pages quote passages that
their documents' pages already index, and at scale hundreds of "Pakistan (page n of m)"
would crowd the results and the A–Z list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

PAGE_DIR = "page"
# Pager links shown either side of the current page (first and last are always shown).
PAGER_WINDOW = 2



class PagedListing(TypedDict):
    """What every page of a paginated listing (a theme's passages, an entity's mentions)
    has besides its own fields."""

    path: str  # this page's, from the site root
    page: int
    pages: int
    groups: list[dict[str, Any]]  # this page's passages, by document
    shown: tuple[int, int]  # its first and last passage, counted from 1
    pager: dict[str, Any] | None


@dataclass(frozen=True)
class Slice:
    """Items ``start`` to ``end`` (exclusive) of group ``group`` of the listing."""

    group: int
    start: int
    end: int

    @property
    def size(self) -> int:
        return self.end - self.start


def split(sizes: Sequence[int], limit: int) -> list[list[Slice]]:
    """Pages of at most ``limit`` items, from group sizes in listing order.

    Groups are packed in order; a group that does not fit on the current page starts the
    next one. A group larger than ``limit`` is the only one ever cut: it starts a page and
    fills whole pages, and its remainder shares a page with the groups after it.
    There is always at least one page (an empty listing has one empty page)."""
    if limit < 1:
        raise ValueError(f"a page holds at least one item, not {limit}")
    pages: list[list[Slice]] = []
    current: list[Slice] = []
    used = 0
    for g, size in enumerate(sizes):
        if size <= 0:
            continue
        if used + size > limit and current:
            pages.append(current)
            current, used = [], 0
        start = 0
        while size - start > limit:  # only a group larger than a page: whole pages of it
            pages.append([Slice(g, start, start + limit)])
            start += limit
        current.append(Slice(g, start, size))
        used += size - start
    if current or not pages:
        pages.append(current)
    return pages


def page_path(first: str, number: int) -> str:
    """Where page ``number`` of the listing whose first page is ``first`` is written:
    ``themes/x/index.html`` for page 1, ``themes/x/page/2/index.html`` for page 2."""
    if number < 1:
        raise ValueError(f"pages are numbered from 1, not {number}")
    if number == 1:
        return first
    folder = first.rsplit("/", 1)[0] if "/" in first else ""
    return f"{folder}/{PAGE_DIR}/{number}/index.html".lstrip("/")


def page_numbers(number: int, count: int, window: int = PAGER_WINDOW) -> list[int | None]:
    """The page numbers a pager shows: the first, the last, and ``window`` either side of
    ``number``; ``None`` where pages are left out (a gap of one page is shown instead)."""
    shown = {1, count} | set(range(max(1, number - window), min(count, number + window) + 1))
    out: list[int | None] = []
    prev = 0
    for n in sorted(shown):
        if n - prev == 2:
            out.append(n - 1)  # a single missing page: show it rather than "…"
        elif n - prev > 2:
            out.append(None)
        out.append(n)
        prev = n
    return out


def pager(first: str, number: int, count: int) -> dict[str, Any] | None:
    """What the page navigation of page ``number`` of ``count`` shows; ``None`` for a
    listing that fits on one page (no pager at all). URLs are relative to the site root."""
    if count <= 1:
        return None
    return {
        "number": number,
        "count": count,
        "prev": page_path(first, number - 1) if number > 1 else None,
        "next": page_path(first, number + 1) if number < count else None,
        "pages": [{"number": n, "url": page_path(first, n), "current": n == number}
                  if n is not None else None for n in page_numbers(number, count)],
    }


def item_ranges(pages: Sequence[Sequence[Slice]]) -> list[tuple[int, int]]:
    """(first, last) item of each page in the whole listing, counted from 1."""
    out = []
    before = 0
    for page in pages:
        size = sum(s.size for s in page)
        out.append((before + 1, before + size))
        before += size
    return out


def paged_views(first: str, pages: Sequence[Sequence[Slice]], common: Mapping[str, Any],
                groups: Callable[[Slice], Any], count: int | None = None
                ) -> list[dict[str, Any]]:
    """One view per page of a listing: ``common`` (what every page shows) with the page's own
    ``path``, ``page`` (of ``pages``), ``groups`` (``groups(slice)`` for each of its slices),
    ``shown`` (its first and last item, counted from 1) and ``pager``. ``count``: only the
    views of the first ``count`` pages."""
    out = []
    for n, (page, shown) in enumerate(zip(pages, item_ranges(pages), strict=True), start=1):
        if count is not None and n > count:
            break
        out.append({
            **common,
            "path": page_path(first, n),
            "page": n,
            "pages": len(pages),
            "groups": [groups(s) for s in page],
            "shown": shown,
            "pager": pager(first, n, len(pages)),
        })
    return out


def item_pages(first: str, keys: Sequence[Sequence[str]], limit: int) -> dict[str, str]:
    """Item key -> the path of the page listing it, for a listing of groups of ``keys``
    split at ``limit`` items a page."""
    pages = split([len(group) for group in keys], limit)
    return {key: page_path(first, n)
            for n, page in enumerate(pages, start=1)
            for s in page for key in keys[s.group][s.start:s.end]}
