"""The README is checked against the real CLI and Makefile, so it cannot drift silently."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"


def cli_help(*args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "build.py", *args, "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, f"build.py {' '.join(args)} --help failed:\n{proc.stderr}"
    return proc.stdout


def subcommands() -> list[str]:
    """Subcommand names as argparse lists them (indented under the COMMAND heading)."""
    text = cli_help()
    listed = re.search(r"\{([a-z,-]+)\}", text)
    if listed:
        names = listed.group(1).split(",")
    else:
        names = re.findall(r"^ {4}([a-z][a-z-]*)\b", text, re.M)
    assert names, f"no subcommands found in build.py --help:\n{text}"
    return names


def options(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", text)) - {"--help"}


def docs_text() -> str:
    parts = [README.read_text(encoding="utf-8")]
    parts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(parts)


def test_readme_starts_with_the_two_commands() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    head = "\n".join(lines[:12])
    assert "make site" in head and "make test" in head, (
        "README.md must open with `make site` and `make test`"
    )
    assert head.index("make site") < head.index("make test")


def test_every_subcommand_is_documented() -> None:
    readme = README.read_text(encoding="utf-8")
    missing = [name for name in subcommands() if f"build.py {name}" not in readme]
    assert not missing, f"README.md does not document: {['build.py ' + m for m in missing]}"


def test_every_cli_option_is_documented() -> None:
    found = options(cli_help())
    for name in subcommands():
        found |= options(cli_help(name))
    text = docs_text()
    missing = sorted(opt for opt in found if opt not in text)
    assert not missing, f"options of build.py not in README.md or docs/*.md: {missing}"


def test_every_make_target_is_documented() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = re.findall(r"^\.PHONY:(.*)$", makefile, re.M)
    internal = {"help", "venv", "browser-deps"}
    targets = sorted({t for line in phony for t in line.split()} - internal)
    readme = README.read_text(encoding="utf-8")
    missing = [t for t in targets if f"make {t}" not in readme]
    assert not missing, f"make targets not documented in README.md: {missing}"


@pytest.mark.parametrize(
    "link",
    sorted(set(re.findall(r"\]\(([^)#:\s]+)(?:#[^)]*)?\)", README.read_text(encoding="utf-8")))),
)
def test_readme_relative_links_exist(link: str) -> None:
    assert (ROOT / link).exists(), f"README.md links to {link}, which does not exist"
