"""Accessibility checks that need no browser: alt text, lang, title, description."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

import pytest

from sitelib import DEFAULT_LANGUAGE, LANGUAGES, pages

GENERIC_ALT = {"image", "img", "picture", "diagram", "diagramme", "schéma", "figure", "logo", "photo", "icon", "icône"}


def alt_problem(alt: str | None, src: str) -> str | None:
    if alt is None:
        return "has no alt attribute"
    text = alt.strip().lower()
    if text == "":
        return None  # decorative, allowed only for the theme's own images (checked below)
    if text in GENERIC_ALT or text == PurePosixPath(src).stem.lower() or re.fullmatch(r"[\w\-]+\.(png|jpe?g|svg|gif|webp)", text):
        return f"alt {alt!r} says nothing about the image"
    return None


def test_every_image_has_a_real_alt_text(site):
    problems = []
    for path in site.html_files():
        rel = site.rel(path)
        for img in site.soup(rel).find_all("img"):
            problem = alt_problem(img.get("alt"), img.get("src", ""))
            in_content = img.find_parent("article") is not None
            if problem or (in_content and not (img.get("alt") or "").strip()):
                problems.append(f"{rel}: <img src={img.get('src')!r}> {problem or 'has an empty alt in the content'}")
    assert not problems, "\n".join(problems)


def test_every_content_svg_has_an_accessible_name(site):
    problems = []
    for path in site.html_files():
        rel = site.rel(path)
        soup = site.soup(rel)
        article = soup.select_one("article")
        if article is None:
            continue
        for svg in article.find_all("svg"):
            if svg.find_parent(class_="headerlink") or svg.find_parent(class_="md-icon") or svg.get("aria-hidden") == "true":
                continue
            if svg.find_parent("a") is not None and svg.find_parent(class_="md-content__button"):
                continue
            if svg.get("role") != "img":
                problems.append(f"{rel}: <svg id={svg.get('id')!r}> lacks role=\"img\"")
                continue
            ids = (svg.get("aria-labelledby") or "").split()
            names = [soup.find(id=i) for i in ids]
            if not ids or not all(n is not None and n.get_text(strip=True) for n in names):
                problems.append(f"{rel}: <svg id={svg.get('id')!r}> has no aria-labelledby title with text")
    assert not problems, "\n".join(problems)


def test_html_lang_matches_the_page_language(site):
    problems = []
    for path in site.html_files():
        rel = site.rel(path)
        expected = site.language_of(rel)
        if rel == "404.html":
            expected = DEFAULT_LANGUAGE
        lang = site.soup(rel).html.get("lang")
        if lang != expected:
            problems.append(f"{rel}: <html lang={lang!r}>, expected {expected!r}")
    assert not problems, "\n".join(problems)


def test_404_page_speaks_both_languages(site):
    soup = site.soup("404.html")
    for lang in LANGUAGES:
        block = soup.select_one(f'article [lang="{lang}"]')
        assert block is not None and block.find(["h1", "h2"]), f"404.html has no {lang} section with a heading"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_has_its_title_and_description(site, lang):
    problems = []
    for page in pages(lang):
        soup = site.soup(page.built_rel)
        title = soup.title.get_text(strip=True) if soup.title else ""
        if not title.startswith(page.front_matter.get("title", "\0")):
            problems.append(f"{page.built_rel} (from {page.display}): <title> {title!r} does not start with the page title")
        meta = soup.find("meta", attrs={"name": "description"})
        content = meta.get("content", "") if meta else ""
        if content != page.front_matter.get("description"):
            problems.append(f"{page.built_rel} (from {page.display}): meta description {content!r} is not the page's own")
    assert not problems, "\n".join(problems)


# -- In the browser: axe-core and the keyboard -------------------------------

# WCAG 2.2 A and AA, plus axe's best practices.
AXE_OPTIONS = {
    "resultTypes": ["violations"],
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
}


def all_paths() -> list[str]:
    out = []
    for lang in LANGUAGES:
        for page in pages(lang):
            stem = page.rel[:-3]
            prefix = "en/" if lang == "en" else ""
            out.append(prefix if stem == "index" else f"{prefix}{stem}/")
    return out + ["404.html"]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation(browser, online_url, scheme):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    problems = []
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        for path in all_paths():
            page.goto(online_url + path)
            page.wait_for_load_state("networkidle")
            expected = "slate" if scheme == "dark" else "default"
            assert page.locator("body").get_attribute("data-md-color-scheme") == expected
            for violation in axe.run(page, options=AXE_OPTIONS).response["violations"]:
                targets = [" ".join(node["target"]) for node in violation["nodes"][:3]]
                problems.append(f"{path} ({scheme}): {violation['id']} ({violation['impact']}) at {targets}")
    finally:
        context.close()
    assert not problems, f"{len(problems)} axe violations:\n" + "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("path", ["cri/", "en/cri/"])
def test_keyboard_reaches_content_search_and_answers(browser, online_url, path):
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(online_url + path)
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.className")
        assert "md-skip" in focused, f"{path}: the first Tab should reach the skip link, reached {focused!r}"
        # Material's shortcut opens search from the keyboard.
        page.keyboard.press("Escape")
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')"), (
            f"{path}: '/' does not move the focus to the search box"
        )
        page.keyboard.press("Escape")
        # A self-check answer opens with the keyboard (a <summary> is focusable).
        summary = page.locator("details.question summary").first
        summary.focus()
        page.keyboard.press("Enter")
        assert page.locator("details.question").first.get_attribute("open") is not None, (
            f"{path}: Enter on a question does not open its answer"
        )
    finally:
        context.close()
