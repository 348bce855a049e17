#!/usr/bin/env python3
"""Give every section the same explicit id in both languages.

A heading's id is written in the source, after the heading:
``## Fonctionnement { #how-it-works }``. Twin pages (docs/fr/X.md and
docs/en/X.md) have the same headings in the same order (tests/test_i18n.py),
and the n-th heading of both gets the same id, the slug of the English
heading. Links, search results and the language switch then land on the same
section in both languages, and the translation record (scripts/translations.py)
names a section by that id.

Run it after adding a section to both languages: headings without an id get
one, ids already written are kept. With --check it changes nothing and lists,
by file and line, the headings whose id is missing or differs from the twin's.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from markdown.extensions.toc import slugify, unique

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{2,6})\s+(.*?)\s*$")
ATTR = re.compile(r"\s*\{\s*#([\w-]+)\s*\}\s*$")


def headings(lines: list[str]) -> list[tuple[int, str, str | None]]:
    """(index, text, explicit id or None) of each h2-h6 outside code and front matter."""
    found, fenced, start = [], False, 0
    if lines and lines[0] == "---":
        start = lines.index("---", 1) + 1
    for i in range(start, len(lines)):
        if FENCE.match(lines[i]):
            fenced = not fenced
            continue
        m = None if fenced else HEADING.match(lines[i])
        if m:
            attr = ATTR.search(m.group(2))
            text = ATTR.sub("", m.group(2)) if attr else m.group(2)
            found.append((i, text, attr.group(1) if attr else None))
    return found


def process(rel: str, write: bool) -> list[str]:
    fr_path, en_path = DOCS / "fr" / rel, DOCS / "en" / rel
    fr_lines = fr_path.read_text(encoding="utf-8").split("\n")
    en_lines = en_path.read_text(encoding="utf-8").split("\n")
    fr_h, en_h = headings(fr_lines), headings(en_lines)
    if len(fr_h) != len(en_h):
        return [f"docs/fr/{rel} has {len(fr_h)} sections, docs/en/{rel} has {len(en_h)}: "
                "make the headings match first (tests/test_i18n.py)"]
    problems, used = [], set()
    for (fi, ftext, fid), (ei, etext, eid) in zip(fr_h, en_h):
        wanted = eid or fid or unique(slugify(etext, "-"), used)
        used.add(wanted)
        for lang, lines, i, text, current in (("fr", fr_lines, fi, ftext, fid), ("en", en_lines, ei, etext, eid)):
            if current == wanted:
                continue
            where = f"docs/{lang}/{rel}:{i + 1}"
            if not write:
                problems.append(f"{where}: heading '{text}' needs {{ #{wanted} }}"
                                + (f" (has #{current})" if current else ""))
            elif current is None:
                lines[i] = f"{lines[i].rstrip()} {{ #{wanted} }}"
            else:
                problems.append(f"{where}: #{current} differs from its twin's #{wanted}: choose one")
    if write:
        fr_path.write_text("\n".join(fr_lines), encoding="utf-8")
        en_path.write_text("\n".join(en_lines), encoding="utf-8")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing, list what is missing")
    args = parser.parse_args()
    problems = []
    for path in sorted((DOCS / "fr").rglob("*.md")):
        rel = path.relative_to(DOCS / "fr").as_posix()
        if (DOCS / "en" / rel).exists():
            problems += process(rel, write=not args.check)
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
