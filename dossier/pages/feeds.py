"""The Atom feeds of the essays: all of them, and one per theme (``feeds/``)."""

from __future__ import annotations

import html
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from dossier.essays import source as E
from dossier.essays.render import EssaySet, Rendered
from dossier.urls import ESSAYS_INDEX, FEED_ALL, essay_url, relative, theme_feed, theme_url

#: Feed and entry ids without a site URL: name-based (SHA-1) UUIDs in this namespace, a
#: constant chosen once: the same essay always gets the same ``urn:uuid:``.
ID_NAMESPACE = uuid.UUID("232a090d-ae89-4a51-8ea6-56c85a4f432d")


def _when(iso: str) -> datetime:
    return datetime.fromisoformat(iso).replace(tzinfo=UTC)


def entry_id(slug: str, site_url: str) -> str:
    """The essay's absolute URL when the site has one, else a stable ``urn:uuid:``."""
    if site_url:
        return f"{site_url.rstrip('/')}/{essay_url(slug)}"
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, 'essay/' + slug)}"


def feed_xml(es: EssaySet, rendered: Mapping[str, Rendered], feed_path: str, title: str,
             subtitle: str, home: str, essays: list[E.Essay], site_url: str,
             site_name: str) -> str:
    """One Atom feed. Links are absolute with a site URL, else relative to the feed file.
    ``updated`` is the newest essay date in the feed (or in the site, for an empty feed):
    never the clock."""
    import feedgenerator

    base = site_url.rstrip("/")

    def url(path: str) -> str:
        return f"{base}/{path}" if base else relative(feed_path, path)

    newest = max((e.modified or e.date for e in essays or es.listed), default="1970-01-01")

    class Feed(feedgenerator.Atom1Feed):
        def latest_post_date(self) -> datetime:
            return _when(newest)

    feed = Feed(title=title, link=url(home), description=subtitle, language="en",
                author_name=site_name, feed_url=url(feed_path) if base else None,
                feed_guid=(url(feed_path) if base else
                           f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, 'feed/' + feed_path)}"))
    for e in essays:
        summary = e.summary or (rendered[e.slug].first_words if e.slug in rendered else "")
        feed.add_item(
            title=e.title, link=url(essay_url(e.slug)),
            description=html.escape(summary, quote=False),
            author_name=", ".join(e.authors) or None, pubdate=_when(e.date),
            updateddate=_when(e.modified or e.date), unique_id=entry_id(e.slug, site_url),
            categories=[es.targets.themes.get(s, s) for s in e.themes])
    return feed.writeString("utf-8")


def feeds(es: EssaySet, rendered: Mapping[str, Rendered], site_url: str,
          site_name: str) -> dict[str, str]:
    """Site path -> Atom XML: all essays, and one feed per theme (empty ones included, so
    that a reader can subscribe to a theme before its first essay)."""
    out = {FEED_ALL: feed_xml(es, rendered, FEED_ALL, f"{site_name}: essays",
                              "Essays written from the source documents", ESSAYS_INDEX,
                              es.listed, site_url, site_name)}
    for slug, title in sorted(es.targets.themes.items()):
        path = theme_feed(slug)
        out[path] = feed_xml(es, rendered, path, f"{site_name}: essays on {title}",
                             f"Essays on the theme “{title}”", theme_url(slug),
                             [e for e in es.listed if slug in e.themes], site_url, site_name)
    return out


def write_feeds(es: EssaySet, rendered: Mapping[str, Rendered], output: Path, site_url: str,
                site_name: str) -> list[str]:
    written = []
    for rel, text in sorted(feeds(es, rendered, site_url, site_name).items()):
        path = output / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(rel)
    return written
