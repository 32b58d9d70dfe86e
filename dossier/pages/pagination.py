"""Long listings split into pages: a theme's passages, an entity's mentions.

A listing is a sequence of groups (one per document, or per year) of items (passages, each
with a key). :func:`split` cuts it into pages of at most ``limit`` items, keeping each group
whole unless it does not fit on a page of its own; :func:`page_path` says where page *n*
lives (page 1 keeps the listing's own address, so public URLs do not change);
:func:`pager` is what the page navigation shows. Pure functions; no Pelican, no I/O.

    themes/<slug>/index.html            page 1 (the theme's own page)
    themes/<slug>/page/2/index.html     page 2, and so on

**Where pages are cut is decided by the items, not by their count from the start**
(content-defined cuts, as in rsync or FastCDC): once a page holds half its ``limit``, it
ends before the next group holding a *marked* item (an item whose key's digest is 0
modulo ``limit // 4``), or when the next group does not fit. A passage added to, or taken
from, a listing of thousands therefore changes the page it is on, and the pages after it
only until the next mark (usually none): not every later page, as counting from the start
would. With what every page shows kept to what is local to it (:func:`paged_views`), an
edit renders a few pages of a theme again, not all of them.

Only page 1 is in the search index (``data-pagefind-body``): later pages quote passages that
their documents' pages already index, and at scale hundreds of "Pakistan (page n of m)"
would crowd the results and the A–Z list.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict

PAGE_DIR = "page"
# Pager links shown either side of the current page (first and last are always shown).
PAGER_WINDOW = 2
# A page may end at a marked item once it holds half its limit; marks come about every
# limit // MARK_SPACING items, so pages hold about 3/4 of the limit on average.
MARK_SPACING = 4

class PagedListing(TypedDict):
    """What every page of a paginated listing (a theme's passages, an entity's mentions)
    has besides its own fields."""

    path: str  # this page's, from the site root
    page: int
    pages: int
    groups: list[dict[str, Any]]  # this page's passages, by document
    on_page: int  # how many passages this page shows
    # Page 1 only: its first and last passage, counted from 1 (on a later page they would
    # change with every passage added before it)
    shown: NotRequired[tuple[int, int]]
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


def marked(key: str, limit: int) -> bool:
    """Whether a page of at most ``limit`` items may end before the item ``key``: about one
    key in ``limit // MARK_SPACING``, the same in every build (a digest, not ``hash``)."""
    spacing = max(1, limit // MARK_SPACING)
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big") % spacing == 0


def split(groups: Sequence[Sequence[str]], limit: int) -> list[list[Slice]]:
    """Pages of at most ``limit`` items, from the item keys of each group in listing order.

    A page ends before a group that does not fit on it, or, once it holds at least half of
    ``limit``, before a group with a :func:`marked` item. A group that does not fit on a
    page of its own is cut the same way inside: after at least half of ``limit`` at a
    marked item, else at ``limit``; its remainder shares a page with the groups after it.
    So a cut depends on the items around it, not on how many came before: adding or
    removing an item changes its own page (and rarely the next), not every later page.
    There is always at least one page (an empty listing has one empty page)."""
    if limit < 1:
        raise ValueError(f"a page holds at least one item, not {limit}")
    low = (limit + 1) // 2
    pages: list[list[Slice]] = []
    current: list[Slice] = []
    used = 0
    for g, keys in enumerate(groups):
        size = len(keys)
        if size == 0:
            continue
        if current and (used + size > limit
                        or (used >= low and any(marked(k, limit) for k in keys))):
            pages.append(current)
            current, used = [], 0
        start = 0
        while size - start > limit - used:  # only on a page of its own: cut inside the group
            take = next((n for n in range(low, limit) if marked(keys[start + n], limit)),
                        limit)
            pages.append([Slice(g, start, start + take)])
            start += take
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
                groups: Callable[[Slice], Any], count: int | None = None,
                front_only: Collection[str] = (), front: bool = True
                ) -> list[dict[str, Any]]:
    """One view per page of a listing: ``common`` (what the pages show besides their items)
    with the page's own ``path``, ``page`` (of ``pages``), ``groups`` (``groups(slice)`` for
    each of its slices), ``on_page`` (how many items it shows) and ``pager``; page 1 also has
    ``shown`` (its first and last item, counted from 1) and the keys ``front_only`` of
    ``common``, which later pages leave out: what a later page shows, and so its key in the
    build records, is then its own, and an edit elsewhere in the listing leaves it as it
    was. ``front``: False for a listing whose page 1 is not the front page either (a
    theme's date order): every page is then a later page. ``count``: only the views of the
    first ``count`` pages."""
    out = []
    later = {k: v for k, v in common.items() if k not in front_only}
    for n, (page, shown) in enumerate(zip(pages, item_ranges(pages), strict=True), start=1):
        if count is not None and n > count:
            break
        view = {
            **(common if n == 1 and front else later),
            "path": page_path(first, n),
            "page": n,
            "pages": len(pages),
            "groups": [groups(s) for s in page],
            "on_page": shown[1] - shown[0] + 1,
            "pager": pager(first, n, len(pages)),
        }
        if n == 1 and front:
            view["shown"] = shown
        out.append(view)
    return out


def item_pages(first: str, keys: Sequence[Sequence[str]], limit: int) -> dict[str, str]:
    """Item key -> the path of the page listing it, for a listing of groups of ``keys``
    split at ``limit`` items a page."""
    pages = split(keys, limit)
    return {key: page_path(first, n)
            for n, page in enumerate(pages, start=1)
            for s in page for key in keys[s.group][s.start:s.end]}
