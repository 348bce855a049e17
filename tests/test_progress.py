"""Reading progress (issue 15) and the language switch that keeps the
reader's section (issue 16), in a real browser, on the served site and on
the unpacked offline copy (file://).

docs/assets/javascripts/progress.js draws the controls; its labels come
from overrides/partials/progress.html (the script's data-t), read here from
the page rather than copied."""

from __future__ import annotations

import json

import pytest

from conftest import page_url
from sitelib import nav_files, pages, third_party

pytestmark = pytest.mark.browser

# Topic pages carry the self-check section, so the learning path is the
# pages with one (independent of how the home page or the script finds it).
# In the nav's order, the reading order.
TOPICS = {p.rel for p in pages("en") if "{ #check-yourself }" in p.text}
PATH = [rel[: -len(".md")] for rel in nav_files() if rel in TOPICS]
PRESSED = "bs => bs.map(b => b.getAttribute('aria-pressed'))"


def go(page, mode, base, rel):
    page.goto(page_url(base, rel, mode == "offline"))
    page.wait_for_load_state("load")


def labels(page) -> dict:
    script = page.locator("script[data-t]")
    if script.count() != 1:
        pytest.fail(f"{page.url}: expected one script with data-t (overrides/partials/progress.html), found {script.count()}", pytrace=False)
    return json.loads(script.get_attribute("data-t"))


def control(page, key):
    """The toggle button whose text is the label `key` ('read' or 'check')."""
    button = page.locator(".cn-progress button", has_text=labels(page)[key])
    if button.count() != 1:
        pytest.fail(f"{page.url}: no single {key!r} button ({labels(page)[key]!r}); found {button.count()}", pytrace=False)
    return button


def home_row(page, slug):
    """The path row (its row header) that links to the page `slug`."""
    row = page.locator(f"#the-path ~ * th:has(a[href^='{slug}/'], a[href='{slug}.html'])")
    if row.count() != 1:
        pytest.fail(f"{page.url}: the home page's path has {row.count()} rows linking to {slug}", pytrace=False)
    return row


def summary(page) -> str:
    found = page.locator(".cn-progress [role=status]")
    if found.count() != 1:
        pytest.fail(f"{page.url}: the home page shows {found.count()} progress summaries (role=status), expected 1", pytrace=False)
    return found.inner_text()


def expect_summary(page, read, checked):
    t = labels(page)
    want = t["sum"].replace("{r}", str(read)).replace("{t}", str(len(PATH))).replace("{c}", str(checked))
    got = summary(page)
    assert got == want, f"{page.url}: progress summary says {got!r}, expected {want!r}"


def clean(log, where):
    outside = third_party(log["requests"], log["base"])
    assert not outside, f"{where}: requests outside the site: {outside}"
    problems = log["errors"] + log["console"] + log["failed"]
    assert not problems, f"{where}: console or failed requests: {problems}"


@pytest.fixture
def reader(open_page, site_base):
    """open_page, and the log remembers the site's base for third_party()."""
    def _open(rel, **context_args):
        page, log = open_page(rel, **context_args)
        log["base"] = site_base
        return page, log
    return _open


def test_the_path_is_what_the_home_page_lists(reader, mode):
    for home in ("", "en/"):
        page, log = reader(home)
        rows = page.locator("#the-path ~ * th a[href]").count()
        assert rows == len(PATH), f"{mode}: {home or 'home'} lists {rows} path pages, docs/en has {len(PATH)} topic pages: {PATH}"
        expect_summary(page, 0, 0)
        clean(log, f"{mode}: {home or 'home'}")


def test_read_page_survives_a_reload_and_counts_in_both_languages(reader, mode, site_base):
    page, log = reader("en/cri/")
    button = control(page, "read")
    assert button.get_attribute("aria-pressed") == "false", f"{mode}: en/cri/: the read button starts pressed"
    button.click()
    assert button.get_attribute("aria-pressed") == "true", f"{mode}: en/cri/: clicking 'read' did not press it"
    status = page.locator(".cn-progress:has(button[aria-pressed=true]) [role=status]")
    assert status.inner_text() == labels(page)["saved"], f"{mode}: en/cri/: no polite status after marking it read"
    page.reload()
    page.wait_for_load_state("load")
    assert control(page, "read").get_attribute("aria-pressed") == "true", f"{mode}: en/cri/: 'read' forgotten after a reload"
    # The French page is the same page: read in English, read in French.
    go(page, mode, site_base, "cri/")
    assert control(page, "read").get_attribute("aria-pressed") == "true", f"{mode}: cri/: read in English, not read in French"
    for home in ("", "en/"):
        go(page, mode, site_base, home)
        mark = home_row(page, "cri").inner_text()
        assert labels(page)["isRead"] in mark, f"{mode}: {home or 'home'}: the CRI row does not say read ({mark!r})"
        expect_summary(page, 1, 0)
        nxt = page.locator(".cn-progress p a")
        first_unread = next(p for p in PATH if p != "cri")
        assert nxt.count() == 1 and first_unread in nxt.get_attribute("href"), (
            f"{mode}: {home or 'home'}: the next page should be {first_unread}, is {nxt.get_attribute('href') if nxt.count() else None}"
        )
    clean(log, mode)


