"""Every page is in the navigation, and both languages show the same tree."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from sitelib import DOCS, HEADING_ID, LANGUAGES, Page, mkdocs_config, nav_files, pages


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


# -- One reading order: the home page's learning path -------------------------
# mkdocs.yml's nav is the order the sidebar, the previous/next links and the
# PDF follow; the home page tells the reader the same order in its path
# ("Le parcours" / "The path": one "### Étape N : …" / "### Step N: …"
# heading per step, then a table linking that step's pages).

STEP = re.compile(r"^###\s+(?:Étape|Step)\s+(\d+)\s*:\s*(.+?)(?:\s*\{\s*#[\w-]+\s*\})?\s*$")


def home_path(lang: str) -> list[tuple[str, list[str]]]:
    """(step title, [page files]) of the home page's learning path, in order."""
    home = Page(lang, "index.md")
    steps: list[tuple[str, list[str]]] = []
    in_path = False
    for line in home.prose_lines:
        if line.text.startswith("## "):
            in_path = HEADING_ID.sub("", line.text[3:]).strip() in ("Le parcours", "The path")
            if not in_path and steps:
                break
            continue
        m = STEP.match(line.text)
        if in_path and m:
            steps.append((m.group(2), []))
        elif in_path and steps and line.text.startswith("|"):
            steps[-1][1].extend(re.findall(r"\]\(([\w./-]+\.md)\)", line.text.split("|")[1]))
    return steps


def nav_sections(lang: str) -> list[tuple[str, list[str]]]:
    """(section title in that language, [page files]) of the nav's sections."""
    translate = english_translations() if lang == "en" else {}
    return [
        (translate.get(title, title), nav_files(value))
        for item in mkdocs_config()["nav"]
        if isinstance(item, dict)
        for title, value in item.items()
        if isinstance(value, list)
    ]


def shown(steps) -> str:
    return " | ".join(f"{title}: " + " → ".join(rel[:-3] for rel in files) for title, files in steps)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_nav_follows_the_home_page_learning_path(lang):
    path, nav = home_path(lang), nav_sections(lang)
    home = f"docs/{lang}/index.md"
    if not path:
        pytest.fail(f"{home}: no learning path found (a '## Le parcours' / '## The path' section "
                    "with '### Étape N : …' / '### Step N: …' steps)", pytrace=False)
    flat_path = [rel for _, files in path for rel in files]
    flat_nav = [rel for _, files in nav for rel in files]
    if flat_path != flat_nav or [f for _, f in path] != [f for _, f in nav]:
        pytest.fail(
            f"mkdocs.yml nav and the learning path of {home} give two reading orders:\n"
            f"  home page: {shown(path)}\n  nav:       {shown(nav)}",
            pytrace=False,
        )
    listed = nav_files()
    assert listed[0] == "index.md" and listed[1:-1] == flat_path and listed[-1] == "glossary.md", (
        f"mkdocs.yml nav: expected the home page, the path's pages, then the glossary; found {listed}"
    )
    # Section titles carry the step's number, so that the sidebar reads as
    # the path ("1. …", "2. …").
    wrong = [f"{section!r} (step {n}: {title!r})" for n, ((title, _), (section, _)) in enumerate(zip(path, nav), 1)
             if not section.startswith(f"{n}. ")]
    assert not wrong, f"mkdocs.yml nav ({lang}): section titles should start with their step number: {wrong}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_next_links_follow_the_nav(site, lang):
    order = [Page(lang, rel) for rel in nav_files()]
    problems = []
    for here, after in zip(order, order[1:]):
        link = site.soup(here.built_rel).select_one("a.md-footer__link--next")
        href = link.get("href", "") if link else None
        target = urljoin("/" + here.built_rel, href).lstrip("/") if href is not None else None
        if target is not None and target.endswith("/"):
            target += "index.html"
        if target != after.built_rel:
            problems.append(f"{here.built_rel}: 'next' goes to {target}, expected {after.built_rel}")
    assert not problems, "\n".join(problems)
