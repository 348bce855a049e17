"""No placeholder of a new page is left: every ``TODO(new-topic)`` that
``make new-topic`` wrote (scripts/new_topic.py, from scripts/templates/) is
listed by file and line, one a line, until it is written. This module runs
first (tests/conftest.py), so that on a fresh scaffold its list is the first
failure, before what the other modules say about the unwritten page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitelib import DOCS, ROOT

MARK = "TODO(new-topic)"
# Where a scaffold writes: the pages, their diagrams, the glossary and the
# abbreviations (all under docs/), and the nav.
SOURCES = sorted(p for p in DOCS.rglob("*") if p.suffix in (".md", ".svg", ".yml", ".html")) + [ROOT / "mkdocs.yml"]
SNIPPET = 70


def placeholders(paths: list[Path], root: Path = ROOT) -> list[str]:
    found = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            start = line.find(MARK)
            while start >= 0:
                rest = re.sub(r"<[^>]*>", "", re.sub(r"^[`\s:]+", "", line[start + len(MARK):])).strip()
                what = rest[:SNIPPET] + ("…" if len(rest) > SNIPPET else "")
                found.append(f"{path.relative_to(root).as_posix()}:{number}: {what or '(placeholder)'}")
                start = line.find(MARK, start + 1)
    return found


def test_no_placeholder_is_left():
    found = placeholders(SOURCES)
    if found:
        pytest.fail(f"{len(found)} placeholder(s) {MARK} left to write (make new-topic wrote them):\n"
                    + "\n".join(found), pytrace=False)


def test_the_check_finds_a_placeholder(tmp_path):
    page = tmp_path / "x.md"
    page.write_text(f"# Title\n\nText.\n\n{MARK} the summary.\n- {MARK} a tool, {MARK}: two\n", encoding="utf-8")
    found = placeholders([page], tmp_path)
    assert found == ["x.md:5: the summary.", f"x.md:6: a tool, {MARK}: two", "x.md:6: two"], found
