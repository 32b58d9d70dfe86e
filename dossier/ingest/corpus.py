"""The ingestion pipeline, top to bottom. Each stage is a plain function:

    bytes --decode--> text --normalize--> lines --segment--> units
          --structure--> blocks --inline--> blocks with spans --ids--> passages
          + catalogue metadata --> Document

Problems with an input are collected as diagnostics (warnings unless the build
cannot go on); one bad seed never stops the others.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from slugify import slugify

from dossier.ingest.accounting import check as check_words
from dossier.ingest.catalogue import Catalogue, kept_catalogue, language_tag
from dossier.ingest.citations import link_citations
from dossier.ingest.decode import Decoded, decode
from dossier.ingest.ids import assign_ids
from dossier.ingest.inline import apply_inline
from dossier.ingest.line_rules import load_boilerplate
from dossier.ingest.marks import strip_marks
from dossier.ingest.normalize import normalize_lines, numbered
from dossier.ingest.scripts import language_check
from dossier.ingest.segment import segment
from dossier.ingest.structure import structure
from dossier.ingest.webpage import (
    Page,
    declared_encoding,
    fill_in,
    is_webpage,
    read_webpage,
)
from dossier.model import Block, Corpus, Diagnostic, DocMeta, Document, Join, Line, Removal
from dossier.util.cache import Cache, code_fingerprint, default_cache_dir, make_key

SEED_SUFFIXES = (".txt", ".html", ".htm")  # any case: NOTES.TXT is a seed


@dataclass(frozen=True)
class Cleaned:
    """Everything the cleaner produced for one text, before metadata."""

    lines: tuple[Line, ...]
    blocks: tuple[Block, ...]
    removals: tuple[Removal, ...]
    joins: tuple[Join, ...]
    wrapped: bool


def clean_text(text: str, source: str, boilerplate: tuple[re.Pattern[str], ...] = ()) -> Cleaned:
    """Decoded text -> structured blocks with ids; the heart of ingestion."""
    return clean_lines(numbered(text), source, boilerplate)


def clean_lines(raw: Sequence[Line], source: str,
                boilerplate: tuple[re.Pattern[str], ...] = (),
                headings: Mapping[int, bool] | None = None) -> Cleaned:
    """Numbered raw lines (a text's, or a web page's) -> structured blocks with ids.
    ``headings``: index in ``raw`` -> whether that line is known to be a heading or not."""
    lines, char_removals = normalize_lines(raw, source)
    unmarked, mark_removals, hints = strip_marks(lines, source)
    hints.update(headings or {})
    known = {(unmarked[i].number, unmarked[i].text.strip()): is_heading
             for i, is_heading in hints.items() if i < len(unmarked)}
    seg = segment(tuple(unmarked), source, boilerplate)
    blocks, struct_removals, struct_joins = structure(seg.units, source, headings=known)
    blocks, inline_removals = apply_inline(blocks)
    blocks = link_citations(assign_ids(blocks))
    removals = (char_removals + tuple(mark_removals) + seg.removals + struct_removals
                + inline_removals)
    return Cleaned(lines, blocks, removals, seg.joins + struct_joins, seg.wrapped)


def clean_seed(name: str, text: str, source: str,
               boilerplate: tuple[re.Pattern[str], ...] = ()) -> tuple[Cleaned, Page | None]:
    """A seed's decoded text, cleaned: a web page (:func:`is_webpage`) is read as its text
    first, and comes back too (what reading it dropped, its chrome, is not in the cleaned
    lines; what it says of itself is its ``meta``)."""
    if not is_webpage(name, text):
        return clean_text(text, source, boilerplate), None
    page = read_webpage(text, source)
    return clean_lines(page.lines, source, boilerplate, page.headings), page


def _first(blocks: tuple[Block, ...], kind: str) -> str:
    return next((b.text for b in blocks if b.kind == kind), "")


def _inferred_title(blocks: tuple[Block, ...]) -> str:
    heading = next((b.text for b in blocks if b.kind == "heading" and b.section == "body"), "")
    para = next((b.text for b in blocks if b.kind == "paragraph"), "")
    words = (para or heading).split()
    if not words:
        return ""
    return " ".join(words[:10]) + ("…" if len(words) > 10 else "")


def build_meta(cleaned: Cleaned, entry: dict | None) -> DocMeta:
    entry = entry or {}
    blocks = cleaned.blocks
    text_title = _first(blocks, "title")
    title = entry.get("title") or text_title
    inferred = False
    if not title:
        title = entry.get("editorial_title") or _inferred_title(blocks)
        inferred = True
    authors = tuple(entry.get("authors") or ())
    if not authors:
        line = _first(blocks, "authors")
        if line:
            authors = tuple(a.strip() for a in re.split(r"\s*(?:,|&|\band\b)\s*",
                                                        re.sub(r"^By\s+", "", line)) if a.strip())
    keywords = _first(blocks, "keywords")
    if keywords:
        keywords = re.sub(r"^[^:—–-]+[:—–-]\s*", "", keywords)
    return DocMeta(
        title=title,
        title_inferred=inferred,
        deck=_first(blocks, "deck"),
        authors=authors,
        affiliations=tuple(b.text for b in blocks if b.kind == "affiliation"),
        keywords=tuple(k.strip() for k in keywords.split(",") if k.strip()) if keywords else (),
        publisher=entry.get("publisher", ""),
        date=str(entry.get("date", "")),
        date_precision=entry.get("date_precision", ""),
        date_note=entry.get("date_note", ""),
        genre=entry.get("genre", ""),
        url=entry.get("url", ""),
        provenance_note=entry.get("provenance_note", ""),
        mode=entry.get("mode", "full"),
        rights=entry.get("rights", ""),
        aliases=tuple(sorted((str(k), str(v)) for k, v in (entry.get("aliases") or {}).items())),
        language=language_tag(entry.get("language")),
    )


def _as_declared(data: bytes, decoded: Decoded) -> Decoded:
    """A web page that is not UTF-8 but declares its charset is read in that charset."""
    charset = declared_encoding(data)
    try:
        if not charset or codecs.lookup(charset).name in ("utf-8", "cp1252"):
            return decoded
        return Decoded(data.decode(charset), charset)
    except (LookupError, UnicodeDecodeError):  # an unknown charset, or not in it: as decoded
        return decoded


def ingest_file(
    path: Path, root: Path, catalogue: Catalogue, boilerplate: tuple[re.Pattern[str], ...]
) -> tuple[Document | None, list[Diagnostic]]:
    rel = path.relative_to(root).as_posix()
    diags: list[Diagnostic] = []
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic(rel, 0, f"cannot read the file ({exc.strerror})",
                                 "check its permissions")]
    decoded = decode(data, rel)
    if decoded.text is not None and decoded.encoding == "cp1252" and is_webpage(path.name,
                                                                               decoded.text):
        decoded = _as_declared(data, decoded)
    diags.extend(decoded.diagnostics)
    if decoded.text is None:
        return None, diags
    cleaned, page = clean_seed(path.name, decoded.text, rel, boilerplate)
    diags.extend(check_words(cleaned.lines, cleaned.blocks, cleaned.removals, cleaned.joins, rel))
    if page is not None:  # a web page's chrome: logged, but never in the lines accounted for
        cleaned = replace(cleaned, removals=tuple(sorted(page.removals + list(cleaned.removals),
                                                         key=lambda r: r.line)))
    if not any(b.kind in ("paragraph", "list_item") for b in cleaned.blocks):
        diags.append(Diagnostic(rel, 0, "no paragraphs found: the file has no running text",
                                "check that this is the document's text, not an index or a "
                                "list of links"))
        return None, diags
    entry = catalogue.entries.get(path.name)
    if entry is None:
        diags.append(Diagnostic(rel, 0, f"no catalogue entry in {catalogue.path}; title "
                                "inferred from the text",
                                f'add a [documents."{path.name}"] table with its metadata'))
    meta = build_meta(cleaned, fill_in(entry, page.meta) if page is not None else entry)
    where = (catalogue.path, catalogue.lines.get(path.name, 0)) if entry else (rel, 0)
    diags.extend(language_check(cleaned.blocks, meta.language, *where))
    slug = (entry or {}).get("slug") or slugify(meta.title or path.stem, max_length=60,
                                                 word_boundary=True) or slugify(path.stem)
    known = {b.id for b in cleaned.blocks if b.id}
    for old, new in meta.aliases:
        if new not in known:
            diags.append(Diagnostic(catalogue.path, catalogue.lines.get(path.name, 0),
                                    f"alias {old} points to {new}, which is not a passage of "
                                    f"{path.name}", "update the alias to the passage's new id"))
    doc = Document(slug=slug, source=rel, meta=meta, blocks=cleaned.blocks,
                   removals=cleaned.removals, joins=cleaned.joins, diagnostics=tuple(diags))
    return doc, diags


def seed_paths(seeds: Path) -> list[Path]:
    return sorted((p for p in seeds.iterdir() if p.is_file() and p.suffix.lower() in SEED_SUFFIXES),
                  key=lambda p: p.name)


_NOT_SEEDS = ("catalogue.toml", "boilerplate.list")  # the folder's own files
_EXPORT = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".epub", ".pages")


def unread_files(seeds: Path, root: Path) -> list[Diagnostic]:
    """A warning for each file in the seeds folder that is not read: a PDF or an essay put
    there by mistake must not vanish without a word. Hidden and backup files, README and
    LICENSE files are the folder's own and pass quietly."""
    diags = []
    for p in sorted(seeds.iterdir(), key=lambda p: p.name):
        name = p.name
        if (not p.is_file() or p.suffix.lower() in SEED_SUFFIXES or name in _NOT_SEEDS
                or name.startswith((".", "~", "#")) or name.endswith("~")
                or name.split(".")[0].upper() in ("README", "LICENSE", "COPYING", "NOTICE")):
            continue
        suffix = p.suffix.lower()
        if suffix in _EXPORT:
            fix = "export it as plain text (UTF-8 .txt) and put that file in seeds/"
        elif suffix in (".md", ".markdown"):
            fix = ("an essay goes in content/essays/; a source document is read when saved "
                   "as .txt")
        else:
            fix = "rename it .txt if it is a plain-text document, or move it out of seeds/"
        diags.append(Diagnostic(Path(os.path.relpath(p, root)).as_posix(), 0,
                                "not read: seeds are plain text (.txt) or saved web pages "
                                "(.html, .htm)", fix))
    return diags


