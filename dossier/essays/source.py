"""Essays: ``content/essays/*.md``, Pelican's metadata header, then Markdown.

    content/essays/*.md --load_essays(targets)--> essays + diagnostics
    essays              --backlinks-->            {(doc, passage): [essay slugs]}
    essay + targets     --render_essay-->         HTML body (dossier.essays.refs)

:class:`Targets` lists everything an essay may link to (documents and their passages,
themes, entities, events, other pages); :class:`TargetResolver` turns a parsed reference
into a URL relative to the essay's page, for :mod:`dossier.essays.refs`. Every mistake is a
:class:`~dossier.model.Diagnostic` with file and line (``path:line: error: what — fix``),
all of them collected; nothing here raises on an editor's mistake.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from slugify import slugify

from dossier.essays.refs import KINDS, REF_PATTERN, Ref, Resolved, parse_ref
from dossier.model import Corpus, Diagnostic, Entity, Event, PassageRef, Theme
from dossier.urls import doc_url, entity_url, essay_url, event_url, relative, root_prefix, theme_url
from dossier.util.dates import parse_timestamp
from dossier.util.diagnostics import Reporter
from dossier.util.text import ELLIPSIS

ESSAY_SAVE_AS = essay_url("{slug}")
#: Where each kind of target lives, relative to the site root (from dossier/urls.py).
URLS: Mapping[str, str] = MappingProxyType({
    "document": doc_url("{target}"),
    "passage": doc_url("{target}") + "#{fragment}",
    "theme": theme_url("{target}"),
    "entity": entity_url("{target}"),
    "event": event_url("{target}"),
    "essay": essay_url("{target}"),
    "page": "{target}",
})
#: Header keys, as written in docs/editing.md; matched case-insensitively, like Pelican.
KEYS = ("Title", "Date", "Modified", "Authors", "Summary", "Themes", "Status", "Image",
        "Image-Alt", "Slug")
REQUIRED = {"Title": "add a 'Title: …' line to the header",
            "Date": "add a 'Date: YYYY-MM-DD' line to the header"}
STATUSES = ("published", "draft", "hidden")
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QUOTE_WORDS = 24
PATH_CUTOFF = 0.85  # paths share "/index.html": only a close typo is worth suggesting

_META = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_MORE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_REF = re.compile(r"(?<!\\)" + REF_PATTERN)
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*)?\)")
_LINK = re.compile(r"(?<![!\\])\[[^\]\n]*\]\(\s*<?([^)\s>]*)>?(?:\s+[\"'][^)]*)?\)")
_LINK_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_PELICAN = re.compile(r"^\{(filename|static|attach)\}")


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class DocTarget:
    title: str
    passages: Mapping[str, str]  # passage id -> plain text, in document order
    aliases: Mapping[str, str] = field(default_factory=dict)  # old id -> current id

    def number(self, passage: str) -> int:
        """1-based position of the passage in the document (for "¶ 12")."""
        return list(self.passages).index(passage) + 1


@dataclass(frozen=True)
class Targets:
    """What an essay can link to. Titles are the default link texts."""

    documents: Mapping[str, DocTarget] = field(default_factory=dict)
    themes: Mapping[str, str] = field(default_factory=dict)  # slug -> title
    entities: Mapping[str, str] = field(default_factory=dict)  # id -> name
    events: Mapping[str, str] = field(default_factory=dict)  # id -> title
    pages: Mapping[str, str] = field(default_factory=dict)  # site path -> title
    essays: Mapping[str, str] = field(default_factory=dict)  # slug -> title (load_essays)
    urls: Mapping[str, str] = field(default_factory=lambda: URLS)

    @classmethod
    def build(cls, corpus: Corpus, themes: Iterable[Theme] = (),
              entities: Iterable[Entity] = (), events: Iterable[Event] = (),
              pages: Mapping[str, str] | None = None) -> Targets:
        """From the model; ``pages`` adds other site pages (``"timeline/index.html"``)."""
        docs = {
            d.slug: DocTarget(d.meta.title or d.slug, {b.id: b.text for b in d.passages},
                              dict(d.meta.aliases))
            for d in corpus.documents
        }
        return cls(docs, {t.slug: t.title for t in themes}, {e.id: e.name for e in entities},
                   {e.id: e.title for e in events}, dict(pages or {"index.html": "Home"}))

    def site_paths(self) -> set[str]:
        """Every page an ordinary relative Markdown link may point to."""
        paths = set(self.pages)
        for kind, names in (("document", self.documents), ("theme", self.themes),
                            ("entity", self.entities), ("essay", self.essays)):
            paths.update(self.urls[kind].format(target=n) for n in names)
        paths.update(self.urls["event"].format(target=n).split("#")[0] for n in self.events)
        return paths


_WHERE = {
    "theme": "themes are the files in content/themes/",
    "entity": "entities are listed in content/entities.toml",
    "event": "events are listed in content/events.toml",
    "essay": "essays are the files in content/essays/",
    "page": "use a page path such as index.html or timeline/index.html",
}


@dataclass(frozen=True)
class Found:
    path: str  # relative to the site root
    title: str
    text: str = ""


def _near(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=cutoff)
    return f"did you mean '{close[0]}'?" if close else ""


def lookup(ref: Ref, targets: Targets) -> Found | tuple[str, str]:
    """A well-formed reference -> where it points, or ``(message, fix)``."""
    kind, name = ref.kind, ref.target
    if kind in ("document", "passage"):
        doc = targets.documents.get(name)
        if doc is None:
            what = "citation of" if kind == "passage" else "link to"
            return (f"{what} unknown document '{name}'",
                    _near(name, targets.documents) or "use a slug from the document's URL: "
                    "documents/<slug>/index.html")
        if kind == "document":
            return Found(targets.urls["document"].format(target=name), doc.title)
        pid = doc.aliases.get(ref.fragment, ref.fragment)
        if pid not in doc.passages:
            return (f"document '{name}' has no passage '{ref.fragment}'",
                    _near(ref.fragment, doc.passages) or "copy the id from the ¶ link next "
                    "to the passage on the document's page")
        return Found(targets.urls["passage"].format(target=name, fragment=pid),
                     f"{doc.title}, ¶ {doc.number(pid)}", doc.passages[pid])
    table = {"theme": targets.themes, "entity": targets.entities, "event": targets.events,
             "essay": targets.essays, "page": targets.pages}[kind]
    if name not in table:
        near = _near(name, table, PATH_CUTOFF if kind == "page" else 0.6)
        return f"link to unknown {kind} '{name}'", near or _WHERE[kind]
    return Found(targets.urls[kind].format(target=name), table[name] or name)


class TargetResolver:
    """The :mod:`dossier.essays.refs` resolver for a page at ``page_path``; records failures."""

    def __init__(self, targets: Targets, page_path: str = ESSAY_SAVE_AS) -> None:
        self.targets = targets
        self.prefix = root_prefix(page_path)
        self.unresolved: list[Ref] = []

    def __call__(self, ref: Ref) -> Resolved | None:
        found = lookup(ref, self.targets)
        if not isinstance(found, Found):
            self.unresolved.append(ref)
            return None
        words = found.text.split()
        note = " ".join(words[:QUOTE_WORDS]) + (ELLIPSIS if len(words) > QUOTE_WORDS else "")
        return Resolved(self.prefix + found.path, found.title, found.text, note)


# --------------------------------------------------------------------------- essays


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

    @property
    def draft(self) -> bool:
        return self.status == "draft"

    @property
    def save_as(self) -> str:
        return essay_url(self.slug)


def parse_header(lines: Sequence[str], out: Reporter) -> tuple[dict[str, tuple[str, int]], int]:
    """Pelican's ``Key: value`` header -> {canonical key: (value, line)}, body's index."""
    meta: dict[str, tuple[str, int]] = {}
    canonical = {k.lower(): k for k in KEYS}
    i = 0
    if lines and lines[0].strip() == "---":
        i = 1
    elif lines and not lines[0].strip():
        out.error(1, "the file starts with a blank line, so Pelican sees no header",
                  "start the file with the 'Title: …' line")
        while i < len(lines) and not lines[i].strip():
            i += 1
    last = ""
    while i < len(lines) and lines[i].strip() and lines[i].strip() not in ("---", "..."):
        n, text = i + 1, lines[i]
        i += 1
        more, m = _MORE.match(text), _META.match(text)
        if more and last:
            value, line = meta[last]
            meta[last] = (f"{value} {more.group('value').strip()}".strip(), line)
            continue
        if not m:
            out.error(n, f"header line {text.strip()!r} is not 'Key: value'",
                      "leave a blank line between the header and the text")
            last = ""
            continue
        key, value = m.group("key"), m.group("value").strip()
        name = canonical.get(key.lower())
        last = ""
        if name is None:
            out.error(n, f"unknown metadata key '{key}'",
                      _near(key, KEYS) or f"known keys: {', '.join(KEYS)}")
        elif name in meta:
            out.error(n, f"'{name}' is given twice (first on line {meta[name][1]})",
                      "keep only one")
        else:
            meta[name], last = (value, n), name
    if i < len(lines) and lines[i].strip() in ("---", "..."):
        i += 1
    return meta, i


def parse_date(value: str, key: str, line: int, out: Reporter) -> str:
    """``YYYY-MM-DD[ HH:MM[:SS]]`` -> ISO text, or "" after reporting the problem."""
    iso, problem = parse_timestamp(value, key)
    if problem:
        out.error(line, *problem)
    return iso


def _split_list(value: str) -> tuple[str, ...]:
    sep = ";" if ";" in value else ","  # Pelican's rule for Authors
    return tuple(v.strip() for v in value.split(sep) if v.strip())


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
class _Scan:
    citations: list[Citation] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


def _check_ref(ref: Ref, line: int, lines: Sequence[str], idx: int, targets: Targets,
               out: Reporter, scan: _Scan) -> None:
    if ref.problem:
        fix = ""
        if ref.problem.startswith("unknown kind"):
            fix = _near(f"{ref.kind}:", [f"{k}:" for k in KINDS])
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


def _check_image(path: str, alt: str, line: int, essay_dir: Path, content: Path,
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
                  _near(_PELICAN.sub("", path).lstrip("/"), files)
                  or "put the file under content/ or fix the path")
        return None


def _check_link(url: str, line: int, save_as: str, essay_dir: Path, content: Path,
                targets: Targets, out: Reporter, scan: _Scan) -> None:
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
              content: Path, targets: Targets, out: Reporter) -> _Scan:
    """Check every reference, image and link of the body; collect what it cites."""
    scan = _Scan()
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
            image = _check_image(m.group(2), m.group(1), n, essay_dir, content, out)
            if image is not None:
                scan.links.append(image)
        for m in list(_LINK.finditer(rest)) + list(_LINK_DEF.finditer(rest)):
            _check_link(m.group(1), n, save_as, essay_dir, content, targets, out, scan)
    return scan


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
                  _near(status, STATUSES) or "use 'draft' or 'published'")
    themes = _split_list(value.get("Themes", ""))
    for slug in themes:
        if slug not in targets.themes:
            out.error(line["Themes"], f"unknown theme '{slug}'", _near(slug, targets.themes)
                      or f"add content/themes/{slug}.md or remove '{slug}' from Themes")
    title = value.get("Title", "")
    slug = value.get("Slug") or slugify(title) or slugify(path.stem)
    if value.get("Slug") and not SLUG_RE.match(slug):
        out.error(line["Slug"], f"slug {slug!r} cannot be part of a URL",
                  f"use lower-case letters, digits and '-': '{slugify(slug)}'")
    content = root / "content"
    image = None
    if value.get("Image"):
        image = _check_image(value["Image"], value.get("Image-Alt", ""), line["Image"],
                             path.parent, content, out, header=True)
    elif value.get("Image-Alt"):
        out.warn(line["Image-Alt"], "Image-Alt without Image", "add 'Image: path' or drop it")
    body = lines[start:]
    while body and not body[0].strip():
        body, start = body[1:], start + 1
    save_as = essay_url(slug)
    scan = scan_body(body, start + 1, save_as, path.parent, content, targets, out)
    if not (title and date) or not SLUG_RE.match(slug):
        return None, out.diagnostics
    essay = Essay(rel, slug, title, date, modified, _split_list(value.get("Authors", "")),
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


def load_essays(folder: Path, root: Path, targets: Targets
                ) -> tuple[tuple[Essay, ...], tuple[Diagnostic, ...]]:
    """Read and check every essay in ``folder``; all problems, sorted by file and line."""
    root = Path(root)
    paths = essay_paths(Path(folder))
    targets = replace(targets, essays={**_header_slugs(paths), **targets.essays})
    essays: list[Essay] = []
    diags: list[Diagnostic] = []
    seen: dict[str, str] = {}
    for path in paths:
        essay, found = read_essay(path, root, targets)
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
    diags.sort(key=lambda d: (d.path, d.line))  # stable: each line's problems in text order
    return tuple(essays), tuple(diags)


# --------------------------------------------------------------------------- uses


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


def markdown_extensions(targets: Targets, page_path: str = ESSAY_SAVE_AS) -> list[Any]:
    """Extensions to render an essay body: Pelican's defaults plus the reference syntax."""
    from dossier.essays.refs import DossierRefExtension

    return ["markdown.extensions.extra",
            DossierRefExtension(resolver=TargetResolver(targets, page_path))]


def image_url(essay: Essay, written: str) -> str:
    """An image path as the essay writes it -> its URL from the essay's page, assuming the
    file is copied to the same path under the output as under ``content/``."""
    for link in essay.links:
        if link.kind == "image" and link.written == written:
            return relative(essay.save_as, link.target)
    return written


def essay_markdown(essay: Essay, targets: Targets) -> Any:
    """The ``markdown.Markdown`` instance that renders the essay's body: references
    resolved and images pointed at their copies, relative to the essay's own page.
    Callers may register more tree processors before ``convert``."""
    import markdown
    from markdown.treeprocessors import Treeprocessor

    class ImageSrc(Treeprocessor):
        def run(self, root: Any) -> None:
            for img in root.iter("img"):
                img.set("src", image_url(essay, img.get("src", "")))

    md = markdown.Markdown(extensions=markdown_extensions(targets, essay.save_as))
    md.treeprocessors.register(ImageSrc(md), "dossier-image-src", 0)
    return md


def render_essay(essay: Essay, targets: Targets) -> str:
    """The essay's body as HTML (see :func:`essay_markdown`)."""
    return essay_markdown(essay, targets).convert(essay.body)
