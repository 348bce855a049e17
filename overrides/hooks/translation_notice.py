"""A notice on a page whose translation is knowingly behind its twin.

A writer who publishes a change in one language before the other puts, in
the front matter of the up-to-date page, the date of the change::

    translation_behind: 2026-12-01

Its twin (same file in the other language's folder) then shows, under its
title, a short notice in its own language with a link to the up-to-date
page. The mark goes once the twin is updated: tests/test_translations.py
fails when a marked page's twin is up to date per tests/translations.yml
(scripts/translations.py).

The notice is added to the rendered page (``on_post_page``), after the
search plugin has read the content: it is not what a search result quotes.
The French typography hook, last, then spaces it like the rest.
"""

from __future__ import annotations

import datetime
import html
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url
from mkdocs.utils.meta import get_data

MARK = "translation_behind"
DEFAULT_LANGUAGE = "fr"
MONTHS = {
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "en": "January February March April May June July August September October November December".split(),
}
ARTICLE = '<article class="md-content__inner md-typeset">'


def _date(value, where: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise PluginError(f"{where}: {MARK}: {value!r} is not a date (write {MARK}: 2026-12-01)") from None


def _spoken(day: datetime.date, lang: str) -> str:
    """« 1er décembre 2026 » (the day keeps to its month), "December 1, 2026"
    (plain spaces: English pages carry no no-break space, test_typography)."""
    month = MONTHS[lang][day.month - 1]
    if lang == "fr":
        return f"{'1er' if day.day == 1 else day.day}\u00a0{month} {day.year}"
    return f"{month} {day.day}, {day.year}"


def notice(lang: str, day: datetime.date, href: str) -> str:
    """The notice shown on a page in ``lang`` whose twin was updated on ``day``."""
    when = f'<time datetime="{day.isoformat()}">{_spoken(day, lang)}</time>'
    if lang == "fr":
        text = (f"Cette page a été mise à jour en anglais le {when} ; la traduction française suit. "
                f'<a href="{html.escape(href)}" hreflang="en">Lire la version à jour</a>.')
    else:
        text = (f"This page was updated in French on {when}; the English translation will follow. "
                f'<a href="{html.escape(href)}" hreflang="fr">Read the up-to-date version</a>.')
    return f'<div class="admonition info translation-notice" role="note"><p>{text}</p></div>'


def on_post_page(output, page, config):
    lang = config.theme["language"]
    docs = Path(config.docs_dir)
    rel = Path(page.file.abs_src_path).relative_to(docs / lang).as_posix()
    other = "en" if lang == "fr" else "fr"
    twin = docs / other / rel
    if not twin.is_file():
        return output
    _, meta = get_data(twin.read_text(encoding="utf-8"))
    if meta.get(MARK) is None:
        return output
    day = _date(meta[MARK], f"docs/{other}/{rel}")
    # Page URLs: 'gitops/' (French, the root) and 'en/gitops/'; with plain
    # .html links (offline copy), 'gitops.html' and 'en/gitops.html'.
    url = page.url
    twin_url = url[len("en/"):] if lang != DEFAULT_LANGUAGE else f"{other}/{url}"
    href = get_relative_url(twin_url, url)
    if not href.endswith(("/", ".html")):
        href += "/"  # '..' from en/ to the French home page
    start = output.find(ARTICLE)
    end = output.find("</h1>", start)
    if start < 0 or end < 0:
        raise PluginError(f"{page.file.src_uri}: no <h1> in the article to put the translation notice under")
    end += len("</h1>")
    return output[:end] + notice(lang, day, href) + output[end:]