INGEST_MODULES = ("dossier.model", "dossier.urls", "dossier.ingest")
PARALLEL_THRESHOLD = 16  # below this many uncached seeds, worker start-up costs more than it saves


def _ingest_job(args: tuple) -> tuple[Document | None, list[Diagnostic]]:
    path, root, catalogue, boilerplate_text = args
    return ingest_file(path, root, catalogue, load_boilerplate(boilerplate_text))


def _ingest_key(path: Path, data: bytes, catalogue: Catalogue, boilerplate_text: str) -> str:
    entry = catalogue.entries.get(path.name)
    return make_key(
        code_fingerprint(*INGEST_MODULES), path.name, data, boilerplate_text, catalogue.path,
        repr(sorted(entry.items())) if entry is not None else "<none>",
        str(catalogue.lines.get(path.name, 0)),
    )


def build_corpus(root: Path, *, cache_dir: Path | None | bool = True, jobs: int | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 folder: Path | None = None, boilerplate: Path | None = None) -> Corpus:
    """Ingest every seed. Per-seed results are cached by content hash (see dossier.util.cache);
    uncached seeds are ingested in parallel on all cores when there are enough of them.
    ``progress(done, total)`` is called as seeds finish.

    ``folder`` (default ``root/seeds``) holds the documents with their ``catalogue.toml``,
    and ``boilerplate`` (default the folder's ``boilerplate.list``) the boilerplate list;
    sources are named relative to ``root`` (the evaluator ingests its development set so)."""
    root = Path(root)
    seeds = Path(folder) if folder is not None else root / "seeds"
    cat_path = seeds / "catalogue.toml"
    folder = default_cache_dir(root) if cache_dir is True else (cache_dir or None)
    cache = Cache(folder, "ingest")
    catalogue = kept_catalogue(cat_path, Path(os.path.relpath(cat_path, root)).as_posix(),
                               cache)
    bp_path = Path(boilerplate) if boilerplate is not None else seeds / "boilerplate.list"
    bp_text = bp_path.read_text(encoding="utf-8") if bp_path.exists() else ""
    diags: list[Diagnostic] = list(catalogue.diagnostics)
    paths = seed_paths(seeds) if seeds.is_dir() else []
    if seeds.is_dir():
        diags.extend(unread_files(seeds, root))
    results: dict[Path, tuple[Document | None, list[Diagnostic]]] = {}
    todo: list[tuple[Path, str]] = []
    for path in paths:
        try:
            key = _ingest_key(path, path.read_bytes(), catalogue, bp_text)
        except OSError:
            key = ""
        hit = cache.get(key) if key else None
        if hit is not None:
            results[path] = hit
        else:
            todo.append((path, key))
    done = len(results)
    if progress:
        progress(done, len(paths))
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    args = [(path, root, catalogue, bp_text) for path, _ in todo]
    pool = (ProcessPoolExecutor(max_workers=workers)
            if len(todo) >= PARALLEL_THRESHOLD and workers > 1 else None)
    with pool or contextlib.nullcontext():
        outputs = (pool.map(_ingest_job, args, chunksize=max(1, len(todo) // (workers * 8)))
                   if pool else map(_ingest_job, args))
        for (path, key), out in zip(todo, outputs, strict=True):
            results[path] = out
            if key:
                cache.put(key, out)
            done += 1
            if progress:
                progress(done, len(paths))
    docs: list[Document] = []
    for path in paths:
        doc, d = results[path]
        diags.extend(d)
        if doc is not None:
            docs.append(doc)
    names = {p.name for p in paths}
    for name in sorted(catalogue.entries):
        if name not in names:
            diags.append(Diagnostic(catalogue.path, catalogue.lines.get(name, 0),
                                    f"catalogue entry for {name}, but there is no such seed",
                                    "remove the entry or add the file to seeds/"))
    seen: dict[str, str] = {}
    unique: list[Document] = []
    for doc in docs:
        if doc.slug in seen:
            diags.append(Diagnostic(doc.source, 0, f"slug '{doc.slug}' is also used by "
                                    f"{seen[doc.slug]}", "set a distinct slug in the catalogue",
                                    "error"))
            doc = replace(doc, slug=f"{doc.slug}-{Path(doc.source).stem}")
        seen[doc.slug] = doc.source
        unique.append(doc)
    diags.sort(key=lambda d: (d.path, d.line, d.message))
    return Corpus(documents=tuple(unique), diagnostics=tuple(diags))
