"""Every page is in the navigation, and both languages show the same tree."""

from __future__ import annotations

import pytest

from sitelib import DOCS, LANGUAGES, mkdocs_config, nav_files, pages


def test_every_page_is_in_the_nav():
    listed = nav_files()
    problems = [
        f"{page.display} is not in mkdocs.yml's nav"
        for lang in LANGUAGES
        for page in pages(lang)
        if page.rel not in listed
    ]
    problems += [f"mkdocs.yml's nav names {rel}, more than once" for rel in listed if listed.count(rel) > 1]
    assert not problems, "\n".join(sorted(set(problems)))


def test_every_nav_entry_exists_in_both_languages():
    missing = [
        f"mkdocs.yml's nav names {rel}, but docs/{lang}/{rel} does not exist"
        for rel in nav_files()
        for lang in LANGUAGES
        if not (DOCS / lang / rel).exists()
    ]
    assert not missing, "\n".join(missing)


def section_titles(nav) -> list[str]:
    out = []
    for item in nav:
        if isinstance(item, dict):
            title, value = next(iter(item.items()))
            out.append(title)
            if isinstance(value, list):
                out.extend(section_titles(value))
    return out


def english_translations() -> dict:
    i18n = next(p["i18n"] for p in mkdocs_config()["plugins"] if isinstance(p, dict) and "i18n" in p)
    english = next(lang for lang in i18n["languages"] if lang["locale"] == "en")
    return english.get("nav_translations") or {}


def test_every_nav_title_is_translated():
    missing = [t for t in section_titles(mkdocs_config()["nav"]) if t not in english_translations()]
    assert not missing, f"mkdocs.yml: plugins.i18n.languages[en].nav_translations lacks {missing}"


def site_nav_links(soup, selector: str):
    """Links of the primary navigation, without the page's own table of
    contents that Material nests in it for small screens."""
    nav = soup.select_one("nav.md-nav--primary")
    return [x for x in nav.select(selector) if x.find_parent(class_="md-nav--secondary") is None]


def nav_tree(soup) -> list[tuple[int, str]]:
    """(depth, target) of every link of the primary navigation, in order."""
    return [(len(x.find_parents("ul")), x.get("href", "")) for x in site_nav_links(soup, "a.md-nav__link")]


def labels(soup) -> list[str]:
    return [" ".join(x.get_text(" ").split()) for x in site_nav_links(soup, ".md-nav__link")]


@pytest.mark.parametrize("page", pages("fr"), ids=lambda p: p.rel)
def test_built_nav_has_the_same_shape(site, page):
    fr = site.soup(page.built_rel)
    en = site.soup(page.twin().built_rel)
    shape_fr = [depth for depth, _ in nav_tree(fr)]
    shape_en = [depth for depth, _ in nav_tree(en)]
    assert shape_fr == shape_en, (
        f"the navigation of {page.built_rel} and {page.twin().built_rel} differ:\n"
        f"fr: {labels(fr)}\nen: {labels(en)}"
    )
    expected = {p.front_matter["title"] for p in pages(page.twin().lang)} | set(
        english_translations().values()
    )
    untranslated = [label for label in labels(en) if label not in expected]
    assert not untranslated, (
        f"{page.twin().built_rel}: navigation labels that are neither an English page "
        f"title nor a nav translation: {untranslated}"
    )
