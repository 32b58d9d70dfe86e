"""Pelican settings for the Dossier site.

Every path is built from this file's location, so a build works from any
working directory (Pelican only makes a few settings absolute by itself).
Everything Pelican would produce that the site does not use is switched off:
the pages come from the ``dossier.build.pelican`` generator, not from ``content/``.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import StrictUndefined

ROOT = Path(__file__).resolve().parent

SITENAME = "Dossier"
SITESUBTITLE = "Source documents, cleaned and structured"
DEFAULT_LANG = "en"
TIMEZONE = "UTC"

PATH = str(ROOT / "content")
OUTPUT_PATH = str(ROOT / "output")
THEME = str(ROOT / "theme")
# No plugins: dossier.build.pelican.run_pelican registers the generator for each run.
PLUGINS: list[str] = []

# Links: relative, so one build works under any sub-path and from file://.
# SITEURL is only used for <link rel="canonical">; pages link relatively.
SITEURL = os.environ.get("SITEURL", "").rstrip("/")
RELATIVE_URLS = True

# Seed text is data: templates must escape everything that is not Markup.
# A misspelt variable is an error, not an empty string.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True,
                     "undefined": StrictUndefined, "extensions": []}


def _build_date() -> str:
    """The "built on" date: from SOURCE_DATE_EPOCH only, never from the clock.

    Empty when the variable is unset (the footer then shows no date); an
    invalid value is reported by the CLI before Pelican runs.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw.isdigit():
        return ""
    return datetime.fromtimestamp(int(raw), tz=UTC).date().isoformat()


BUILD_DATE = _build_date()

# Whether the build writes the search index and pages (build.py build --no-search: False);
# base.html links "Search" only when it does.
DOSSIER_SEARCH = True

# Nothing from content/: no articles, pages, static files or their listings.
ARTICLE_PATHS: list[str] = []
PAGE_PATHS: list[str] = []
STATIC_PATHS: list[str] = []
DIRECT_TEMPLATES: list[str] = []
PAGINATED_TEMPLATES: dict[str, int | None] = {}
DEFAULT_PAGINATION = False
ARTICLE_SAVE_AS = ""
ARTICLE_LANG_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_LANG_SAVE_AS = ""
PAGE_SAVE_AS = ""
PAGE_LANG_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DRAFT_PAGE_LANG_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
INDEX_SAVE_AS = ""  # index.html is written by dossier.build.pelican

# No feeds for now.
FEED_DOMAIN = None
FEED_ATOM = None
FEED_RSS = None
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = None
TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
TRANSLATION_FEED_RSS = None

# Build hygiene.
LOAD_CONTENT_CACHE = False
CACHE_CONTENT = False
DELETE_OUTPUT_DIRECTORY = False  # dossier.build.site builds aside and swaps instead
OUTPUT_SOURCES = False
THEME_STATIC_DIR = "theme"
THEME_STATIC_PATHS = ["static"]
