"""Command line: ``python build.py {build,check,serve}``.

Exit codes: 0 success; 1 the build failed (content errors, warnings with
``--strict``, broken links); 2 usage error. A user mistake never prints a
traceback.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dossier.build import incremental as warm
from dossier.build import pelican, preview, site
from dossier.build.outputdir import check_output_dir
from dossier.build.result import UsageError
from dossier.publish import linkcheck
from dossier.util import progress

ROOT = Path(__file__).resolve().parent.parent

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


# --------------------------------------------------------------------------- output


def _report(result: site.BuildResult, strict: bool, what: str, out=None) -> None:
    out = out or sys.stdout
    for d in result.diagnostics:
        print(d, file=out)
    n_err, n_warn = len(result.errors), len(result.warnings)
    counts = f"{n_err} error{'s' * (n_err != 1)}, {n_warn} warning{'s' * (n_warn != 1)}"
    docs = f"{result.documents} document{'s' * (result.documents != 1)}"
    if result.failed(strict):
        why = " (--strict: warnings fail the build)" if strict and not n_err else ""
        print(f"{what} FAILED: {docs}, {counts}{why}", file=out)
    else:
        print(f"{what} ok: {docs}, {counts}", file=out)


def _check_env() -> None:
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is not None and not raw.strip().isdigit():
        raise UsageError(f"SOURCE_DATE_EPOCH={raw!r} is not a whole number of seconds")


# --------------------------------------------------------------------------- commands


def _check_site_url(url: str) -> None:
    if url and not url.startswith(("http://", "https://")):
        raise UsageError(f"--site-url {url!r} must start with http:// or https://")


def _dist_dir(args: argparse.Namespace, output: Path) -> Path | None:
    """Where the bundle goes: --dist, else dist/ beside the output folder; None with
    --no-bundle. Never inside the output folder (the bundle would pack itself)."""
    if args.no_bundle:
        return None
    dist = Path(args.dist) if args.dist else output.resolve().parent / "dist"
    out = output.resolve()
    if dist.resolve() == out or out in dist.resolve().parents:
        raise UsageError(f"--dist {dist} is inside the output folder {output}")
    return dist


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{n / 1000:.0f} kB"


def cmd_build(args: argparse.Namespace) -> int:
    _check_env()
    _check_site_url(args.site_url)
    output = Path(args.output)
    # base.html links Search only if it is built
    settings = pelican.site_settings(ROOT, args.site_url, DOSSIER_SEARCH=not args.no_search)
    publishing = site.Publishing(search=not args.no_search, dist=_dist_dir(args, output),
                                 context=pelican.template_context(settings))
    result = site.build(ROOT, output, args.site_url,
                        functools.partial(pelican.run_pelican, settings), strict=args.strict,
                        publishing=publishing)
    _report(result, args.strict, "build")
    if result.scope == "essays":
        print("only essays changed: the essays' pages, index and feeds and the home page "
              "were made again, nothing else was read")
    if result.written:
        print(f"wrote {output.resolve()}")
        if result.search_stats:
            s = result.search_stats
            print(f"search: {s.pages} pages indexed, index {_size(s.index_bytes)} "
                  f"(+ {_size(s.offline_bytes)} for file://)")
    if result.bundle:
        b = result.bundle
        print(f"wrote {b.path} ({_size(b.bytes_zipped)}; {b.files} files, "
              f"{_size(b.bytes_unpacked)} unpacked)")
    if result.written:
        print(progress.summary(result.documents, result.pages_written, result.pages_unchanged,
                               result.seconds))
        print(f"{result.pages_rendered} pages rendered (the others show what they showed "
              "in the last build)")
    return EXIT_FAILED if result.failed(args.strict) else EXIT_OK


def _outcome(result: site.BuildResult, strict: bool, **more: Any) -> dict[str, Any]:
    buf = io.StringIO()
    _report(result, strict, "build", out=buf)
    if result.written and result.seconds:
        print(progress.summary(result.documents, result.pages_written, result.pages_unchanged,
                               result.seconds), file=buf)
    return {"ok": not result.failed(strict), "report": buf.getvalue(),
            "seconds": result.seconds, **more}


def cmd_warm(args: argparse.Namespace) -> int:
    """The preview's builder process (:mod:`dossier.build.incremental`): reads ``build``,
    ``search`` or ``quit`` lines on stdin and answers each with one JSON line on stdout (``ok``,
    ``report``, ``seconds``, ``mode``; ``restart`` when the code changed)."""
    _check_env()
    _check_site_url(args.site_url)
    output = Path(args.output)
    check_output_dir(ROOT, output)
    settings = pelican.site_settings(ROOT, args.site_url, DOSSIER_SEARCH=not args.no_search)
    publishing = site.Publishing(search=not args.no_search, dist=None,
                                 context=pelican.template_context(settings))
    builder = warm.WarmBuilder(ROOT, output, args.site_url,
                               functools.partial(pelican.run_pelican, settings),
                               strict=args.strict, publishing=publishing)
    answer, sys.stdout = sys.stdout, sys.stderr  # stray prints never reach the protocol
    for line in sys.stdin:
        command = line.strip()
        if command == "quit":
            break
        try:
            if command == "build":
                outcome = builder.build()
                if outcome.mode == "restart":
                    reply = {"ok": False, "restart": True, "report": "", "seconds": 0.0}
                else:
                    reply = _outcome(outcome.result, args.strict, mode=outcome.mode,
                                     search_stale=outcome.search_stale)
                    if outcome.note:
                        reply["report"] = f"build.py warm: {outcome.note}\n{reply['report']}"
            elif command == "search":
                reply = _outcome(builder.refresh_search(), args.strict, mode="search")
            else:
                reply = {"ok": False, "report": f"unknown command {command!r}", "seconds": 0.0}
        except Exception as exc:  # a bug in Dossier: say so, start afresh next time
            builder.state = None
            reply = {"ok": False, "seconds": 0.0,
                     "report": f"build.py: internal error: {type(exc).__name__}: {exc} — "
                               "this is a bug in Dossier; rerun `build.py build --debug`"}
        print(json.dumps(reply), file=answer, flush=True)
        if reply.get("restart"):
            break
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    result = site.check(ROOT)
    output = Path(args.output)
    if (output / "index.html").is_file():  # also the links of the last build, if any
        result.diagnostics = site.sort_diagnostics(
            result.diagnostics + linkcheck.check_site(output))
    _report(result, args.strict, "check")
    return EXIT_FAILED if result.failed(args.strict) else EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise UsageError(f"--port {args.port} is not a TCP port")
    _check_env()
    check_output_dir(ROOT, Path(args.output))
    _check_site_url(args.site_url)
    # Rebuilds write no offline bundle: a preview is not a release.
    extra = (("--no-bundle",) + ("--strict",) * args.strict
             + ("--site-url", args.site_url) * bool(args.site_url))
    return preview.serve(ROOT, args.port, output=Path(args.output), extra_args=extra)


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Build the Dossier site from seeds/ (.txt, and saved web pages).",
        epilog="Exit codes: 0 success, 1 build failed, 2 usage error.",
    )
    parser.add_argument("--debug", action="store_true",
                        help="show a traceback if Dossier itself crashes")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--strict", action="store_true", help="treat warnings as errors")

    def building(p: argparse.ArgumentParser) -> None:
        common(p)
        p.add_argument("--output", metavar="DIR", default=str(ROOT / "output"),
                       help="directory to write the site to (default: output/ in the project)")
        p.add_argument("--site-url", metavar="URL", default=os.environ.get("SITEURL", ""),
                       help="public address of the site, used for canonical links "
                            "(default: $SITEURL, else none)")

    p = sub.add_parser("build", help="build the site, check its links, then replace the output",
                       description="Run the pipeline and Pelican into a temporary directory, "
                                   "add the search index, check every link, and only then "
                                   "replace the output; then write the offline bundle "
                                   "<dist>/<site>-offline.zip from it.")
    building(p)
    p.add_argument("--no-search", action="store_true",
                   help="skip the search index and search pages (faster; pages then have no "
                        "Search link)")
    p.add_argument("--no-bundle", action="store_true",
                   help="do not write the offline bundle (a previous one is left as it is)")
    p.add_argument("--dist", metavar="DIR", default="",
                   help="where to write <site>-offline.zip (default: dist/ beside the output "
                        "folder, i.e. dist/ in the project)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("check", help="run the pipeline and report problems; write nothing",
                       description="Run the pipeline and report its diagnostics without "
                                   "writing any output; if a built site exists in the output "
                                   "directory, check its links and anchors too.")
    common(p)
    p.add_argument("--output", metavar="DIR", default=str(ROOT / "output"),
                   help="built site whose links to check, if it exists (default: output/)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("serve", help="build, serve the output on localhost, rebuild on changes",
                       description="Build the site, serve it at http://127.0.0.1:PORT/, and "
                                   "rebuild it (and reload open pages) whenever seeds/, "
                                   "content/, theme/, dossier/ or pelicanconf.py change.")
    building(p)
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.set_defaults(func=cmd_serve)

    # The preview's builder process (dossier/build/incremental.py), started by `serve`.
    p = sub.add_parser("warm")
    building(p)
    p.add_argument("--no-search", action="store_true")
    p.add_argument("--no-bundle", action="store_true")  # never a bundle: a preview
    p.set_defaults(func=cmd_warm)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return int(exc.code or 0)
    try:
        return args.func(args)
    except UsageError as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a bug in Dossier, not in the user's input
        if args.debug:
            raise
        print(f"{parser.prog}: internal error: {type(exc).__name__}: {exc} — this is a bug in "
              "Dossier; rerun with --debug for the traceback", file=sys.stderr)
        return EXIT_FAILED
