"""Wrap each table of a page the way Material's JavaScript would.

Material's bundle wraps every ``table:not([class])`` of the content in
``div.md-typeset__scrollwrap > div.md-typeset__table`` (the wrapper scrolls
wide tables sideways) once the page has loaded: each table is taken out of
the page and put back, so the browser styles and lays it out a second time,
after the first paint. Writing the same wrappers into the HTML at build time
gives the first paint the final layout; ``partials/before-paint.html`` keeps
the bundle from wrapping these tables again.
"""

from __future__ import annotations

import re

# Python-Markdown's tables extension writes a bare <table>; a table with a
# class (none today) is not Material's to wrap either.
TABLE = re.compile(r"<table>.*?</table>", re.S)
WRAP = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">{}</div></div>'


def on_page_content(html, page, config, files):
    return TABLE.sub(lambda match: WRAP.format(match.group(0)), html)
