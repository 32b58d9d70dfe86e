"""Essays: ``content/essays/*.md``, Pelican's metadata header, then Markdown.

    content/essays/*.md --load_essays(targets)--> essays + diagnostics
    essays              --backlinks-->            {(doc, passage): [essay slugs]}
    essay + targets     --render_essay-->         HTML body (dossier.essays.refs)

The header is read by :mod:`.frontmatter`, the body checked by :mod:`.validate` against
the :class:`~dossier.essays.targets.Targets`. Every mistake is a
:class:`~dossier.model.Diagnostic` with file and line (``path:line: error: what — fix``),
all of them collected; nothing here raises on an editor's mistake.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from markdown.treeprocessors import Treeprocessor
from slugify import slugify

from dossier.essays.frontmatter import (
    REQUIRED,
    SLUG_RE,
    STATUSES,
    parse_date,
    parse_header,
    split_list,
)
from dossier.essays.markup import essay_markdown as essay_markdown_for
from dossier.essays.reuse import EssayReads
from dossier.essays.targets import TargetResolver, Targets, near
from dossier.essays.validate import COPIED, PELICAN_LINK, Citation, Link, check_image, scan_body
from dossier.model import Diagnostic
from dossier.urls import essay_url, relative
from dossier.util.diagnostics import Reporter


@dataclass(frozen=True)
class Essay:
    source: str  # "content/essays/x.md", relative to the project root
    slug: str
    title: str
    date: str  # ISO: YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]
    modified: str
    authors: tuple[str, ...]
    summary: str
    themes: tuple[str, ...]
    status: str  # published | draft | hidden
    image: str
    image_alt: str
    body: str  # raw Markdown after the header
    body_line: int  # file line of the body's first line
    lines: Mapping[str, int]  # header key (as in KEYS) -> file line
    citations: tuple[Citation, ...] = ()
    links: tuple[Link, ...] = ()

    def __getstate__(self) -> dict[str, Any]:
        """Pickled with a plain copy of ``lines`` (a read-only mapping cannot be pickled)."""
        return {**self.__dict__, "lines": dict(self.lines)}

    @property
    def draft(self) -> bool:
        return self.status == "draft"

    @property
    def save_as(self) -> str:
        return essay_url(self.slug)


def read_essay(path: Path, root: Path, targets: Targets) -> tuple[Essay | None, list[Diagnostic]]:
    """One essay file -> the essay (None if it has no usable title, date or slug)."""
    rel = path.relative_to(root).as_posix()
    out = Reporter(rel)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        out.error(line, "the file is not UTF-8", "save it as UTF-8 in your editor")
        return None, out.diagnostics
    except OSError as exc:
        out.error(0, f"cannot read the file ({exc.strerror})", "check its permissions")
        return None, out.diagnostics
    lines = text.splitlines()
    meta, start = parse_header(lines, out)
    for key, fix in REQUIRED.items():
        if not meta.get(key, ("", 0))[0]:
            out.error(meta.get(key, ("", 1))[1], f"missing {key}", fix)
    value = {k: v for k, (v, _) in meta.items()}
    line = {k: n for k, (_, n) in meta.items()}
    date = parse_date(value["Date"], "Date", line["Date"], out) if value.get("Date") else ""
    modified = (parse_date(value["Modified"], "Modified", line["Modified"], out)
                if value.get("Modified") else "")
    if date and modified and modified < date:
        out.warn(line["Modified"], f"Modified {modified} is before Date {date}",
                    "Modified is the date of the last revision")
    status = value.get("Status", "published").lower() or "published"
    if status not in STATUSES:
        out.error(line["Status"], f"unknown Status '{value['Status']}'",
                  near(status, STATUSES) or "use 'draft' or 'published'")
    themes = split_list(value.get("Themes", ""))
    for slug in themes:
        if slug not in targets.themes:
            out.error(line["Themes"], f"unknown theme '{slug}'", near(slug, targets.themes)
                      or (f"add content/themes/{slug}.md or remove '{slug}' from Themes"
                          if SLUG_RE.match(slug) else "a theme is named by its slug, the name "
                          "of its file in content/themes/ (my-theme for my-theme.md)"))
    title = value.get("Title", "")
    slug = value.get("Slug") or slugify(title) or slugify(path.stem)
    if value.get("Slug") and not SLUG_RE.match(slug):
        out.error(line["Slug"], f"slug {slug!r} cannot be part of a URL",
                  f"use lower-case letters, digits and '-': '{slugify(slug)}'")
    content = root / "content"
    image = None
    if value.get("Image"):
        image = check_image(value["Image"], value.get("Image-Alt", ""), line["Image"],
                             path.parent, content, out, header=True)
    elif value.get("Image-Alt"):
        out.warn(line["Image-Alt"], "Image-Alt without Image", "add 'Image: path' or drop it")
    body = lines[start:]
    while body and not body[0].strip():
        body, start = body[1:], start + 1
    save_as = essay_url(slug)
    scan = scan_body(body, start + 1, save_as, path.parent, content, targets, out,
                     slug if SLUG_RE.match(slug) else slugify(path.stem) or "essay")
    if not (title and date) or not SLUG_RE.match(slug):
        return None, out.diagnostics
    essay = Essay(rel, slug, title, date, modified, split_list(value.get("Authors", "")),
                  value.get("Summary", ""), themes, status if status in STATUSES else "draft",
                  value.get("Image", ""), value.get("Image-Alt", ""), "\n".join(body), start + 1,
                  MappingProxyType(line), tuple(scan.citations),
                  (image,) * (image is not None) + tuple(scan.links))
    return essay, out.diagnostics


def _header_slugs(paths: Sequence[Path]) -> dict[str, str]:
    """Essay slug -> title, read cheaply first so essays can link to each other."""
    found: dict[str, str] = {}
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError):
            continue
        meta, _ = parse_header(lines, Reporter(""))
        title = meta.get("Title", ("", 0))[0]
        slug = meta.get("Slug", ("", 0))[0] or slugify(title) or slugify(path.stem)
        found.setdefault(slug, title or slug)
    return found


def essay_paths(folder: Path) -> list[Path]:
    """``*.md`` in the folder, by name; names starting with ``_`` or ``.`` are skipped."""
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob("*.md") if p.is_file() and p.name[0] not in "_."),
                  key=lambda p: p.name)


def load_essays(folder: Path, root: Path, targets: Targets, reads: EssayReads | None = None
                ) -> tuple[tuple[Essay, ...], tuple[Diagnostic, ...]]:
    """Read and check every essay in ``folder``; all problems, sorted by file and line.
    ``reads``: the essays the last build read, kept (:mod:`.reuse`)."""
    root = Path(root)
    paths = essay_paths(Path(folder))
    targets = replace(targets, essays={**_header_slugs(paths), **targets.essays})
    essays: list[Essay] = []
    diags: list[Diagnostic] = []
    seen: dict[str, str] = {}
    for path in paths:
        if reads is None:
            essay, found = read_essay(path, root, targets)
        else:
            essay, found = reads.read(path, root, targets.essays,
                                      lambda path=path: read_essay(path, root, targets))
        diags.extend(found)
        if essay is None:
            continue
        if essay.slug in seen:
            where = essay.lines.get("Slug") or essay.lines.get("Title", 1)
            diags.append(Diagnostic(essay.source, where, f"slug '{essay.slug}' is also used by "
                                    f"{seen[essay.slug]}", "set a distinct 'Slug:' in one of "
                                    "them", "error"))
            continue
        seen[essay.slug] = essay.source
        essays.append(essay)
    if reads is not None:
        reads.save()
    diags.sort(key=lambda d: (d.path, d.line))  # stable: each line's problems in text order
    return tuple(essays), tuple(diags)


def backlinks(essays: Iterable[Essay], drafts: bool = False
              ) -> dict[tuple[str, str], list[str]]:
    """``{(document slug, passage id): [slugs of the essays citing it]}``, sorted."""
    out: dict[tuple[str, str], set[str]] = {}
    for essay in essays:
        if essay.draft and not drafts:
            continue
        for c in essay.citations:
            out.setdefault((c.document, c.passage), set()).add(essay.slug)
    return {k: sorted(v) for k, v in sorted(out.items())}


def image_url(essay: Essay, written: str) -> str:
    """An image or file path as the essay writes it -> its URL from the essay's page,
    assuming the file is copied to the same path under the output as under ``content/``."""
    for link in essay.links:
        if link.kind in COPIED and link.written == written:
            return relative(essay.save_as, link.target)
    return written


def essay_markdown(essay: Essay, targets: Targets) -> Any:
    """The ``markdown.Markdown`` instance that renders the essay's body (the one the
    validator parses with, :func:`dossier.essays.markup.essay_markdown`): references
    resolved, and images and ``{static}/…`` links pointed at their copies, relative to the
    essay's own page. Callers may register more tree processors before ``convert``."""

    class LocalFiles(Treeprocessor):
        def run(self, root: Any) -> None:
            for img in root.iter("img"):
                img.set("src", image_url(essay, img.get("src", "")))
            for a in root.iter("a"):
                path, hash_, fragment = (a.get("href") or "").partition("#")
                if PELICAN_LINK.match(path):
                    a.set("href", image_url(essay, path) + hash_ + fragment)

    md, _ = essay_markdown_for(essay.slug, TargetResolver(targets, essay.save_as))
    md.treeprocessors.register(LocalFiles(md), "dossier-local-files", 0)
    return md


def render_essay(essay: Essay, targets: Targets) -> str:
    """The essay's body as HTML (see :func:`essay_markdown`)."""
    return essay_markdown(essay, targets).convert(essay.body)