def test_self_check_done_shows_on_the_home_page(reader, mode, site_base):
    page, log = reader("cni/")
    button = control(page, "check")
    # After the questions, before the next section.
    placed = page.evaluate("""() => {
      const box = document.querySelector('.cn-progress'), h = document.getElementById('check-yourself')
      let n = h.nextElementSibling
      while (n && n.tagName !== 'H2') { if (n === box) return true; n = n.nextElementSibling }
      return false
    }""")
    assert placed, f"{mode}: cni/: the self-check button is not in the #check-yourself section"
    button.focus()  # a keyboard reader: focus it and press Space
    page.keyboard.press("Space")
    assert page.locator(".cn-progress button").evaluate_all(PRESSED) == ["true", "false"], (
        f"{mode}: cni/: Space on 'self-check' should press it alone, got {page.locator('.cn-progress button').evaluate_all(PRESSED)}"
    )
    go(page, mode, site_base, "en/")
    mark = home_row(page, "cni").inner_text()
    t = labels(page)
    assert t["isChecked"] in mark and t["isRead"] not in mark, f"{mode}: en/: the CNI row says {mark!r}"
    expect_summary(page, 0, 1)
    # Undo: pressed again, it is no longer done.
    go(page, mode, site_base, "cni/")
    control(page, "check").click()
    go(page, mode, site_base, "")
    expect_summary(page, 0, 0)
    clean(log, mode)


def test_reset_asks_first_and_clears_everything(reader, mode, site_base):
    page, log = reader("sre/")
    control(page, "read").click()
    control(page, "check").click()
    go(page, mode, site_base, "en/")
    expect_summary(page, 1, 1)
    reset = page.locator(".cn-progress button", has_text=labels(page)["reset"])
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    reset.click()
    assert asked == [labels(page)["confirm"]], f"{mode}: en/: reset did not ask first ({asked})"
    expect_summary(page, 1, 1)
    page.once("dialog", lambda d: d.accept())
    reset.click()
    expect_summary(page, 0, 0)
    assert not home_row(page, "sre").locator(".cn-mark:not(:empty)").count(), f"{mode}: en/: the SRE row still has a mark after reset"
    page.reload()
    page.wait_for_load_state("load")
    expect_summary(page, 0, 0)
    go(page, mode, site_base, "sre/")
    assert page.locator(".cn-progress button").evaluate_all(PRESSED) == ["false", "false"], f"{mode}: sre/: still marked after reset"
    clean(log, mode)


# Records the elements a script adds to the article itself once the parser
# is done (readystatechange to "interactive" comes before deferred scripts).
WATCH_ARTICLE = """
document.addEventListener('readystatechange', () => {
  if (document.readyState !== 'interactive') return
  window.__cnAdded = []
  const article = document.querySelector('article')
  if (article) new MutationObserver(ms => ms.forEach(m => m.addedNodes.forEach(n => {
    if (n.nodeType === 1) __cnAdded.push(n.tagName.toLowerCase() + (n.className ? '.' + n.className : ''))
  }))).observe(article, {childList: true})
})
"""


@pytest.mark.parametrize("rel", ["", "en/", "first-hour/", "en/cni/"])
def test_controls_fill_boxes_the_page_already_has(reader, mode, rel):
    """An element inserted into the article after the first layout makes the
    browser restyle the whole article (the theme's :last-child and sibling
    rules): 1,166 elements on the first-hour page. The boxes come with the
    page (overrides/hooks/progress.py) and the script only fills them."""
    page, log = reader(rel, init_script=WATCH_ARTICLE)
    page.wait_for_timeout(300)
    added = page.evaluate("window.__cnAdded")
    shown = page.locator(".cn-progress:visible").count()
    assert shown, f"{mode}: {rel or 'home'}: no progress control is shown"
    assert added == [], (
        f"{mode}: {rel or 'home'}: scripts inserted {added} into the article after parsing; "
        "each insertion restyles the whole article (fill a box written at build time instead)"
    )
    clean(log, f"{mode}: {rel or 'home'}")


