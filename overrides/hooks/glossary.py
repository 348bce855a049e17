"""Glossary page: one anchor per term and a letter bar.

Each term of the glossary (a ``<dt>`` of its definition list) gets an id:
Python-Markdown's default table-of-contents slug of the term's name, the
text before " — " (« Budget d'erreur » -> ``budget-derreur``, "Error
budget" -> ``error-budget``), so that a link, a search result or a tooltip
can point to one term: ``glossary.md#budget-derreur``. The ids are added to
the page's known anchors, so that MkDocs checks links to them like links to
headings.

Under the introduction, a line of links to the letter groups (« A–B »,
« C »…) lets a reader on a phone jump to a letter; the table of contents
is out of sight there.

The search index gets one entry per term too (``search_i18n.py``).
"""

from __future__ import annotations

import html
import re

from markdown.extensions.toc import slugify, unique

DT = re.compile(r"<dt>(.*?)</dt>", re.S)
H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)
ANY_ID = re.compile(r'\sid="([^"]+)"')
TAG = re.compile(r"<[^>]+>")
# The term's name ends at the dash before its translation; the French
# typography hook may have made the space before the dash a no-break space.
NAME_END = re.compile(r"[\s\u00a0\u202f]+—")
HEADERLINK = re.compile(r'<a class="headerlink".*?</a>', re.S)
LABELS = {"fr": "Accès direct à une lettre", "en": "Jump to a letter"}


def is_glossary(page) -> bool:
    return page.file.src_uri.rsplit("/", 1)[-1] == "glossary.md"


def page_language(page) -> str:
    return "en" if page.file.dest_uri.startswith("en/") else "fr"


def term_name(dt_html: str) -> str:
    """The term's name: the text of the <dt> before " — "."""
    text = html.unescape(TAG.sub("", dt_html))
    return NAME_END.split(text, 1)[0].strip()


def term_id(name: str, used: set[str]) -> str:
    return unique(slugify(name, "-"), used)


def add_term_ids(content: str) -> tuple[str, list[str]]:
    used = set(ANY_ID.findall(content))
    ids = []

    def anchor(match):
        new = term_id(term_name(match.group(1)), used)
        ids.append(new)
        return f'<dt id="{new}">{match.group(1)}</dt>'

    return DT.sub(anchor, content), ids


def letter_bar(content: str, lang: str) -> str:
    groups = [(gid, html.unescape(TAG.sub("", HEADERLINK.sub("", text))).strip()) for gid, text in H2.findall(content)]
    if not groups:
        return content
    links = " ".join(f'<a href="#{gid}">{html.escape(text)}</a>' for gid, text in groups)
    bar = f'<nav class="glossary-letters" aria-label="{LABELS.get(lang, LABELS["en"])}">{links}</nav>\n'
    first = content.find("<h2")
    return content[:first] + bar + content[first:]


def on_page_content(html_content, page, config, files):
    if not is_glossary(page):
        return html_content
    html_content, ids = add_term_ids(html_content)
    if page.present_anchor_ids is not None:
        page.present_anchor_ids.update(ids)
    return letter_bar(html_content, page_language(page))
