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
