"""French typography at build time, for the French build only.

Writers type plain spaces and straight apostrophes; this hook sets the
French spacing on the text a reader sees, so that no line starts with a
colon, a question mark or a closing guillemet:

- no-break space (U+00A0) before ``:``;
- narrow no-break space (U+202F) before ``; ! ?`` and ``%``, inside
  ``« »``, between a number and its unit, and as the thousands separator
  (``43 200``);
- typographic apostrophe ``’`` after a letter, ``…`` for three dots;
- a no-break space before ``−``, ``×``, ``+`` and ``=`` between two terms;
- « 1er » for the first day of a month (``1 décembre`` from the
  last-updated date).

Only text between tags changes: never a tag or an attribute value, never
the inside of ``code``, ``pre``, ``kbd``, ``samp``, ``var``, ``script``,
``style`` or ``textarea``, nor an element marked as another language
(``lang="en"``). Inline SVG diagrams are part of the page, so their
``<text>``, ``<title>`` and ``<desc>`` get the same spacing.

It runs twice per French page: on the page content (so that the search
index, which Material's search plugin reads from the content in
``on_page_context``, carries the same text) together with the table of
contents, then on the whole rendered page (title, navigation, header,
last-updated line), where a second pass changes nothing.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from mkdocs.plugins import event_priority

LANGUAGE = "fr"

NBSP = "\u00a0"
NNBSP = "\u202f"
# A plain space, a run of them, or a line break of the HTML source. Not
# U+00A0 or U+202F: those are already right.
SPACE = r"[ \t\r\n]+"

# Elements whose text is code or not text at all: left as they are.
SKIPPED = frozenset({"code", "pre", "kbd", "samp", "var", "script", "style", "textarea"})
# Elements whose content is never parsed as HTML.
RAW_TEXT = ("script", "style", "textarea")
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
# Tags that stay inside one run of text: the character before a text node
# that follows them still counts (``<strong>Note</strong>:``).
INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark",
     "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "tspan"}
)

TOKEN = re.compile(
    r"<!--.*?-->"
    r"|<(?P<raw>script|style|textarea)\b[^>]*>.*?</(?P=raw)\s*>"
    r"|<!\[CDATA\[.*?\]\]>"
    r"|<[!?][^>]*>"
    r"|<(?P<close>/)?(?P<name>[A-Za-z][\w:-]*)(?P<attrs>(?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.S,
)
LANG_ATTR = re.compile(r"""\s(?:xml:)?lang\s*=\s*["']?([A-Za-z-]+)""")

MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
UNITS = (
    r"ms|µs|ns|s|min|h|j|jours?|heures?|minutes?|secondes?|semaines?|mois|ans?"
    r"|[KMGTP]i?o|[KMGTP]io|[KMGT]i|[KMGT]?bit/s|[KMGT]o/s|octets?|vCPU|°C|€"
)

RULES: list[tuple[re.Pattern, str]] = [
    # Three dots, then the apostrophe of an elision or a possessive.
    (re.compile(r"\.\.\.(?!\.)"), "…"),
    (re.compile(r"(?<=[^\W\d_])'"), "’"),
    # The first of the month: « 1 décembre » -> « 1er décembre ».
    (re.compile(rf"(?<![\w,.])1(?:{SPACE}|{NBSP}|{NNBSP})({MONTHS})\b"), r"1er \1"),
    # Guillemets: a narrow no-break space inside, whatever was typed.
    (re.compile(rf"«(?:{SPACE}|{NBSP}|{NNBSP})?"), "«" + NNBSP),
    (re.compile(rf"(?:{SPACE}|{NBSP}|{NNBSP})?»"), NNBSP + "»"),
    # Before « : », a space or none: a no-break space. A colon that is not
    # followed by a space (10:30, https://, a::b) is not punctuation.
    (re.compile(rf"(?:{SPACE}|(?<=[\w)\]’*»]))(?=:(?:\s|$|[)\]]))"), NBSP),
    # Before « ; ! ? », the same with a narrow no-break space; « ?! » stays
    # one block. « != », « ?query » and an entity's « ; » are not touched.
    (re.compile(rf"(?:{SPACE}|{NBSP}|(?<=[\w)\]’*»]))(?=[;!?]+(?:\s|$|[)\]»,.…]))"), NNBSP),
    # Percent sign after a number.
    (re.compile(rf"(?<=\d)(?:{SPACE}|{NBSP})?(?=%)"), NNBSP),
    # Thousands: « 43 200 », « 10 000 000 » (a first group of one to three
    # digits, then groups of three; not a year list, a version or a time).
    (re.compile(r"(?<![\w.,])\d{1,3}(?: \d{3})+(?![\d.:]|,\d{3})"), None),
    # « 1 − SLO », « 30 j × 24 h »: the operator stays with what precedes
    # it, so that no line starts with a minus sign or a multiplication sign.
    (re.compile(rf"(?<=[\w)]){SPACE}(?=[−×+=] )"), NBSP),
    # A number and its unit: « 300 ms », « 30 jours », « 2 Gio » (a
    # no-break space already there, as in the reading times, stays).
    (re.compile(rf"(?<=\d){SPACE}(?=(?:{UNITS})(?![\w/]))"), NNBSP),
]