@pytest.mark.parametrize("rel", ["", "en/", "gitops/", "en/gitops/"])
def test_without_javascript_no_control_shows(reader, mode, rel):
    page, log = reader(rel, java_script_enabled=False)
    # Counted when drawn: a code block's copy button is in the HTML, hidden
    # without the script that copies.
    drawn = page.locator(".cn-progress, .cn-mark, article button").evaluate_all(
        "els => els.filter(el => el.checkVisibility()).length")
    assert not drawn, f"{mode}: {rel or 'home'} without JavaScript shows {drawn} controls that need it"


def test_controls_fit_a_phone_and_survive_forced_colours(reader, mode):
    page, log = reader("en/rbac/", viewport={"width": 390, "height": 800}, forced_colors="active")
    control(page, "read").click()
    for box in page.locator(".cn-progress button").all():
        box.scroll_into_view_if_needed()
        r = box.bounding_box()
        assert r and r["x"] >= 0 and r["x"] + r["width"] <= 390, f"{mode}: en/rbac/ at 390 px: a progress button is cut: {r}"
    mark = page.locator(".cn-progress button[aria-pressed=true]").evaluate("b => getComputedStyle(b, '::before').content")
    assert "✓" in mark, f"{mode}: en/rbac/: a pressed button shows no check mark (only colour tells it, lost in forced colours)"
    page.locator(".cn-progress button").first.focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring != "none", f"{mode}: en/rbac/: a focused progress button has no focus ring"
    clean(log, mode)


# -- Language switch keeps the section (issue 16) -----------------------------

def switch(page, target):
    """Hover the language button, click the other language, as a reader does
    (Playwright's hover() and click() would first scroll the page)."""
    for selector in (".md-select > button", f"a.md-select__link[hreflang={target}]"):
        box = page.locator(selector).bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.up()
    page.wait_for_load_state("load")
    page.wait_for_function(f"document.documentElement.lang === '{target}'", timeout=5000)
    settle(page)


def settle(page):
    """Wait until the window has stopped scrolling: after load the browser may
    still move to the URL's fragment, and a test that scrolls before then races
    with it (seen in CI from file://)."""
    page.evaluate("""() => new Promise(done => {
        let last = -1, same = 0
        const tick = () => {
            if (scrollY === last) { if (++same >= 5) return done() } else { last = scrollY; same = 0 }
            requestAnimationFrame(tick)
        }
        requestAnimationFrame(tick)
    })""")


def fragment(page) -> str:
    return page.evaluate("location.hash")


@pytest.mark.parametrize(("start", "target"), [("en/gitops/", "fr"), ("ci-cd/", "en")])
def test_language_switch_keeps_the_fragment(reader, mode, start, target):
    page, log = reader(start)
    page.evaluate("location.hash = 'how-it-works'")
    switch(page, target)
    where = f"{mode}: {start}#how-it-works to {target}"
    assert fragment(page) == "#how-it-works", f"{where}: landed on {page.url}"
    slug = start.strip("/").rsplit("/", 1)[-1]
    assert slug in page.url, f"{where}: landed on another page: {page.url}"
    top = page.evaluate("document.getElementById('how-it-works').getBoundingClientRect().top")
    assert 0 <= top < 200, f"{where}: the section is not at the top of the window (its heading at {top} px)"
    clean(log, where)


def test_language_switch_keeps_the_section_in_view(reader, mode):
    page, log = reader("en/sre/")
    page.evaluate("document.getElementById('check-yourself').scrollIntoView()")
    switch(page, "fr")
    assert fragment(page) == "#check-yourself", f"{mode}: en/sre/ scrolled to #check-yourself, switching to French gave {page.url}"
    # Back at the top of the page, no fragment: the other page opens at its top.
    page.evaluate("history.replaceState(null, '', location.pathname); scrollTo(0, 0)")
    settle(page)
    assert page.evaluate("scrollY") == 0, f"{mode}: sre/ did not stay at its top after scrollTo(0, 0)"
    switch(page, "en")
    assert fragment(page) == "", f"{mode}: sre/ at its top, switching to English gave {page.url}"
    clean(log, mode)
