"""Accessibility fixes made at build time (issue 12).

- Abbreviations: the abbr extension wraps every occurrence of an
  abbreviation, so a page showed dozens of dotted underlines, and the
  expansion lived in a mouse-only title. Only the first occurrence on a page
  in running text stays an <abbr>, made focusable so that its expansion
  shows on focus and on tap (extra.css; a mouse gets the title tooltip);
  the repetitions become plain text. A compound name such as
  "CRI-O" (a runtime, not the interface) is never tagged as "CRI".
- Heading permalinks: toc's permalink_title is one string for every
  language; each page gets its own language's name for the "¶" link.
- Menu: the header's hamburger is a <label> for the drawer's checkbox, so
  it is never in the tab order. It becomes a <button> with aria-expanded,
  and so does the phone's search label (the closed search box is hidden),
  driven by the script in partials/a11y.html (which also closes the drawer
  with Esc and gives the focus back).
- Valid HTML (W3C Nu checker): the theme writes autocomplete="off" on its
  checkbox toggles (only allowed on text-like inputs) and tabindex="" on
  the section labels of the navigation. Both are dropped from the output;
  the script in partials/a11y.html resets the toggles when a page is shown
  again from the browser's history, which autocomplete="off" was for.
- The site's style sheet is shipped without its comments (they are half of
  its compressed size, on every first load); the source keeps them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from pathlib import Path

from markdown import Extension
from markdown.treeprocessors import Treeprocessor

PERMALINK_NAMES = {"fr": "Lien vers cette section", "en": "Link to this section"}
MENU_NAMES = {"fr": "Menu", "en": "Menu"}
SEARCH_NAMES = {"fr": "Rechercher", "en": "Search"}

# Elements in which a tagged abbreviation would be out of place: a focusable
# <abbr> inside a link is nested interactive content, and headings are also
# copied into the table of contents.
NO_TAG_IN = {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "summary", "dt"}
COMPOUND_AFTER = re.compile(r"^-\w")
COMPOUND_BEFORE = re.compile(r"\w-$")

CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')
EMPTY_TABINDEX = 'tabindex=""'
SEARCH_LABEL = re.compile(r'<label class="md-header__button md-icon" for="__search">(.*?)</label>', re.S)
MENU_LABEL = re.compile(r'<label class="md-header__button md-icon" for="__drawer">(.*?)</label>', re.S)
CSS_COMMENT = re.compile(r"/\*.*?\*/\n?", re.S)
HEADERLINK = re.compile(r'<a class="headerlink" href="(#[^"]*)"(?: title="[^"]*")?>')


class FirstAbbreviationOnly(Treeprocessor):
    """Runs after the abbr extension: keep one <abbr> per abbreviation."""

    def run(self, root: etree.Element) -> None:
        parents = {child: parent for parent in root.iter() for child in parent}
        seen: set[str] = set()
        for abbr in list(root.iter("abbr")):
            parent = parents[abbr]
            index = list(parent).index(abbr)
            before = parent.text if index == 0 else parent[index - 1].tail
            compound = COMPOUND_AFTER.match(abbr.tail or "") or COMPOUND_BEFORE.search(before or "")
            ancestors, node = set(), abbr
            while node in parents:
                node = parents[node]
                ancestors.add(node.tag)
            key = abbr.text or ""
            if not compound and key not in seen and not ancestors & NO_TAG_IN:
                seen.add(key)
                abbr.set("tabindex", "0")
                continue
            self.unwrap(parent, index, abbr)

    @staticmethod
    def unwrap(parent: etree.Element, index: int, abbr: etree.Element) -> None:
        text = (abbr.text or "") + (abbr.tail or "")
        if index == 0:
            parent.text = (parent.text or "") + text
        else:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + text
        parent.remove(abbr)


class FirstAbbreviationExtension(Extension):
    def extendMarkdown(self, md):
        # abbr's own tree processor has priority 7; toc's runs later, at 5.
        md.treeprocessors.register(FirstAbbreviationOnly(md), "abbr_first_only", 6)


def on_config(config):
    if not any(isinstance(ext, FirstAbbreviationExtension) for ext in config.markdown_extensions):
        config.markdown_extensions.append(FirstAbbreviationExtension())
    return config


def on_page_content(html, page, config, files):
    name = PERMALINK_NAMES.get(config.theme["language"], PERMALINK_NAMES["en"])
    return HEADERLINK.sub(lambda m: f'<a class="headerlink" href="{m.group(1)}" title="{name}" aria-label="{name}">', html)


def on_post_page(output, page, config):
    name = MENU_NAMES.get(config.theme["language"], MENU_NAMES["en"])
    output = MENU_LABEL.sub(
        lambda m: f'<button type="button" class="md-header__button md-icon" data-a11y-menu aria-expanded="false" aria-label="{name}">{m.group(1)}</button>',
        output,
        count=1,
    )
    name = SEARCH_NAMES.get(config.theme["language"], SEARCH_NAMES["en"])
    output = SEARCH_LABEL.sub(
        lambda m: f'<button type="button" class="md-header__button md-icon" data-a11y-search aria-label="{name}">{m.group(1)}</button>',
        output,
        count=1,
    )
    return drop_empty_tabindex(CHECKBOX_AUTOCOMPLETE.sub(r"\1", output))


def drop_empty_tabindex(output: str) -> str:
    """Every ``tabindex=""`` with the white space before it (an attribute has
    some). Not a regular expression: ``\\s+tabindex=""`` tries every run of
    indentation of the page, several percent of the build at 100 more topics."""
    parts = output.split(EMPTY_TABINDEX)
    out = []
    for part in parts[:-1]:
        trimmed = part.rstrip()
        out.append(trimmed if trimmed != part else part + EMPTY_TABINDEX)
    out.append(parts[-1])
    return "".join(out)


def on_post_template(output, template_name, config):
    # 404.html is rendered from its template, not as a page.
    return on_post_page(output, None, config) if template_name == "404.html" else output


def on_post_build(config):
    for sheet in Path(config.site_dir).glob("**/assets/stylesheets/extra.css"):
        sheet.write_text(CSS_COMMENT.sub("", sheet.read_text(encoding="utf-8")), encoding="utf-8")
