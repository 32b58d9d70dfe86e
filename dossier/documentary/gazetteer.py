"""The gazetteer: people, organisations, places, projects and agreements from
``content/entities.toml``.

Each ``[[entity]]`` table gives ``id``, ``name``, ``kind`` (one of :data:`KINDS`),
``aliases``, ``description`` and, optionally, ``short`` (short forms resolved from context,
such as "Khan"), ``default_for`` (short forms this entity takes when nothing else decides),
``context`` (cue phrases for that choice) and ``not_aliases`` (look-alikes that are not the
entity, such as "New York Times" for New York). See docs/gazetteer.md.

Mistakes in the file become diagnostics (``path:line: message — fix``); the loader never
raises. Mentions are found by :func:`dossier.documentary.mentions.find_mentions`, re-exported here.
"""

from __future__ import annotations

import re
from pathlib import Path

from dossier.documentary.mentions import alias_core, alias_key, compile_alias, find_mentions
from dossier.model import Diagnostic, Entity
from dossier.util.diagnostics import Reporter
from dossier.util.toml_lines import Table, did_you_mean, get_list, get_str, read_tables

__all__ = ["KINDS", "display_aliases", "find_mentions", "load_entities"]

# person, organisation, place: who and where. project: a thing built, funded or run over
# years (CPEC, a pipeline, a training programme); agreement: a text that binds once signed
# or passed (a peace agreement, a treaty, an amendment, a bill). Two kinds, not one, because
# readers look for them apart and schema.org types them apart (Project, Legislation).
KINDS = ("person", "organisation", "place", "project", "agreement")
KEYS = {"id", "name", "kind", "aliases", "short", "default_for", "context", "not_aliases",
        "description"}
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def load_entities(path: Path, root: Path) -> tuple[tuple[Entity, ...], tuple[Diagnostic, ...]]:
    tables, rep = read_tables(path, root, "entity", KEYS)
    entities: dict[str, Entity] = {}
    lines: dict[str, Table] = {}
    for table in tables:
        entity = _entity(table, rep)
        if entity is None:
            continue
        if entity.id in entities:
            rep.error(table.line_of("id"), f"duplicate entity id {entity.id!r}",
                    f"already used at line {entities[entity.id].line}; rename or merge them")
            continue
        entities[entity.id] = entity
        lines[entity.id] = table
    resolved = _check_shared(entities, lines, rep)
    diags = sorted(rep.diagnostics, key=lambda d: (d.line, d.message))
    return tuple(resolved[k] for k in sorted(resolved)), tuple(diags)


def display_aliases(entity: Entity) -> tuple[str, ...]:
    """Aliases for readers: brackets dropped ("[Pakistan's] army" -> "Pakistan's army"),
    the name and repeats (ignoring case and apostrophe style) left out, order kept. An
    alias whose bracketed context is all lower case ("[in] Washington", "Washington
    [-based]") is a matching rule, not a name, and is left out too."""
    seen = {alias_key(entity.name)}
    out: list[str] = []
    for a in entity.aliases:
        if "[" in a and all(c == c.lower() for c in re.findall(r"\[([^\]]*)\]", a)):
            continue
        plain = " ".join(a.replace("[", "").replace("]", "").split())
        if plain and alias_key(plain) not in seen:
            seen.add(alias_key(plain))
            out.append(plain)
    return tuple(out)


