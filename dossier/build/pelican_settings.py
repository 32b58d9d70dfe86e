"""The Pelican settings of a site, and what every page depends on besides its own values.

:func:`site_settings` reads ``pelicanconf.py`` (Pelican's log collected, never printed);
:func:`template_context` is the settings as the templates see them; :func:`site_templates`
the site's one Jinja environment (the generator's, and the search pages'); :func:`site_key`
the digest of the code, theme and settings that is part of every page's key.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import jinja2
from pelican.settings import read_settings

from dossier.build.manifest import stable_digest
from dossier.util.cache import code_fingerprint, make_key

SETTINGS_FILE = "pelicanconf.py"  # in the project folder


# Settings that name this run's folders (a temporary output folder), not what pages show.
RUN_SETTINGS = frozenset({"OUTPUT_PATH"})


# The libraries that turn a page's values into its bytes.
RENDERING_LIBRARIES = ("jinja2", "markupsafe", "pelican")


def site_key(settings: Mapping[str, Any], settings_file: Path) -> str:
    """What every page depends on besides its own values: the code that renders pages (and
    the versions of the libraries it renders with), the theme (templates and static files),
    the settings file (its filters and globals are code) and the settings as the templates
    see them."""
    folders = [*settings.get("THEME_TEMPLATES_OVERRIDES", ()), str(settings["THEME"])]
    h = hashlib.sha256(code_fingerprint("dossier").encode())
    for name in RENDERING_LIBRARIES:
        h.update(f"{name}=={metadata.version(name)}\0".encode())
    h.update(settings_file.read_bytes() if settings_file.is_file() else b"")
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    shown = {k: v for k, v in template_context(settings).items() if k not in RUN_SETTINGS}
    return make_key(h.hexdigest(), stable_digest(shown))




class _Collect(logging.Handler):
    """Turns Pelican's warnings and errors into diagnostics instead of console noise."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def _quiet_pelican():
    """Pelican's log collected (see :class:`_Collect`) and its prints swallowed."""
    logger = logging.getLogger("pelican")
    handler = _Collect()
    saved = logger.handlers[:], logger.propagate, logger.level
    logger.handlers = [handler]
    logger.propagate = False
    logger.setLevel(logging.WARNING)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield handler
    finally:
        logger.handlers, logger.propagate, _ = saved
        logger.setLevel(saved[2])


def site_settings(root: Path, site_url: str, **overrides: Any) -> dict[str, Any]:
    """The settings of ``root/pelicanconf.py`` with Pelican's defaults, the site URL and
    ``overrides`` (e.g. ``DOSSIER_SEARCH=False``)."""
    with _quiet_pelican():
        return read_settings(str(Path(root) / SETTINGS_FILE),
                             override={"SITEURL": site_url.rstrip("/"), **overrides})


def template_context(settings: Mapping[str, Any]) -> dict[str, Any]:
    """The settings as the templates see them: the upper-case names (SITENAME, SITEURL,
    BUILD_DATE, DOSSIER_SEARCH, …), without the Jinja environment's own."""
    return {k: v for k, v in settings.items() if k.isupper() and not k.startswith("JINJA")}


def site_templates(settings: Mapping[str, Any]) -> jinja2.Environment:
    """The site's Jinja environment: the theme's templates (after any
    ``THEME_TEMPLATES_OVERRIDES``) with ``JINJA_ENVIRONMENT``'s options and the settings'
    filters, globals and tests."""
    folders = [*settings.get("THEME_TEMPLATES_OVERRIDES", ()),
               str(Path(settings["THEME"]) / "templates")]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folders),
                             **settings["JINJA_ENVIRONMENT"])
    env.filters.update(settings.get("JINJA_FILTERS", {}))
    env.globals.update(settings.get("JINJA_GLOBALS", {}))
    env.tests.update(settings.get("JINJA_TESTS", {}))
    return env
