"""Shell examples fit a phone without sideways scrolling (issue 13).

On a 390 px screen a code block shows about 44 characters per line. A shell
command can always be split with a continuation line (`` \\``) or a variable,
so a longer line in a bash block is a line that could have been wrapped: the
end of the command, often the part that matters (an address, an image), is
hidden until the reader scrolls. A line made of a single word (a long URL,
a digest) cannot be split and is allowed.

This checks the Markdown; tests/test_phone_layout.py checks the comments and
the scroll cue in the built pages.
"""

from __future__ import annotations

import pytest
from sitelib import FENCE, all_pages

PHONE_COLUMNS = 44
SHELL = {"bash", "sh", "shell", "console"}


def shell_lines(page):
    """(line number, text without the fence's indentation) of every line in a shell block."""
    lang, indent = None, 0
    for line in page.body_lines:
        if FENCE.match(line.text):
            if lang is None:
                lang = line.text.strip().lstrip("`~").strip()
                indent = len(line.text) - len(line.text.lstrip())
            else:
                lang = None
            continue
        if lang in SHELL:
            yield line.number, line.text[indent:]


def test_shell_lines_fit_a_phone():
    problems = []
    for page in all_pages():
        for number, text in shell_lines(page):
            words = text.strip().removesuffix("\\").split()
            if len(text) > PHONE_COLUMNS and len(words) > 1:
                problems.append(
                    f"{page.display}:{number}: {len(text)} characters in a shell line "
                    f"(a 390 px screen shows {PHONE_COLUMNS}): {text.strip()[:50]!r}"
                )
    if problems:
        pytest.fail(
            "Split long shell lines with a continuation (\\) or a variable:\n" + "\n".join(problems),
            pytrace=False,
        )
