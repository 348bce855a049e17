"""Per-language fixes that mkdocs-static-i18n and Material do not provide.

- Every page gets the abbreviation list of its own language appended, so
  that each abbreviation shows its expansion as a tooltip (pymdownx.snippets
  + abbr). snippets' ``auto_append`` knows one file for all languages.
- static-i18n renders ``404.html`` once per language into the same file, so
  the last language wins. GitHub Pages serves that one file for every
  missing address: keep the default (French) build's rendering, whose
  template carries both languages.
- hreflang alternates live in ``sitemap.xml`` (absolute, page to page), not
  in each page's head: Material's JavaScript fetches ``sitemap.xml`` next to
  every ``<link rel="alternate">`` of the head, which 404s for page-level
  alternates (console errors online, CORS errors from ``file://``).
"""

from __future__ import annotations

import re

DEFAULT_LANGUAGE = "fr"
HEAD_ALTERNATE = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')
_not_found_page: dict[str, str] = {}


def _language(config) -> str:
    # static-i18n sets theme.language to the language being built.
    return config.theme["language"]


def on_page_markdown(markdown, page, config, files):
    return f'{markdown}\n\n--8<-- "abbreviations/{_language(config)}.md"\n'


def on_post_page(output, page, config):
    head, sep, body = output.partition("</head>")
    return HEAD_ALTERNATE.sub("", head) + sep + body


def on_post_template(output, template_name, config):
    if template_name != "404.html":
        return output
    output = on_post_page(output, None, config)
    if _language(config) == DEFAULT_LANGUAGE:
        _not_found_page["html"] = output
        return output
    return _not_found_page.get("html", output)
