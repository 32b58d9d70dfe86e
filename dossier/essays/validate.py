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

from dossier.essays.refs import KINDS, REF_PATTERN, Ref, parse_ref
from dossier.essays.targets import PATH_CUTOFF, Found, Targets, lookup, near
from dossier.model import PassageRef
from dossier.urls import root_prefix
from dossier.util.diagnostics import Reporter

_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_REF = re.compile(r"(?<!\\)" + REF_PATTERN)
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*)?\)")
_LINK = re.compile(r"(?<![!\\])\[[^\]\n]*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*)?\)")
_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_PELICAN = re.compile(r"^\{(filename|static|attach)\}")


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
    """Any other reference: document, theme, entity, event, essay, page, or image.

    For an image, ``target`` is the file's path relative to ``content/`` and ``written``
    the path as the essay writes it."""

    kind: str
    target: str
    line: int
    written: str = ""


def _code_free(lines: Sequence[str]) -> list[str]:
    """The body lines with fenced code blocks and code spans blanked out."""
    out, fence = [], ""
    for text in lines:
        m = _FENCE.match(text)
        if fence:
            out.append("")
            if m and m.group(1) == fence:
                fence = ""
            continue
        if m:
            fence = m.group(1)
            out.append("")
            continue
        out.append(_CODE_SPAN.sub(lambda c: " " * len(c.group(0)), text))
    return out


@dataclass
class Scan:
    citations: list[Citation] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def _check_ref(ref: Ref, line: int, lines: Sequence[str], idx: int, targets: Targets,
               out: Reporter, scan: Scan) -> None:
    if ref.problem:
        fix = ""
        if ref.problem.startswith("unknown kind"):
            fix = near(f"{ref.kind}:", [f"{k}:" for k in KINDS])
        out.error(line, f"{ref.raw}: {ref.problem}", fix or "see docs/editing.md for the syntax")
        return
    if ref.quote:
        alone = (lines[idx].strip() == ref.raw.strip()
                 and (idx == 0 or not lines[idx - 1].strip())
                 and (idx + 1 >= len(lines) or not lines[idx + 1].strip()))
        if not alone:
            out.error(line, f"{ref.raw}: a quote must be a paragraph of its own",
                      "put it on its own line with a blank line before and after")
            return
    found = lookup(ref, targets)
    if not isinstance(found, Found):
        out.error(line, *found)
        return
    if ref.kind == "passage":
        doc = targets.documents[ref.target]
        current = doc.aliases.get(ref.fragment, ref.fragment)
        if current != ref.fragment:
            out.warn(line, f"passage '{ref.fragment}' of '{ref.target}' is now "
                        f"'{current}'", f"write [[{ref.target}#{current}]]")
        scan.citations.append(Citation(ref.target, current, line, ref.quote))
    else:
        scan.links.append(Link(ref.kind, ref.target, line))


def _image_file(path: str, essay_dir: Path, content: Path) -> Path | None:
    m = _PELICAN.match(path)
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
    if _SCHEME.match(path) or path.startswith("//"):
        return None
    found = _image_file(path, essay_dir, content)
    if found is not None:
        return Link("image", found.relative_to(content.resolve()).as_posix(), line, path)
    else:
        files = [p.relative_to(content).as_posix() for p in content.rglob("*") if p.is_file()
                 and p.suffix.lower() in (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")]
        out.error(line, f"image file '{path}' not found (looked in "
                  f"{essay_dir.relative_to(content.parent).as_posix()}/ and content/)",
                  near(_PELICAN.sub("", path).lstrip("/"), files)
                  or "put the file under content/ or fix the path")
        return None


def _check_link(url: str, line: int, save_as: str, essay_dir: Path, content: Path,
                targets: Targets, out: Reporter, scan: Scan) -> None:
    if not url or url.startswith("#") or _SCHEME.match(url) or url.startswith("//"):
        return
    if _PELICAN.match(url):
        if _image_file(url.split("#")[0], essay_dir, content) is None:
            out.error(line, f"link to missing file '{url}'", "fix the path; it is relative "
                      "to this essay, or to content/ when it starts with '/'")
        return
    if url.startswith("/"):
        out.error(line, f"root-absolute link '{url}' breaks under a sub-path and from file://",
                  "use [[page:…]] or a relative link")
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
        close = difflib.get_close_matches(site, sorted(known), n=1, cutoff=PATH_CUTOFF)
        up = root_prefix(save_as)
        out.error(line, f"link to missing page '{url}'", f"did you mean '{up}{close[0]}'?"
                  if close else "use a [[kind:target]] reference instead")
    else:
        scan.links.append(Link("page", site, line))


def scan_body(body: Sequence[str], first_line: int, save_as: str, essay_dir: Path,
              content: Path, targets: Targets, out: Reporter) -> Scan:
    """Check every reference, image and link of the body; collect what it cites."""
    scan = Scan()
    lines = _code_free(body)
    for idx, text in enumerate(lines):
        n = first_line + idx
        for m in _REF.finditer(text):
            _check_ref(parse_ref(m.group(1)), n, lines, idx, targets, out, scan)
        rest = _REF.sub("", text)
        if re.search(r"(?<!\\)\[\[", rest):
            out.error(n, "'[[' is not closed on this line",
                      "end the reference with ']]' on the same line, or write '\\[['")
        for m in _IMAGE.finditer(rest):
            image = check_image(m.group(2), m.group(1), n, essay_dir, content, out)
            if image is not None:
                scan.links.append(image)
        for m in list(_LINK.finditer(rest)) + list(_LINK_DEF.finditer(rest)):
            _check_link(m.group(1), n, save_as, essay_dir, content, targets, out, scan)
    return scan


