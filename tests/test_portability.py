"""What keeps the site movable off Material for MkDocs (README, "When
Material reaches its end of life").

- The project's templates render the same under Jinja2 (MkDocs) and MiniJinja,
  the engine of Zensical, Material's successor: no Python method calls such as
  ``list.append`` or ``str.rstrip``, which MiniJinja does not have.
- No build hook (``*.py``) is ever published with the site; MkDocs leaves
  them out of the theme files, another engine might not.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import minijinja
import pytest

from sitelib import ROOT

OVERRIDES = ROOT / "overrides"
# Calls of Python methods inside {{ … }} or {% … %}: Jinja2 runs them,
# MiniJinja has only its own filters and tests.
METHOD_CALL = re.compile(r"\.(append|extend|pop|rstrip|lstrip|strip|split|rsplit|startswith|endswith|"
                         r"replace|join|format|upper|lower|title|update|setdefault)\(")
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)

PALETTE = [
    {"media": "(prefers-color-scheme)", "toggle": {"name": "auto"}},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "primary": "indigo", "accent": "indigo"},
    {"media": "(prefers-color-scheme: light)", "scheme": "default", "primary": "indigo", "accent": "indigo"},
]


def templates() -> list[Path]:
    return sorted(OVERRIDES.rglob("*.html"))


@pytest.mark.parametrize("path", templates(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_template_calls_no_python_method(path):
    text = path.read_text(encoding="utf-8")
    problems = []
    for tag in TAG.finditer(text):
        call = METHOD_CALL.search(tag.group(0))
        if call:
            line = text.count("\n", 0, tag.start() + call.start()) + 1
            problems.append(f"{path.relative_to(ROOT)}:{line}: '.{call.group(1)}(' is a Python method; "
                            "MiniJinja has none: use a filter ('replace', '~', a for loop)")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def _palettes(rendered: str) -> str:
    match = re.search(r"var palettes = (\[.*?\])\n", rendered, re.S)
    assert match, "before-paint.html no longer writes 'var palettes = [...]'"
    return " ".join(match.group(1).split())


def test_before_paint_renders_the_same_under_minijinja():
    source = (OVERRIDES / "partials" / "before-paint.html").read_text(encoding="utf-8")
    context = {"config": {"theme": {"palette": PALETTE}}}
    try:
        mini = minijinja.Environment().render_str(source, **context)
    except Exception as error:  # MiniJinja raises its own error types
        pytest.fail(f"overrides/partials/before-paint.html does not render under MiniJinja: {error}".splitlines()[0],
                    pytrace=False)
    jinja = jinja2.Environment().from_string(source).render(**context)
    assert _palettes(mini) == _palettes(jinja), "the palettes differ between Jinja2 and MiniJinja"


def test_no_hook_is_published(site):
    published = [site.rel(p) for p in site.root.rglob("*.py")]
    assert not published, f"Python files in the built site: {', '.join(published)}"