def _entity(t: Table, rep: Reporter) -> Entity | None:
    eid = get_str(t, "id", rep, required=True)
    name = get_str(t, "name", rep, required=True)
    kind = get_str(t, "kind", rep, required=True)
    ok = bool(eid and name and kind)
    if eid and not _ID.match(eid):
        rep.error(t.line_of("id"), f"id {eid!r} is not a slug",
                "use lower-case letters, digits and single hyphens, e.g. 'imran-khan'")
        ok = False
    if kind and kind not in KINDS:
        hint = did_you_mean(kind, KINDS) or f"use one of {', '.join(KINDS)}"
        rep.error(t.line_of("kind"), f"unknown kind {kind!r}", hint)
        ok = False
    description = get_str(t, "description", rep)
    if ok and not description:
        rep.warn(t.line, f"entity {eid!r} has no description", 'add description = "…"')
    aliases = get_list(t, "aliases", rep)
    short = get_list(t, "short", rep)
    default_for = get_list(t, "default_for", rep)
    context = get_list(t, "context", rep)
    not_aliases = get_list(t, "not_aliases", rep)
    for key, values in (("aliases", aliases), ("short", short), ("context", context),
                        ("not_aliases", not_aliases)):
        for v in values:
            if compile_alias(v) is None:
                rep.error(t.line_of(key), f"{key} entry {v!r} has no words outside brackets",
                        "write it as '[required context] words'")
    short_keys = {alias_key(s) for s in short}
    for d in default_for:
        if alias_key(d) not in short_keys:
            rep.error(t.line_of("default_for"), f"default_for {d!r} is not one of this "
                    "entity's short forms", 'add it to short = [...] or remove it')
    default_for = tuple(d for d in default_for if alias_key(d) in short_keys)
    blocked = {alias_key(n) for n in not_aliases}
    for a in (name, *aliases, *short):
        if a and alias_key(a) in blocked:
            rep.warn(t.line_of("not_aliases"), f"{a!r} is both an alias and a not_alias",
                     "remove it from one list")
    if not ok:
        return None
    return Entity(id=eid, name=name, kind=kind, aliases=aliases,  # type: ignore[arg-type]
                  description=description, source=rep.path, line=t.line,
                  not_aliases=not_aliases, short_forms=short, default_for=default_for,
                  context=context)


def _check_shared(entities: dict[str, Entity], tables: dict[str, Table], rep: Reporter
                  ) -> dict[str, Entity]:
    """An alias used by two entities must be a short form of each (resolved by context).

    When it is not, the mistake is reported and the alias is treated as a short form of
    every entity that uses it, so the build still links the unambiguous cases.
    """
    full: dict[str, list[str]] = {}
    short: dict[str, list[str]] = {}
    spelled: dict[str, str] = {}
    for e in entities.values():
        for a in (e.name, *e.aliases):
            k = alias_key(a)
            spelled.setdefault(k, a)
            if e.id not in full.setdefault(k, []):
                full[k].append(e.id)
        for s in e.short_forms:
            k = alias_key(s)
            spelled.setdefault(k, s)
            short.setdefault(k, []).append(e.id)
    demote: dict[str, set[str]] = {}
    for k in sorted(full):
        users = sorted(set(full[k]) | set(short.get(k, [])))
        if len(users) < 2:
            continue
        where = ", ".join(f"{u!r} (line {entities[u].line})" for u in users)
        rep.error(tables[full[k][0]].line_of("aliases"),
                f"alias {spelled[k]!r} is shared by {where} without disambiguation",
                f"list {alias_core(spelled[k])!r} under short = [...] in each entity (and "
                "default_for in at most one), or keep it in one entity only")
        for u in full[k]:
            demote.setdefault(u, set()).add(k)
    defaults: dict[str, str] = {}
    for e in sorted(entities.values(), key=lambda e: e.line):
        for d in e.default_for:
            k = alias_key(d)
            if k in defaults:
                rep.error(tables[e.id].line_of("default_for"),
                        f"{d!r} is already the default of {defaults[k]!r}",
                        "a short form can have one default entity; remove one default_for")
            else:
                defaults[k] = e.id
    out: dict[str, Entity] = {}
    for eid, e in entities.items():
        moved = demote.get(eid, set())
        keep_default = tuple(d for d in e.default_for if defaults.get(alias_key(d)) == eid)
        if moved or keep_default != e.default_for:
            aliases = tuple(a for a in e.aliases if alias_key(a) not in moved)
            extra = tuple(a for a in (e.name, *e.aliases) if alias_key(a) in moved)
            e = Entity(e.id, e.name, e.kind, aliases, e.description, e.source, e.line,
                       e.not_aliases, e.short_forms + extra, keep_default, e.context)
        out[eid] = e
    return out
