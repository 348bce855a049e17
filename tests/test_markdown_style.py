"""Markdown style of the pages, checked by pymarkdown (pymarkdownlnt).

.pymarkdown.json at the repository root holds the few settings that follow
this project's conventions (front matter, one-line paragraphs, <figure>
diagrams, admonition bodies indented by four spaces); every other rule is
pymarkdown's default. Each failure line names file:line:column and the rule.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from sitelib import LANGUAGES, ROOT

CONFIG = ".pymarkdown.json"


# One test per language: the two scans run side by side under xdist.
@pytest.mark.parametrize("lang", LANGUAGES)
def test_markdown_style(lang):
    # --strict-config: a misspelled setting in the config fails the scan
    # instead of being ignored.
    command = [sys.executable, "-m", "pymarkdown", "--strict-config", "--config", CONFIG, "scan", f"docs/{lang}"]
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    # pymarkdown names files by their absolute path; the repository-relative
    # one is enough to find them.
    prefix = f"{ROOT}/"
    problems = [
        line.removeprefix(prefix) for line in proc.stdout.splitlines() if line.strip()
    ]
    if proc.returncode == 0 and not problems:
        return
    if proc.returncode != 1 or not problems:
        pytest.fail(
            f"pymarkdown could not scan the pages (exit {proc.returncode}):\n"
            + proc.stdout
            + proc.stderr,
            pytrace=False,
        )
    pytest.fail(
        f"{len(problems)} Markdown style problem(s) (settings: {CONFIG}):\n"
        + "\n".join(problems),
        pytrace=False,
    )
