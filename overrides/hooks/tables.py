"""Tables written at build time: Material's wrappers, row headers, labels.

1. Wrappers. Material's bundle wraps every ``table:not([class])`` of the
   content in ``div.md-typeset__scrollwrap > div.md-typeset__table`` (the
   wrapper scrolls wide tables sideways) once the page has loaded: each
   table is taken out of the page and put back, so the browser styles and
   lays it out a second time, after the first paint. Writing the same
   wrappers into the HTML at build time gives the first paint the final
   layout; ``partials/before-paint.html`` keeps the bundle from wrapping
   these tables again. The table itself keeps no class, so Material's
   table styles still apply.

2. Row headers. Every table of the site is a comparison or a list whose
   first column names the row (a criterion, an object, a page): its cells
   become ``<th scope="row">``, and the header cells get ``scope="col"``,
   so a screen reader announces both headers with each cell.

3. Phone layout. On a narrow screen the style sheet shows each row as a
   card (extra.css, "Tables and code"): the row header as the card's title,
   then each cell under its column's name, written here as ``data-label``.
   The labels are copied again from the header cells in
   ``on_page_context``, once every hook has changed the page's text (the
   French typography hook, last, changes text but no attribute), so that a
   label reads exactly like its column header.
   No ARIA roles on the table's elements: the HTML standard forbids a role
   on a cell of a native table (the W3C Nu checker rejects them, see
   tests/test_html_valid.py), and Chromium and Firefox keep the table's
   meaning when its rows are drawn as cards.
"""

from __future__ import annotations

import html
import re

# Python-Markdown's tables extension writes a bare <table> (a table with a
# class, none today, is not Material's to wrap either), one <thead> row and
# one <tbody>.
TABLE = re.compile(r"<table>(.*?)</table>", re.S)
LABEL = re.compile(r'data-label="[^"]*"')
ROW = re.compile(r"<tr(?: [^>]*)?>(.*?)</tr>", re.S)
CELL = re.compile(r"<(t[hd])((?:\s[^>]*)?)>(.*?)</\1>", re.S)
TAG = re.compile(r"<[^>]+>")
WRAP = '<div class="md-typeset__scrollwrap"><div class="md-typeset__table">{}</div></div>'


def text_of(cell_html: str) -> str:
    return " ".join(html.unescape(TAG.sub("", cell_html)).split())


def rewrite_row(row: str, labels: list[str] | None) -> str:
    """One row: header cells (labels is None) or a body row."""
    cells = []
    for index, match in enumerate(CELL.finditer(row)):
        _, attrs, content = match.groups()
        if labels is None:
            cells.append(f'<th scope="col"{attrs}>{content}</th>')
        elif index == 0:
            cells.append(f'<th scope="row"{attrs}>{content}</th>')
        else:
            label = labels[index] if index < len(labels) else ""
            cells.append(f'<td data-label="{html.escape(label)}"{attrs}>{content}</td>')
    return "<tr>" + "".join(cells) + "</tr>"


def rewrite_table(inner: str) -> str:
    head, _, body = inner.partition("</thead>")
    if not body:  # no header row: nothing to label, keep the table as it is
        return f"<table>{inner}</table>"
    labels = [text_of(content) for _, _, content in CELL.findall(head)]
    head = ROW.sub(lambda m: rewrite_row(m.group(1), None), head)
    body = ROW.sub(lambda m: rewrite_row(m.group(1), labels), body)
    return f"<table>{head}</thead>{body}</table>"


def relabel(inner: str) -> str:
    head, _, body = inner.partition("</thead>")
    labels = [text_of(content) for _, _, content in CELL.findall(head)]

    def row(match: re.Match) -> str:
        cells = iter(labels[1:])
        return LABEL.sub(lambda _: f'data-label="{html.escape(next(cells, ""))}"', match.group(0))

    return f"<table>{head}</thead>{ROW.sub(row, body)}</table>"


def on_page_content(html_, page, config, files):
    return TABLE.sub(lambda match: WRAP.format(rewrite_table(match.group(1))), html_)


def on_page_context(context, page, config, nav):
    if page.content:
        page.content = TABLE.sub(
            lambda match: relabel(match.group(1)) if 'data-label="' in match.group(1) else match.group(0),
            page.content,
        )
    return context
