"""Bad input gets a clear error: one or two lines that name the file and line.

Each case breaks one thing in a scratch copy of the project, then runs what a
writer runs: the build (``mkdocs build --strict``, as ``make serve`` and the
deploy do) and the tests (a pytest session). Both must fail, name the file
and line, and print no traceback.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitelib import ROOT

SKIP = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "dist", ".cache", "__pycache__")


def _break_front_matter(root: Path):
    path = root / "docs/fr/cri.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0] == "---" and lines[1].startswith("title:")
    lines[1] = "title: [CRI"  # an unclosed bracket
    path.write_text("\n".join(lines), encoding="utf-8")


def _break_mkdocs_yml(root: Path):
    path = root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\ntheme:\n", "\ntheme:\n  name material\n  oops: [\n", 1), encoding="utf-8")


def _missing_snippet(root: Path):
    path = root / "docs/en/cri.md"
    text = path.read_text(encoding="utf-8")
    assert '--8<-- "diagrams/en/cri.svg"' in text
    path.write_text(text.replace('--8<-- "diagrams/en/cri.svg"', '--8<-- "diagrams/en/cri-missing.svg"'), encoding="utf-8")


def _broken_svg(root: Path):
    path = root / "docs/includes/diagrams/fr/cni.svg"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("</svg>", "<g><text>sans fin</svg>"), encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


# (case, how to break, what the message must name: a function of the copy)
CASES = {
    "malformed front matter": (_break_front_matter, lambda r: r"docs/fr/cri\.md:[23]: the front matter is not valid YAML"),
    # MkDocs names the file and line itself ('in ".../mkdocs.yml", line 29').
    "broken mkdocs.yml": (_break_mkdocs_yml, lambda r: r'mkdocs\.yml", line \d+|mkdocs\.yml:\d+:\d+: not valid YAML'),
    "missing snippet": (_missing_snippet, lambda r: rf"docs/en/cri\.md:{_line_of(r / 'docs/en/cri.md', 'cri-missing.svg')}: the snippet 'diagrams/en/cri-missing\.svg' does not exist"),
    "broken SVG": (_broken_svg, lambda r: r"docs/includes/diagrams/fr/cni\.svg:\d+:\d+: the SVG is not well-formed XML"),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("pristine") / "project"
    shutil.copytree(ROOT, copy, ignore=SKIP)
    return copy


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("OFFLINE", None)
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def _meaningful(output: str) -> list[str]:
    return [line for line in output.splitlines()
            if line.strip() and not line.startswith("INFO") and "Aborted with a BuildError" not in line]


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_named_by_the_build_and_the_tests(case, pristine, tmp_path):
    breaker, expected = CASES[case]
    copy = tmp_path / "project"
    shutil.copytree(pristine, copy)
    breaker(copy)
    wanted = re.compile(expected(copy))

    build = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")], copy)
    tests = _run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_i18n.py"], copy)

    for what, proc in (("mkdocs build --strict", build), ("pytest", tests)):
        output = proc.stdout + proc.stderr
        lines = _meaningful(output)
        shown = "\n    ".join(lines[:12])
        assert proc.returncode != 0, f"{case}: {what} passed"
        assert "Traceback" not in output, f"{case}: {what} printed a traceback:\n    {shown}"
        assert wanted.search(output), f"{case}: {what} does not name the file and line ({wanted.pattern}):\n    {shown}"
        # The message, not pages of noise: a few lines (MkDocs adds a line
        # naming the page it was reading; pytest repeats its exit message).
        assert len(lines) <= 5, f"{case}: {what} printed {len(lines)} lines:\n    {shown}"
