"""Checking an essay's body: every ``[[…]]`` reference, image and Markdown link.

:func:`scan_body` reports each broken one on its line and returns what the essay cites
(:class:`Citation`) and links to (:class:`Link`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from dossier.essays.markup import Seen, essay_markdown
from dossier.essays.refs import KINDS, REF_PATTERN, Ref
from dossier.essays.targets import PATH_CUTOFF, Found, Targets, lookup, near
from dossier.ingest.ids import ID_SHAPE
from dossier.model import PassageRef
from dossier.urls import is_safe_url, root_prefix
from dossier.util.diagnostics import Reporter

_REF = re.compile(r"(?<!\\)" + REF_PATTERN)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# a link in Pelican's syntax to a file under content/: {static}/path, {filename}/…
PELICAN_LINK = re.compile(r"^\{(filename|static|attach)\}")
COPIED = ("image", "file")  # the kinds of Link whose file is copied into the site


@dataclass(frozen=True)
class Citation:
    """A passage an essay cites (``passage`` is the current id, aliases resolved)."""

    document: str
    passage: str
    line: int
    quote: bool = False

    @property
    def ref(self) -> PassageRef:
        return PassageRef(self.document, self.passage)


@dataclass(frozen=True)
class Link:
    """Any other reference: document, theme, entity, event, essay, page, image, or file
    (a link written ``{static}/path``, ``{filename}/…`` or ``{attach}/…``, as in Pelican).

    For an image or a file, ``target`` is the file's path relative to ``content/`` and
    ``written`` the path as the essay writes it."""

    kind: str
    target: str
    line: int
    written: str = ""


@dataclass
class Scan:
    citations: list[Citation] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


QUOTE_ALONE = "a quote must be a paragraph of its own"


def _check_ref(ref: Ref, line: int, targets: Targets, here: str, out: Reporter,
               scan: Scan) -> None:
    if ref.problem:
        fix = ""
        if ref.problem.startswith("unknown kind"):
            fix = near(f"{ref.kind}:", [f"{k}:" for k in KINDS])
        elif ref.problem == QUOTE_ALONE:
            fix = "put it on its own line with a blank line before and after"
        out.error(line, f"{ref.raw}: {ref.problem}", fix or "see docs/editing.md for the syntax")
        return
    found = lookup(ref, targets, here)
    if not isinstance(found, Found):
        out.error(line, *found)
        return
    if ref.kind == "passage":
        doc = targets.documents[ref.target]
        current = doc.aliases.get(ref.fragment, ref.fragment)
        if current != ref.fragment:
            out.warn(line, _moved(ref.target, ref.fragment, current),
                     f"write [[{ref.target}#{current}]]")
        scan.citations.append(Citation(ref.target, current, line, ref.quote))
    else:
        scan.links.append(Link(ref.kind, ref.target, line))


def content_file(path: str, essay_dir: Path, content: Path) -> Path | None:
    m = PELICAN_LINK.match(path)
    rel = path[m.end():] if m else path
    bases = [content] if rel.startswith("/") else [essay_dir, content]
    for base in bases:
        candidate = (base / rel.lstrip("/")).resolve()
        if candidate.is_file() and candidate.is_relative_to(content.resolve()):
            return candidate
    return None


def check_image(path: str, alt: str, line: int, essay_dir: Path, content: Path,
                 out: Reporter, header: bool = False) -> Link | None:
    """Report a missing alt text or file; the image as a :class:`Link` when it is local."""
    if not alt.strip():
        if header:
            out.error(line, f"image '{path}' has no alt text",
                      "add an 'Image-Alt: …' line saying what the picture shows")
        else:
            out.error(line, f"image '{path}' has no alt text",
                      f"describe what it shows: ![a short description]({path})")
    local = path[1:] if path.startswith("/") and not path.startswith("//") else path
    if not is_safe_url(local, relative=True):  # "/x.png": under content/, see content_file
        out.error(line, f"image '{path}' cannot be shown, and is removed",
                  "put the file under content/ and give its path, or an https:// address")
        return None
    if _SCHEME.match(path) or path.startswith("//"):
        return None
    found = content_file(path, essay_dir, content)
    if found is not None:
        return Link("image", found.relative_to(content.resolve()).as_posix(), line, path)
    else:
        files = [p.relative_to(content).as_posix() for p in content.rglob("*") if p.is_file()
                 and p.suffix.lower() in (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")]
        out.error(line, f"image file '{path}' not found (looked in "
                  f"{essay_dir.relative_to(content.parent).as_posix()}/ and content/)",
                  near(PELICAN_LINK.sub("", path).lstrip("/"), files)
                  or "put the file under content/ or fix the path")
        return None


def _check_link(url: str, line: int, save_as: str, essay_dir: Path, content: Path,
                targets: Targets, out: Reporter, scan: Scan) -> None:
    if not url or url.startswith("#"):
        return
    if url.startswith("/") and not url.startswith("//"):
        out.error(line, f"root-absolute link '{url}' breaks under a sub-path and from file://",
                  "use [[page:…]] or a relative link")
        return
    if not is_safe_url(url, relative=True):
        out.error(line, f"link '{url}' is not one a reader can follow safely, and is removed",
                  "link with http://, https:// or mailto:, or with a relative path")
        return
    if _SCHEME.match(url):
        return
    if PELICAN_LINK.match(url):  # Pelican's {static}/path: the file is copied and linked
        written = url.split("#")[0]
        found = content_file(written, essay_dir, content)
        if found is None:
            out.error(line, f"link to missing file '{url}'", "fix the path; it is relative "
                      "to this essay, or to content/ when it starts with '/'")
        else:
            scan.links.append(Link("file", found.relative_to(content.resolve()).as_posix(),
                                   line, written))
        return
    path = url.split("#")[0]
    parts = save_as.split("/")[:-1]
    for piece in path.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in (".", ""):
            parts.append(piece)
    site = "/".join(parts)
    known = targets.site_paths()
    if path.endswith("/") or not path:
        out.error(line, f"link to a folder '{url}' breaks from file://",
                  f"link to the page itself: '{path}index.html'" if path else "")
        return
    if site not in known:
        # never "did you mean" the page being checked, nor the very link given
        close = difflib.get_close_matches(site, sorted(known - {save_as, site}), n=1,
                                          cutoff=PATH_CUTOFF)
        up = root_prefix(save_as)
        out.error(line, f"link to missing page '{url}'", f"did you mean '{up}{close[0]}'?"
                  if close else "use a [[kind:target]] reference instead")
    else:
        scan.links.append(Link("page", site, line))
        fragment = unquote(url.partition("#")[2])
        if fragment:
            _check_passage_fragment(url, site, fragment, line, targets, out)


def _check_passage_fragment(url: str, site: str, fragment: str, line: int, targets: Targets,
                            out: Reporter) -> None:
    """A plain link to a document page that names a passage id (by its shape: the page's
    other ids are its template's) is checked as ``[[slug#id]]`` is: here, with the essay's
    line, not only by the site's link check, which can name only the page written."""
    before, _, after = targets.urls["document"].partition("{target}")
    slug = site[len(before):len(site) - len(after)]
    doc = targets.documents.get(slug) if site.startswith(before) and site.endswith(after) \
        else None
    if doc is None or fragment in doc.passages:
        return
    if fragment not in doc.aliases and not ID_SHAPE.fullmatch(fragment):
        return
    found = lookup(Ref("passage", slug, fragment), targets)
    if not isinstance(found, Found):
        message, fix = found
        out.error(line, f"link '{url}': {message}", fix)
        return
    current = doc.aliases[fragment]
    out.warn(line, _moved(slug, fragment, current), f"link to '#{current}'")


def _moved(slug: str, old: str, current: str) -> str:
    """The warning of a passage named by an old id the catalogue maps to ``current``."""
    return f"passage '{old}' of '{slug}' is now '{current}'"


def locate(needles: Sequence[str], lines: Sequence[str]) -> list[int]:
    """The 0-based line of each needle, taken in reading order: the first line at or after
    the previous needle's that contains it, else the first anywhere (a footnote's text,
    a reference definition), else the previous needle's line."""
    found, cursor = [], 0
    for needle in needles:
        hits = [i for i, text in enumerate(lines) if needle and needle in text]
        after = [i for i in hits if i >= cursor]
        cursor = after[0] if after else hits[0] if hits else cursor
        found.append(cursor)
    return found


def scan_body(body: Sequence[str], first_line: int, save_as: str, essay_dir: Path,
              content: Path, targets: Targets, out: Reporter, slug: str = "") -> Scan:
    """Check every reference, link and image of the body; collect what it cites.

    The body is parsed by the renderer's own Markdown (:mod:`.markup`), references left
    unresolved: what is checked is what the page will show, found where Markdown finds it."""
    scan = Scan()
    md, essay = essay_markdown(slug or save_as.split("/")[-2], lambda ref: None)
    md.convert("\n".join(body))
    seen: list[Seen] = essay.seen
    removed = [r for r in essay.removed if not r.what.startswith(("href ", "src "))]
    needles = [s.needle for s in seen] + [r.needle for r in removed]
    lines = locate(needles, body)
    for item, idx in zip(seen, lines, strict=False):
        n = first_line + idx
        if item.kind == "ref" and item.ref is not None:
            _check_ref(item.ref, n, targets, save_as, out, scan)
        elif item.kind == "id":
            if item.alt == "page":
                out.error(n, f"id '{item.url}' is one the page gives an element itself",
                          f"choose another id, e.g. '{{#h-{item.url}}}'")
            elif item.alt == "twice":
                out.error(n, f"id '{item.url}' is used twice in this essay",
                          "give each element its own id")
        elif item.kind == "unclosed":
            out.error(n, "'[[' is not closed on this line",
                      "end the reference with ']]' on the same line, or write '\\[['")
        elif item.kind == "image":
            image = check_image(item.url, item.alt, n, essay_dir, content, out)
            if image is not None:
                scan.links.append(image)
        else:
            _check_link(item.url, n, save_as, essay_dir, content, targets, out, scan)
    for item, idx in zip(removed, lines[len(seen):], strict=False):
        out.error(first_line + idx, f"{item.what} is not allowed in an essay, and is removed",
                  "see docs/editing.md for the HTML an essay may use")
    return scan
