"""A reader's walk in a real browser, on the served site and on the offline copy:
language switching, palette toggle, and no request or error outside the site."""

from __future__ import annotations

import pytest

from conftest import page_url
import sitelib
from sitelib import LANGUAGES, browser_pages, third_party

pytestmark = pytest.mark.browser


def online_path(page) -> str:
    """'cri.md' in English -> 'en/cri/'."""
    stem = page.rel[: -len(".md")]
    prefix = "en/" if page.lang == "en" else ""
    return prefix if stem == "index" else f"{prefix}{stem}/"


def current_slug(url: str) -> str:
    path = url.split("?")[0].split("#")[0]
    path = path[: -len(".html")] if path.endswith(".html") else path.rstrip("/")
    slug = path.rsplit("/", 1)[-1]
    return "index" if slug in ("", "en", "cloud-native-notes") else slug


@pytest.mark.parametrize("start", ["", "cri/", "glossary/", "en/", "en/sre/", "en/rbac/"])
def test_language_switch_lands_on_the_same_page(open_page, mode, start):
    page, log = open_page(start)
    here = current_slug(page.url)
    lang = page.locator("html").get_attribute("lang")
    target = "fr" if lang == "en" else "en"
    page.locator("button[aria-label] ~ .md-select__inner, .md-select").first.hover()
    link = page.locator(f"a.md-select__link[hreflang={target}]")
    link.click()
    page.wait_for_load_state("load")
    page.wait_for_function(f"document.documentElement.lang === '{target}'", timeout=5000)
    assert current_slug(page.url) == here, f"{mode}: switching from {start or 'home'} to {target} landed on {page.url}"
    placeholder = page.locator("input.md-search__input").get_attribute("placeholder")
    assert placeholder and (placeholder == "Search") == (target == "en"), (
        f"{mode}: after switching to {target}, the search box still says {placeholder!r}"
    )
    assert not log["errors"] and not log["console"], f"{mode}: console: {log['console'] + log['errors']}"


def test_every_page_stays_on_the_site(open_page, mode, site_base):
    page, log = open_page("")
    # Every page is loaded fresh from here on; what the start page left
    # pending would be aborted by the first navigation.
    page.wait_for_load_state("networkidle")
    for key in log:
        log[key].clear()
    problems = []
    for lang in LANGUAGES:
        for p in browser_pages(lang):
            page.goto(page_url(site_base, online_path(p), mode == "offline"))
            page.wait_for_load_state("networkidle")
            outside = third_party(log["requests"], site_base)
            if outside:
                problems.append(f"{p.display}: requests outside the site: {outside}")
            if log["failed"]:
                problems.append(f"{p.display}: failed requests: {log['failed']}")
            if log["console"] or log["errors"]:
                problems.append(f"{p.display}: console: {log['console'] + log['errors']}")
            for key in log:
                log[key].clear()
    assert not problems, f"{mode}:\n" + "\n".join(problems)


def test_palette_toggle_switches_and_is_labelled(open_page, mode):
    page, log = open_page("cri/", color_scheme="light")
    assert page.locator("body").get_attribute("data-md-color-scheme") == "default"
    toggle = page.locator("form[data-md-component=palette] label:visible").first
    assert toggle.get_attribute("aria-label") or toggle.get_attribute("title"), "the palette toggle has no label"
    toggle.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'", timeout=3000)
    page.keyboard.press("Tab")  # the page still answers the keyboard
    assert not log["errors"] and not log["console"], f"{mode}: console: {log['console'] + log['errors']}"


# Focus the last focusable element before the page's last code block, in the
# document's order (the order Tab follows: no positive tabindex on the site),
# and mark that block.
FOCUS_BEFORE_LAST_BLOCK = """() => {
  const pre = [...document.querySelectorAll("article pre")].pop()
  const top = pre.getBoundingClientRect().top
  const before = [...document.querySelectorAll("article :is(a[href], button, summary, input, [tabindex='0'])")]
    .filter(el => el.compareDocumentPosition(pre) & Node.DOCUMENT_POSITION_FOLLOWING).pop()
  pre.dataset.lastBlock = ""
  before.focus()
  return {code: pre.querySelector("code").innerText.trimEnd(), top}
}"""


@pytest.mark.parametrize("start", ["first-hour/", "en/first-hour/"])
def test_keyboard_copies_a_code_block_far_down_the_page(open_page, mode, start):
    """The theme now mounts a code block only once it is in view, and the
    copy buttons are written into the HTML: a block far below the screen
    must still be one Tab away from the link before it, and Enter must copy
    that block and say so in the page's language."""
    page, log = open_page(start, permissions=["clipboard-read", "clipboard-write"])
    block = page.evaluate(FOCUS_BEFORE_LAST_BLOCK)
    assert block["top"] > 2 * page.viewport_size["height"], f"{start}: the last code block is not far down the page"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.matches('pre[data-last-block] .md-code__button')")
    assert focused, f"{mode}: {start}: Tab from the link before the last code block skips its copy button"
    page.keyboard.press("Enter")
    copied = page.evaluate("JSON.parse(document.getElementById('__config').textContent).translations['clipboard.copied']")
    page.wait_for_function(
        "text => (document.querySelector('.md-dialog__inner') || {}).textContent === text", arg=copied, timeout=3000
    )
    if mode == "online":  # the clipboard cannot be read back from file://
        text = page.evaluate("navigator.clipboard.readText()")
        assert text == block["code"], f"{start}: the copy button copied {text[:60]!r}, not its block"
    assert not log["errors"] and not log["console"], f"{mode}: console: {log['console'] + log['errors']}"


def test_browser_tests_draw_every_page_or_a_spread_of_them(monkeypatch):
    """sitelib.browser_pages: every page while a language has at most
    BROWSER_PAGES; beyond, the pages with a layout of their own and topics
    spread over the whole list, the same in both languages."""
    for lang in LANGUAGES:
        if len(sitelib.pages(lang)) <= sitelib.BROWSER_PAGES:
            assert sitelib.browser_pages(lang) == sitelib.pages(lang), f"{lang}: a page of a small site is not drawn"
    grown = {lang: [sitelib.Page(lang, rel) for rel in sorted([*sitelib.OWN_LAYOUT, *(f"topic-{k:03}.md" for k in range(100))])]
             for lang in LANGUAGES}
    monkeypatch.setattr(sitelib, "pages", lambda lang: grown[lang])
    monkeypatch.delenv("ALL_PAGES", raising=False)
    drawn = {lang: [p.rel for p in sitelib.browser_pages(lang)] for lang in LANGUAGES}
    fr = drawn["fr"]
    assert len(fr) == sitelib.BROWSER_PAGES and set(sitelib.OWN_LAYOUT) <= set(fr), fr
    assert "topic-000.md" in fr and any(rel >= "topic-090.md" for rel in fr), f"topics not spread over the site: {fr}"
    assert all(rels == fr for rels in drawn.values()), f"languages draw different pages: {drawn}"
    monkeypatch.setenv("ALL_PAGES", "1")
    assert len(sitelib.browser_pages("fr")) == len(grown["fr"]), "ALL_PAGES=1 does not draw every page"
