"""Deterministic synthetic corpora for the benchmark.

Documents are recombined sentences of the seed corpus (cleaned by Dossier itself, so
the text is realistic), in three shapes: one paragraph per line (news), hard-wrapped
PDF-style text with running headers and page numbers (so cleaning does real work),
and single-newline paragraphs (blog). The same N and seed always give the same bytes.
"""

from __future__ import annotations

import random
import re
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def seed_sentences() -> list[str]:
    from dossier.ingest.corpus import build_corpus

    sentences: list[str] = []
    for doc in build_corpus(ROOT).documents:
        for block in doc.blocks:
            if block.kind == "paragraph":
                sentences += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", block.text)
                              if 40 <= len(s) <= 400]
    return sorted(set(sentences))


def _paragraph(rng: random.Random, sentences: list[str]) -> str:
    return " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 5)))


def _title(rng: random.Random, sentences: list[str], i: int) -> str:
    words = re.findall(r"[A-Za-z][A-Za-z'-]+", rng.choice(sentences))
    return f"{' '.join(words[:7]).capitalize()} ({i})"


def document(rng: random.Random, sentences: list[str], i: int) -> tuple[str, str]:
    return shaped_document(rng, sentences, i)[:2]


def shaped_document(rng: random.Random, sentences: list[str], i: int
                    ) -> tuple[str, str, str]:
    """(title, text, shape): shape is news, pdf or blog."""
    title = _title(rng, sentences, i)
    paras = [_paragraph(rng, sentences) for _ in range(rng.randint(8, 20))]
    shape = rng.choice(["news", "news", "pdf", "blog"])
    if shape == "pdf":
        width = rng.randint(38, 60)
        lines: list[str] = [title, ""]
        for n, p in enumerate(paras):
            if n and n % 6 == 0:
                lines += [f"Heading number {n // 6} of the paper", ""]
            lines += [ln + " " for ln in textwrap.wrap(p, width)] + [""]
        out: list[str] = []
        for n, ln in enumerate(lines, 1):
            out.append(ln)
            if n % 45 == 0:
                out += ["", f"Synthetic Journal of Regional Affairs {i % 7}", "", str(n // 45), ""]
        return title, "\n".join(out) + "\n", shape
    if shape == "blog":
        return title, "\n".join(paras) + "\n", shape
    body = [title, ""]
    for n, p in enumerate(paras):
        if n and n % 5 == 0:
            body += [f"A subheading about part {n // 5}", ""]
        body += [p, ""]
    return title, "\n".join(body), shape


ESSAYS_PER_DOCUMENTS = 50  # one synthetic essay per this many documents
THEMES = ("afghanistan-withdrawal", "khan-ouster", "russia-tilt", "sanctions")


def essay(rng: random.Random, cited: list[tuple[str, str, str]], i: int) -> str:
    """An essay citing passages (slug, passage id, text) of the synthetic documents: four
    citations in running text and one block quote, as editors write them."""
    theme = THEMES[i % len(THEMES)]
    lines = [f"Title: Synthetic essay {i}", f"Slug: synthetic-essay-{i:04d}",
             f"Date: 20{15 + i % 10:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}",
             "Authors: Bench Editor", f"Themes: {theme}", "",
             f"An essay on [[theme:{theme}]], written by the benchmark.", ""]
    for slug, pid, text in cited[:-1]:
        words = " ".join(text.split()[:12])
        lines += [f"As one document puts it, {words}… [[{slug}#{pid}]]", ""]
    slug, pid, _ = cited[-1]
    lines += [f"[[> {slug}#{pid}]]", "", "And so the essay ends."]
    return "\n".join(lines) + "\n"


def generate(target: Path, n: int, seed: int = 1) -> list[tuple[str, str]]:
    """Write ``n`` seed files and a catalogue into ``target/seeds``, and one essay per
    :data:`ESSAYS_PER_DOCUMENTS` documents into ``target/content/essays`` (citing passages
    of one-paragraph-per-line documents, whose ids are known before any build: the
    fingerprint of the paragraph); return (file, title)."""
    from dossier.ingest.ids import passage_id

    rng = random.Random(seed)
    sentences = seed_sentences()
    seeds = target / "seeds"
    seeds.mkdir(parents=True, exist_ok=True)
    made = []
    catalogue = []
    essay_rng = random.Random(seed + 1)  # essays never change the documents' random stream
    citable: list[tuple[str, str, str]] = []
    for i in range(n):
        title, text, shape = shaped_document(rng, sentences, i)
        if shape == "news":  # one paragraph per line, subheadings short
            paragraphs = [ln for ln in text.split("\n\n")[1:] if len(ln.split()) > 20]
            if paragraphs:
                para = essay_rng.choice(paragraphs)
                citable.append((f"doc-{i:05d}", passage_id("paragraph", para), para))
        name = f"{i:05d}_synthetic.txt"
        (seeds / name).write_text(text, encoding="utf-8")
        made.append((name, title))
        catalogue.append(f'[documents."{name}"]\nslug = "doc-{i:05d}"\ngenre = "news report"\n'
                         f'date = "20{10 + i % 14:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}"\n'
                         'date_precision = "day"\nmode = "full"\n')
    (seeds / "catalogue.toml").write_text("\n".join(catalogue), encoding="utf-8")
    essays = target / "content" / "essays"
    essays.mkdir(parents=True, exist_ok=True)
    for i in range(n // ESSAYS_PER_DOCUMENTS):
        cited = [citable[essay_rng.randrange(len(citable))] for _ in range(5)]
        (essays / f"synthetic-essay-{i:04d}.md").write_text(essay(essay_rng, cited, i),
                                                            "utf-8")
    return made
