"""Bad input in the sources stops the build with one line that names the file.

MkDocs itself is silent or loud in the wrong places:

- a front matter that is not valid YAML is dropped without a word (the page
  loses its title and description, and its YAML shows up as text);
- a missing snippet (``--8<-- "diagrams/en/x.svg"``) ends the build with a
  traceback of some forty lines;
- a broken SVG diagram is inlined as is, and the browser shows whatever its
  error recovery makes of it.

This hook reads each page's source before it is rendered and raises a build
error of the form ``docs/fr/cri.md:2: …``. The same checks run at the start
of the test session (tests/conftest.py), so that the tests report them in
the same words instead of failing everywhere with a traceback.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

SNIPPET = re.compile(r'^\s*--8<--\s+"([^"]+)"\s*$')
FENCE = re.compile(r"^\s*(```|~~~)")


def front_matter_problem(text: str, display: str) -> str | None:
    """``display:line: …`` when the page's front matter is not a YAML mapping."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end < 0:
        return f"{display}:1: the front matter opened by '---' is never closed by a '---' line"
    try:
        data = yaml.safe_load(text[4:end])
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = 2 + mark.line if mark else 2
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        context = getattr(error, "context_mark", None)
        if context and context.line != (mark.line if mark else None):
            # A bracket or quote opened earlier: say where, since that is
            # usually the line to fix.
            problem += f" ({getattr(error, 'context', '') or 'opened'} at line {2 + context.line})"
        return f"{display}:{line}: the front matter is not valid YAML: {problem}"
    if not isinstance(data, dict):
        return f"{display}:2: the front matter must be 'key: value' lines, found {type(data).__name__}"
    return None


def svg_problem(path: Path, display: str) -> str | None:
    """``display:line:column: …`` when an SVG file is not well-formed XML."""
    try:
        root = ET.fromstring(path.read_bytes())
    except ET.ParseError as error:
        line, column = error.position
        reason = str(error).split(":")[0]
        return f"{display}:{line}:{column + 1}: the SVG is not well-formed XML: {reason}"
    if not root.tag.endswith("svg"):
        return f"{display}:1: the root element is <{root.tag}>, not <svg>"
    return None


def snippet_problems(text: str, display: str, includes: Path, includes_display: str) -> list[str]:
    """Missing or broken snippets named by ``--8<-- "…"`` lines outside code."""
    problems, fenced = [], False
    for number, line in enumerate(text.split("\n"), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        m = None if fenced else SNIPPET.match(line)
        if not m:
            continue
        target = includes / m.group(1)
        if not target.is_file():
            problems.append(f"{display}:{number}: the snippet '{m.group(1)}' does not exist "
                            f"(looked for {includes_display}/{m.group(1)})")
        elif target.suffix == ".svg":
            problem = svg_problem(target, f"{includes_display}/{m.group(1)}")
            if problem:
                problems.append(f"{problem} (included by {display}:{number})")
    return problems


def page_problems(path: Path, display: str, includes: Path, includes_display: str) -> list[str]:
    text = path.read_text(encoding="utf-8")
    problems = [p for p in [front_matter_problem(text, display)] if p]
    return problems + snippet_problems(text, display, includes, includes_display)


# -- MkDocs hook -------------------------------------------------------------


def on_page_read_source(page, config):
    from mkdocs.exceptions import PluginError

    root = Path(config["config_file_path"]).parent
    base = config["mdx_configs"]["pymdownx.snippets"]["base_path"]
    includes = root / (base[0] if isinstance(base, list) else base)
    shown = includes.relative_to(root).as_posix() if includes.is_relative_to(root) else str(includes)
    src = Path(page.file.abs_src_path)
    display = Path(src).relative_to(root).as_posix() if src.is_relative_to(root) else str(src)
    problems = page_problems(src, display, includes, shown)
    if problems:
        raise PluginError("\n".join(problems))
    return None  # MkDocs then reads the file itself
