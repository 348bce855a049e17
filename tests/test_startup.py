"""What a page does between its first paint and the end of its load.

Each change the theme's bundle makes to <html>, <body> or the color-scheme
tag after the first paint restyles the whole page (Chromium's traces show
each costing about as much as the first styling of the page). The
overrides make those changes before the first paint instead
(partials/before-paint.html) and defer the bundle (main.html). These tests
hold that in place on the served build and the offline copy; the costs
themselves are measured by scripts/lighthouse.py, not here.
"""

from __future__ import annotations

import re

import pytest


BUNDLE = re.compile(r'<script\b[^>]*\bsrc="[^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js"[^>]*>')

# Recorded from the first byte: what changes once <body> exists.
WATCH = """
window.__startup = {schemeAtBundle: null, switching: [], rootClass: [], colorSchemeTags: 0, tablesMoved: 0};
new MutationObserver(records => {
  const s = window.__startup;
  for (const r of records) {
    for (const node of r.addedNodes) {
      if (node.nodeName === "SCRIPT" && /bundle\\.[0-9a-f]+\\.min\\.js/.test(node.src || "")) {
        s.schemeAtBundle = document.body && document.body.getAttribute("data-md-color-scheme");
      }
      if (node.nodeName === "META" && node.name === "color-scheme" && document.body) s.colorSchemeTags++;
    }
    for (const node of r.removedNodes) {
      if (node.nodeName === "TABLE") s.tablesMoved++;
    }
    if (r.attributeName === "data-md-color-switching") {
      s.switching.push(r.target.hasAttribute("data-md-color-switching") ? "set" : "removed");
    }
    if (r.target === document.documentElement && r.attributeName === "class" && document.body
        && r.oldValue !== r.target.getAttribute("class")) {
      s.rootClass.push(`${r.oldValue} -> ${r.target.getAttribute("class")}`);
    }
  }
}).observe(document, {childList: true, subtree: true, attributes: true, attributeOldValue: true,
                      attributeFilter: ["class", "data-md-color-switching"]});
"""


def test_the_bundle_is_deferred(site):
    problems = []
    for path in site.html_files():
        tags = BUNDLE.findall(path.read_text(encoding="utf-8"))
        if len(tags) != 1 or " defer" not in tags[0]:
            problems.append(f"{site.rel(path)}: {tags or 'no bundle script'}")
    assert not problems, "the theme's bundle must be loaded once, deferred (overrides/main.html):\n" + "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_first_paint_already_has_the_readers_palette(open_page, mode, scheme):
    """A first visit (nothing stored): the palette of the reader's system
    setting is on <body> before the bundle runs, so the page is not painted
    light and then turned dark."""
    page, log = open_page("en/rbac/", color_scheme=scheme, init_script=WATCH)
    expected = {"light": "default", "dark": "slate"}[scheme]
    startup = page.evaluate("window.__startup")
    assert startup["schemeAtBundle"] == expected, (
        f"{mode}: with a {scheme} system theme, <body> had scheme {startup['schemeAtBundle']!r} "
        f"when the bundle started, expected {expected!r} (partials/before-paint.html)"
    )
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    assert not log["errors"] and not log["console"], f"{mode}: console: {log['console'] + log['errors']}"


@pytest.mark.browser
def test_loading_changes_nothing_that_restyles_the_page(open_page, mode):
    page, log = open_page("cri/", color_scheme="light", init_script=WATCH)
    page.wait_for_timeout(300)  # the palette's frame-later clean-up
    startup = page.evaluate("window.__startup")
    assert not startup["rootClass"], f"{mode}: classes of <html> changed after the first paint: {startup['rootClass']}"
    assert startup["colorSchemeTags"] == 0, f"{mode}: a color-scheme tag was added after the first paint"
    assert not startup["switching"], f"{mode}: <body> was marked data-md-color-switching at load: {startup['switching']}"
    tags = page.evaluate("[...document.querySelectorAll('meta[name=color-scheme]')].map(m => m.content)")
    assert tags == ["light"], f"{mode}: color-scheme tags {tags}, expected one, 'light'"
    assert startup["tablesMoved"] == 0, f"{mode}: {startup['tablesMoved']} table(s) taken out of the page and put back"
    wrappers = page.evaluate("""[...document.querySelectorAll('article table')].map(t =>
        t.parentElement.className + ' < ' + t.parentElement.parentElement.className
        + ' < ' + t.parentElement.parentElement.parentElement.className)""")
    assert wrappers and all(w.startswith("md-typeset__table < md-typeset__scrollwrap < md-content__inner") for w in wrappers), (
        f"{mode}: each table should sit in exactly one scroll wrapper, found {wrappers}"
    )
    assert page.evaluate("document.documentElement.className").split() == ["js", "js-focus-visible"]
    assert not log["errors"] and not log["console"], f"{mode}: console: {log['console'] + log['errors']}"


@pytest.mark.browser
def test_switching_palette_still_turns_transitions_off_and_updates_the_tag(open_page, mode):
    page, log = open_page("cri/", color_scheme="light", init_script=WATCH)
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'", timeout=3000)
    page.wait_for_function("!document.body.hasAttribute('data-md-color-switching')", timeout=3000)
    startup = page.evaluate("window.__startup")
    assert startup["switching"] == ["set", "removed"], (
        f"{mode}: data-md-color-switching around a switch: {startup['switching']}, expected set then removed"
    )
    tags = page.evaluate("[...document.querySelectorAll('meta[name=color-scheme]')].map(m => m.content)")
    assert tags == ["dark"], f"{mode}: after switching to the dark palette, color-scheme tags are {tags}"
    assert not log["errors"] and not log["console"], f"{mode}: console: {log['console'] + log['errors']}"