# Text without any of these characters has nothing to change (fast path:
# most text nodes of a page are white space or plain words).
TRIGGER = re.compile(r"[:;!?%«»'.\d−×+=]")
# Punctuation at the very start of a text node, after a word in the node
# before it (``<strong>Note</strong>:``, ``<code>x</code> ?`` is already spaced).
START_COLON = re.compile(r":(?:\s|$|[)\]])")
START_PUNCT = re.compile(r"[;!?]+(?:\s|$|[)\]»,.…])")
START_AFTER = re.compile(r"[\w)\]’*»]")
START_LETTER = re.compile(r"[^\W\d_]")


def _thousands(match: re.Match) -> str:
    return match.group(0).replace(" ", NNBSP)


def typeset(text: str, before: str = "") -> str:
    """French spacing for plain text (no markup). ``before`` is the last
    character of the text that precedes it on the page (across inline tags
    such as ``<strong>``), if any: it decides punctuation at the very start."""
    if not text or not TRIGGER.search(text):
        return text if not text or text.isspace() or not before else _start(text, before)
    for pattern, replacement in RULES:
        text = pattern.sub(replacement if replacement is not None else _thousands, text)
    return _start(text, before)


def _start(text: str, before: str) -> str:
    if before and not before.isspace() and before not in (NBSP, NNBSP):
        if START_COLON.match(text) and START_AFTER.match(before):
            text = NBSP + text
        elif START_PUNCT.match(text) and START_AFTER.match(before):
            text = NNBSP + text
        elif text[0] == "%" and before.isdigit():
            text = NNBSP + text
        elif text[0] == "»":
            text = NNBSP + text
        elif before == "«" and not text[0].isspace() and text[0] not in (NBSP, NNBSP):
            text = NNBSP + text
        elif text[0] == "'" and START_LETTER.match(before):
            text = "’" + text[1:]
    return text


# Cached: the navigation, header and footer repeat the same text nodes on
# every page, and every page holds the whole navigation.
@lru_cache(maxsize=1 << 16)
def _typeset_html_text(raw: str, before: str) -> str:
    """The same for a run of HTML text, entities included (&amp; stays
    escaped; &#39; and &nbsp; count as what they are)."""
    text = html.unescape(raw)
    done = typeset(text, before)
    if done == text:
        return raw
    return html.escape(done, quote=False)


def typeset_html(source: str) -> str:
    """French spacing on the text nodes of an HTML document or fragment."""
    out: list[str] = []
    skip: list[list] = []  # [tag name, depth] of the elements left alone
    before = ""
    position = 0
    for match in TOKEN.finditer(source):
        text = source[position:match.start()]
        if text:
            if skip:
                out.append(text)
            else:
                out.append(_typeset_html_text(text, before))
            stripped = html.unescape(text)
            before = stripped[-1:] if stripped else before
        out.append(match.group(0))
        position = match.end()
        if match.group("raw"):
            before = ""
            continue
        name = (match.group("name") or "").lower()
        if not name:
            continue
        if name not in INLINE:
            before = ""
        attrs = match.group("attrs") or ""
        if match.group("close"):
            if skip and skip[-1][0] == name:
                skip[-1][1] -= 1
                if skip[-1][1] == 0:
                    skip.pop()
            continue
        if name in VOID or attrs.rstrip().endswith("/"):
            continue
        if skip and skip[-1][0] == name:
            skip[-1][1] += 1
            continue
        lang = LANG_ATTR.search(attrs)
        if name in SKIPPED or (lang and not lang.group(1).lower().startswith(LANGUAGE)):
            skip.append([name, 1])
    tail = source[position:]
    out.append(tail if skip else _typeset_html_text(tail, before))
    return "".join(out)


def _french(config) -> bool:
    # static-i18n sets theme.language to the language being built.
    return config.theme["language"] == LANGUAGE


def _typeset_toc(items) -> None:
    for item in items:
        item.title = _typeset_html_text(item.title, "")
        _typeset_toc(item.children)


# After the other content hooks (tables.py), before the search plugin reads
# the content in on_page_context.
@event_priority(-90)
def on_page_content(html_content, page, config, files):
    if not _french(config):
        return html_content
    _typeset_toc(page.toc)
    return typeset_html(html_content)


# Two attribute values the theme writes are read aloud or shown as a tooltip
# in French: the footer links' names (« Suivant: … », screen readers) and the
# last-updated date's tooltip. They are fixed where they are written; no
# other attribute is touched (a URL, a class or an id must stay as typed).
THEME_ATTRIBUTES = [
    (re.compile(r'(aria-label="(?:Précédent|Suivant)) ?:'), r"\1&nbsp;:"),
    (re.compile(rf'(title=")1 ({MONTHS}) '), r"\g<1>1er \2 "),
]


def typeset_theme_attributes(output: str) -> str:
    for pattern, replacement in THEME_ATTRIBUTES:
        output = pattern.sub(replacement, output)
    return output


# Last, on the whole page: title, navigation, header, footer, the
# last-updated line. static-i18n's on_post_page runs at -100.
@event_priority(-110)
def on_post_page(output, page, config):
    if not _french(config):
        return output
    return typeset_theme_attributes(typeset_html(output))


@event_priority(-110)
def on_post_template(output, template_name, config):
    # 404.html: i18n_extras keeps the French build's copy for every language
    # (stored before this hook ran), so typeset it in each build: its English
    # half is marked lang="en", and an English page (<html lang="en">) is
    # left alone as a whole.
    if template_name != "404.html":
        return output
    return typeset_html(output)
