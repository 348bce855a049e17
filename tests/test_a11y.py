"""Accessibility checks that need no browser: alt text, lang, title, description."""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

import pytest

from sitelib import DEFAULT_LANGUAGE, LANGUAGES, browser_site_paths, pages, typeset

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
        # The French build sets French typography in <title> as in the text.
        if not title.startswith(typeset(page.front_matter.get("title", "\0"), lang)):
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


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.browser
@pytest.mark.parametrize("path", browser_site_paths())
def test_axe_finds_no_violation(browser, online_url, axe, path):
    """Both palettes in one visit: the light one, then the dark one the
    theme switches to when the reader's system turns dark (the palette
    follows the system setting), without loading the page again."""
    context = browser.new_context(color_scheme="light")
    problems = []
    try:
        page = context.new_page()
        page.goto(online_url + path)
        page.wait_for_load_state("networkidle")
        for scheme, expected in (("light", "default"), ("dark", "slate")):
            if scheme == "dark":
                page.emulate_media(color_scheme="dark")
                page.wait_for_function(f"() => document.body.dataset.mdColorScheme === '{expected}'", timeout=5000)
                # Contrast is read at the end of the theme's colour transitions.
                page.evaluate("() => document.getAnimations().forEach(a => a.finish())")
            assert page.locator("body").get_attribute("data-md-color-scheme") == expected, (
                f"{path or 'home'}: the {scheme} palette is not the one drawn"
            )
            # axe is injected by the first run and stays in the page.
            found = (axe.run(page, options=AXE_OPTIONS).response if scheme == "light"
                     else page.evaluate("options => axe.run(document, options)", AXE_OPTIONS))
            problems += [f"{path or 'home'} ({scheme}): {v['id']} ({v['impact']}) at {[' '.join(n['target']) for n in v['nodes'][:3]]}"
                         for v in found["violations"]]
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


# -- Keyboard walk at phone, tablet and desktop widths ------------------------
# Tab (then Shift+Tab back) through the first stops of a page and look at
# each focused element: it must be drawn on screen (not in the closed,
# off-canvas drawer, not of zero size) and not under the sticky header.

WALK_PAGES = ["", "sre/", "en/cri/", "en/glossary/"]
WALK_WIDTHS = [390, 1024, 1280]
WALK_STOPS = 70

# What the focused element looks like: its box, whether it is drawn, and
# whether the sticky header covers it.
FOCUS_PROBE = """() => {
  const el = document.activeElement
  if (!el || el === document.body) return null
  // Measure the end state of focus transitions (the skip link and the
  // permalinks fade in).
  document.getAnimations().forEach(a => { try { a.finish() } catch (e) {} })
  // A visually hidden radio (the palette toggle) shows its focus on the
  // label that follows it.
  const label = el.matches("input.md-option") && el.nextElementSibling
  const shown = label && label.matches("label") ? label : el
  const r = shown.getBoundingClientRect()
  const vw = innerWidth, vh = innerHeight
  const header = document.querySelector(".md-header")
  const hb = header ? header.getBoundingClientRect().bottom : 0
  const inHeader = !!(header && header.contains(el))
  const drawn = shown.checkVisibility({opacityProperty: true, visibilityProperty: true})
  const onScreen = r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < vw && r.top < vh
  // Partly under the header counts when the element could fit below it;
  // the skip link and the open drawer are drawn above the header.
  const above = el.closest(".md-skip, [data-md-toggle=drawer]:checked ~ * .md-sidebar--primary")
  // The back-to-top button, when shown, sits just below the header, in the
  // middle: it counts when it covers more than a few pixels of the element.
  const top = document.querySelector(".md-top:not([hidden])")
  const t = top && !top.contains(el) ? top.getBoundingClientRect() : null
  const cover = t && t.left < r.right && t.right > r.left && t.bottom - r.top > 4 ? Math.max(hb, t.bottom) : hb
  const obscured = !inHeader && !above && r.top < cover - 1 && r.height < vh - cover
  const style = getComputedStyle(shown)
  const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
  let name = el.tagName.toLowerCase()
  if (el.id) name += "#" + el.id
  else if (el.classList.length) name += "." + [...el.classList].slice(0, 2).join(".")
  const text = (el.getAttribute("aria-label") || el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40)
  return {name, text, box: [r.x, r.y, r.width, r.height].map(Math.round), invisible: !(drawn && onScreen), obscured, ring}
}"""


AFTER_TWO_FRAMES = f"() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(({FOCUS_PROBE})()))))"


def keyboard_walk(page, stops: int = WALK_STOPS) -> list[dict]:
    """Press Tab `stops` times, then Shift+Tab as many times back; the probe
    of each stop, with its direction."""
    out = []
    for key, direction in (("Tab", "forward"), ("Shift+Tab", "backward")):
        for _ in range(stops):
            page.keyboard.press(key)
            # Let the theme react to the scroll first (it shows or hides the
            # back-to-top button on the next frames), then probe, in one call.
            probe = page.evaluate(AFTER_TWO_FRAMES)
            if probe:
                probe["direction"] = direction
                out.append(probe)
    return out


def open_for_walk(browser, url: str, width: int, **context_args):
    context = browser.new_context(viewport={"width": width, "height": 800}, **context_args)
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("load")
    return context, page


def describe(stop: dict) -> str:
    text = f" {stop['text']!r}" if stop["text"] else ""
    return f"<{stop['name']}>{text} at {stop['box']}"


def online(path: str) -> str:
    return path or "home"


@pytest.mark.browser
@pytest.mark.parametrize("path", WALK_PAGES)
@pytest.mark.parametrize("width", WALK_WIDTHS)
def test_every_tab_stop_is_drawn_and_not_under_the_header(browser, online_url, width, path):
    """Issue 12: below 1220 px the closed drawer took 15 to 27 Tab stops per
    page off-screen, the closed search panel one of zero size, and Shift+Tab
    left links under the sticky header."""
    problems = []
    context, page = open_for_walk(browser, online_url + path, width)
    try:
        for stop in keyboard_walk(page):
            where = f"{online(path)} at {width} px, {stop['direction']}"
            if stop["invisible"]:
                problems.append(f"{where}: focus on an element not drawn on screen: {describe(stop)}")
            elif stop["obscured"]:
                problems.append(f"{where}: focused element under the sticky header: {describe(stop)}")
            elif not stop["ring"]:
                problems.append(f"{where}: focused element without a focus ring: {describe(stop)}")
    finally:
        context.close()
    assert not problems, f"{len(problems)} bad Tab stops:\n" + "\n".join(dict.fromkeys(problems))


# Where the focus is, and whether that element is what is drawn at its centre
# (not covered by a panel or the overlay).
FOCUS_AT = """() => {
  const el = document.activeElement
  const r = el.getBoundingClientRect()
  const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)
  return {
    name: el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : ""),
    text: (el.getAttribute("aria-label") || el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40),
    inDrawer: !!el.closest(".md-sidebar--primary"),
    isMenu: el.hasAttribute("data-a11y-menu"),
    drawn: !!hit && (el.contains(hit) || hit.contains(el)),
    box: [r.x, r.y, r.width, r.height].map(Math.round),
  }
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1024])
@pytest.mark.parametrize("path", ["sre/", "en/cri/"])
def test_menu_button_opens_the_drawer_and_escape_closes_it(browser, online_url, path, width):
    """The hamburger was a <label>: never a Tab stop. Now a button with
    aria-expanded; Enter opens the drawer with the focus inside it, every
    stop in it is drawn, Esc closes it and gives the focus back."""
    where = f"{path} at {width} px"
    context, page = open_for_walk(browser, online_url + path, width)
    try:
        for _ in range(4):
            page.keyboard.press("Tab")
            if page.evaluate(FOCUS_AT)["isMenu"]:
                break
        else:
            pytest.fail(f"{where}: the menu button is not among the first 4 Tab stops", pytrace=False)
        menu = page.locator("[data-a11y-menu]")
        assert menu.get_attribute("aria-expanded") == "false", f"{where}: closed menu button without aria-expanded=false"
        assert menu.get_attribute("aria-label"), f"{where}: the menu button has no name"
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
        assert menu.get_attribute("aria-expanded") == "true", f"{where}: Enter on the menu button: aria-expanded is not true"
        stop = page.evaluate(FOCUS_AT)
        assert stop["inDrawer"] and stop["drawn"], f"{where}: after opening the drawer the focus is on {stop}"
        for _ in range(30):
            page.keyboard.press("Tab")
            page.wait_for_timeout(30)
            stop = page.evaluate(FOCUS_AT)
            if not stop["inDrawer"]:
                break
            assert stop["drawn"], f"{where}: Tab stop in the open drawer not drawn (covered or off-screen): {stop}"
        # Leaving the drawer with Tab closes it: no trap, nothing focused behind the overlay.
        assert not stop["inDrawer"], f"{where}: 30 Tab presses did not leave the drawer (focus trap?)"
        assert menu.get_attribute("aria-expanded") == "false", f"{where}: Tab out of the drawer left it open"
        menu.focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
        page.keyboard.press("Tab")
        page.keyboard.press("Escape")
        page.wait_for_timeout(400)
        stop = page.evaluate(FOCUS_AT)
        assert menu.get_attribute("aria-expanded") == "false", f"{where}: Esc does not close the drawer"
        assert not page.evaluate("document.getElementById('__drawer').checked"), f"{where}: Esc does not close the drawer"
        assert stop["isMenu"], f"{where}: after Esc the focus is on {stop}, not on the menu button"
    finally:
        context.close()


@pytest.mark.browser
def test_drawer_sections_open_and_close_from_the_keyboard(browser, online_url):
    """In the drawer, a section opens as a panel (Enter or Space on its
    title), its back arrow returns; the focus stays on what is drawn."""
    context, page = open_for_walk(browser, online_url + "sre/", 390)
    try:
        page.locator("[data-a11y-menu]").focus()
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
        back = page.evaluate(FOCUS_AT)
        assert back["name"] == "label.md-nav__title" and back["drawn"], f"sre/ at 390 px: drawer opened on {back}"
        page.keyboard.press(" ")
        page.wait_for_timeout(400)
        opener = page.evaluate(FOCUS_AT)
        assert opener["name"] == "label.md-nav__link" and opener["drawn"], (
            f"sre/ at 390 px: Space on the section's back arrow left the focus on {opener}"
        )
        page.keyboard.press("Enter")
        page.wait_for_timeout(400)
        again = page.evaluate(FOCUS_AT)
        assert again["text"] == back["text"] and again["drawn"], f"sre/ at 390 px: Enter on {opener['text']!r} left the focus on {again}"
    finally:
        context.close()


@pytest.mark.browser
def test_menu_button_is_no_tab_stop_where_the_navigation_is_shown(browser, online_url):
    context, page = open_for_walk(browser, online_url + "sre/", 1280)
    try:
        assert not page.locator("[data-a11y-menu]").is_visible(), "sre/ at 1280 px: the menu button shows beside the sidebar"
    finally:
        context.close()


# -- Colours: forced colours, copy button, skip link, logo -------------------

def parse_rgb(value: str) -> tuple[float, float, float, float]:
    numbers = [float(n) for n in re.findall(r"[\d.]+", value)]
    return (*numbers[:3], numbers[3] if len(numbers) > 3 else 1.0)


def over(top: str, below: str) -> tuple[float, float, float]:
    """top composited over an opaque below."""
    r, g, b, a = parse_rgb(top)
    R, G, B, _ = parse_rgb(below)
    return (r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a))


def contrast(one: tuple[float, ...], two: tuple[float, ...]) -> float:
    def luminance(rgb):
        channels = []
        for c in rgb[:3]:
            c = c / 255
            channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


COLOURS = """() => {
  const style = (selector, pseudo) => {
    const el = document.querySelector(selector)
    return el ? getComputedStyle(el, pseudo) : null
  }
  const pick = (s, ...keys) => s ? Object.fromEntries(keys.map(k => [k, s[k]])) : null
  return {
    canvas: pick(style("body"), "backgroundColor", "color"),
    code: pick(style(".md-typeset pre > code"), "backgroundColor", "borderTopWidth", "borderTopStyle", "borderTopColor"),
    copy: pick(style(".md-code__button", "::after"), "backgroundColor"),
    question: pick(style("details.question > summary", "::before"), "backgroundColor"),
    chevron: pick(style("details.question > summary", "::after"), "backgroundColor"),
    top: pick(style(".md-top"), "borderTopWidth", "borderTopStyle", "borderTopColor", "whiteSpace"),
    skip: pick(style(".md-skip"), "backgroundColor", "color"),
  }
}"""


def token_classes(site) -> list[str]:
    """The Pygments token classes the site's stylesheets colour (the
    theme's .highlight rules, as the purge left them)."""
    sheets = (site.root / "assets" / "stylesheets").glob("*.css")
    return sorted({name for sheet in sheets
                   for name in re.findall(r"\.highlight \.([a-z0-9]+)\b", sheet.read_text(encoding="utf-8"))})

# Each token class's colour in a code block of the page, and the block's
# background: a span of each class is put into the first block, read, and
# taken out again.
TOKEN_COLOURS = """(classes) => {
  const code = document.querySelector('.md-typeset .highlight pre > code');
  const spans = classes.map(name => {
    const span = document.createElement('span');
    span.className = name;
    span.textContent = 'x';
    code.append(span);
    return span;
  });
  const out = {background: getComputedStyle(code).backgroundColor,
               page: getComputedStyle(document.body).backgroundColor,
               colours: Object.fromEntries(spans.map(s => [s.className, getComputedStyle(s).color]))};
  spans.forEach(s => s.remove());
  return out;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_code_token_colour_reads_on_the_code_background(browser, online_url, site, scheme):
    """axe measures no text over a gradient, and a code block that scrolls
    draws its scroll cue as one: Material's number and constant colours
    (4.44 and 4.48:1 in the dark palette) went unseen until the cue left
    the blocks that do not scroll. Every token colour is measured here."""
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(online_url + "first-hour/")
        page.wait_for_load_state("load")
        page.evaluate("() => document.getAnimations().forEach(a => a.finish())")
        found = page.evaluate(TOKEN_COLOURS, token_classes(site))
    finally:
        context.close()
    assert found["colours"], "no .highlight token colour in the site's stylesheets"
    background = over(found["background"], found["page"])
    weak = [f".{name} {colour} {ratio:.2f}:1" for name, colour in found["colours"].items()
            if (ratio := contrast(over(colour, found["background"]), background)) < 4.5]
    assert not weak, (f"first-hour/ ({scheme}): code tokens under 4.5:1 on the code background "
                      f"rgb{tuple(round(c) for c in background)}: {', '.join(weak)}")


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_copy_button_and_skip_link_stand_out(browser, online_url, scheme):
    """The copy icon was 1.2:1 (light) and 1.4:1 (dark) against the code
    background; the skip link was translucent in the dark palette."""
    context = browser.new_context(color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(online_url + "cri/")
        page.wait_for_load_state("load")
        colours = page.evaluate(COLOURS)
        code_bg = colours["code"]["backgroundColor"]
        page_bg = colours["canvas"]["backgroundColor"]
        icon = over(colours["copy"]["backgroundColor"], code_bg)
        ratio = contrast(icon, over(code_bg, page_bg))
        assert ratio >= 3, f"cri/ ({scheme}): copy button icon {ratio:.2f}:1 against the code background, needs 3:1"
        skip_alpha = parse_rgb(colours["skip"]["backgroundColor"])[3]
        assert skip_alpha == 1, f"cri/ ({scheme}): skip link background {colours['skip']['backgroundColor']} is not opaque"
        ratio = contrast(over(colours["skip"]["color"], colours["skip"]["backgroundColor"]), parse_rgb(colours["skip"]["backgroundColor"]))
        assert ratio >= 4.5, f"cri/ ({scheme}): skip link text {ratio:.2f}:1"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["dark", "light"])
def test_forced_colours_keep_icons_frames_and_search_matches(browser, online_url, scheme):
    """Windows high contrast: the theme's mask icons and shadows vanish, and
    search matches became invisible in a dark theme."""
    context = browser.new_context(color_scheme=scheme, forced_colors="active", viewport={"width": 1280, "height": 800})
    problems = []
    try:
        page = context.new_page()
        page.goto(online_url + "cri/")
        page.wait_for_load_state("load")
        colours = page.evaluate(COLOURS)
        canvas = parse_rgb(colours["canvas"]["backgroundColor"])
        for name in ("copy", "question", "chevron"):
            ratio = contrast(parse_rgb(colours[name]["backgroundColor"]), canvas)
            if ratio < 3:
                problems.append(f"cri/ (forced colours, {scheme}): {name} icon {colours[name]['backgroundColor']} on {colours['canvas']['backgroundColor']}: {ratio:.2f}:1")
        for name in ("code", "top"):
            border = colours[name]
            if border["borderTopStyle"] == "none" or float(border["borderTopWidth"][:-2]) < 1:
                problems.append(f"cri/ (forced colours, {scheme}): {name} has no frame ({border})")
        page.keyboard.press("/")
        page.keyboard.type("kubelet")
        page.wait_for_selector(".md-search-result mark", timeout=10000)
        mark = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('.md-search-result mark'))
            return [s.color, s.backgroundColor] }""")
        ratio = contrast(parse_rgb(mark[0]), parse_rgb(mark[1]) if parse_rgb(mark[1])[3] else canvas)
        if ratio < 4.5:
            problems.append(f"cri/ (forced colours, {scheme}): search match text {mark[0]} on {mark[1]}: {ratio:.2f}:1")
        if scheme == "dark":
            page.screenshot(path=str(SHOTS / "forced-colours-dark-search.png")) if SHOTS else None
    finally:
        context.close()
    assert not problems, "\n".join(problems)


SHOTS = None  # set to a folder (pathlib.Path) to keep screenshots while debugging


# -- Abbreviations, permalinks, language switcher (built HTML) ----------------

def test_each_abbreviation_is_tagged_once_per_page_and_reachable(site):
    """Every repetition was underlined (58 on the SRE page), with its expansion
    in a mouse-only title; "CRI-O" was tagged as "CRI"."""
    problems = []
    for path in site.html_files():
        rel = site.rel(path)
        article = site.soup(rel).select_one("article")
        if article is None:
            continue
        seen = set()
        for abbr in article.find_all("abbr"):
            text = abbr.get_text()
            if text in seen:
                problems.append(f"{rel}: <abbr>{text}</abbr> tagged again after its first occurrence")
            seen.add(text)
            if abbr.get("tabindex") != "0":
                problems.append(f"{rel}: <abbr>{text}</abbr> is not focusable (its tooltip opens on focus)")
            if abbr.find_parent(["a", "h1", "h2", "h3", "h4", "h5", "h6"]) is not None:
                problems.append(f"{rel}: <abbr>{text}</abbr> inside a link or heading")
            following = abbr.next_sibling
            if isinstance(following, str) and re.match(r"-\w", following):
                problems.append(f"{rel}: <abbr>{text}</abbr>{following[:3]}…: part of a compound name tagged")
    assert not problems, "\n".join(problems)


PERMALINK = {"fr": "Lien vers cette section", "en": "Link to this section"}
LANGUAGE_BUTTON = {"fr": "Langue\u00a0: français", "en": "Language: English"}


def test_permalinks_and_language_switcher_are_named_in_the_page_language(site):
    problems = []
    for path in site.html_files():
        rel = site.rel(path)
        if rel == "404.html":
            continue
        soup = site.soup(rel)
        lang = soup.html.get("lang")
        for link in soup.select("a.headerlink"):
            if link.get("aria-label") != PERMALINK[lang]:
                problems.append(f"{rel}: permalink {link.get('href')} named {link.get('aria-label')!r}, expected {PERMALINK[lang]!r}")
                break
        button = soup.select_one(".md-select > button")
        name = button.get("aria-label") if button else None
        if name != LANGUAGE_BUTTON[lang]:
            problems.append(f"{rel}: language button named {name!r}, expected {LANGUAGE_BUTTON[lang]!r}")
        current = [a.get("hreflang") for a in soup.select("a.md-select__link[aria-current]")]
        if current != [lang]:
            problems.append(f"{rel}: language links marked aria-current: {current}, expected [{lang!r}]")
    assert not problems, "\n".join(problems)


def copy_name(soup) -> str:
    config = json.loads(soup.select_one("script#__config").string)
    return config["translations"]["clipboard.copy"]


def test_every_code_block_has_its_copy_button_in_the_html(site):
    """overrides/hooks/code_blocks.py: the theme added copy buttons at load,
    a layout of the whole page per block, each in an unnamed <nav>. Each
    block's button is now in the HTML, named by the theme's string for the
    page's language, and copies that block; a command's output (a text
    block) has none: at phone width its button covered the end of the
    output's first line."""
    problems, names, outputs = [], {}, 0
    for path in site.html_files():
        rel = site.rel(path)
        soup = site.soup(rel)
        codes = soup.select("pre > code")
        if not codes:
            continue
        name = copy_name(soup)
        names.setdefault(soup.html.get("lang"), set()).add(name)
        for code in codes:
            pre = code.parent
            where = f"{rel}: code block {code.get_text()[:40]!r}"
            if pre.find("nav"):
                problems.append(f"{where}: a <nav> inside <pre>")
            button = pre.select_one(":scope > .md-code__nav > button.md-code__button[data-md-type=copy]")
            languages = [c for c in pre.parent.get("class", []) if c.startswith("language-")]
            if not languages:
                problems.append(f"{where}: no language class on its <div> (pygments_lang_class in mkdocs.yml)")
            if languages == ["language-text"]:
                outputs += 1
                if pre.select(".md-code__nav, button"):
                    problems.append(f"{where}: a command's output (text block) with a copy button")
                continue
            if not code.get("id") or len(soup.select(f"code[id='{code['id']}']")) != 1:
                problems.append(f"{where}: no id of its own on its <code> ({code.get('id')})")
            if button is None:
                problems.append(f"{where}: no copy button")
                continue
            if button.get("type") != "button" or button.get("aria-label") != name or button.get("title") != name:
                problems.append(f"{where}: copy button {button.attrs}, expected type=button and the name {name!r}")
            if button.get("data-clipboard-target") != f"#{code.get('id')}":
                problems.append(f"{where}: the copy button copies {button.get('data-clipboard-target')}, not this block")
        if soup.select("pre span.w"):
            problems.append(f"{rel}: {len(soup.select('pre span.w'))} empty whitespace <span class=\"w\"> left in code")
    if set(names) == {"fr", "en"} and names["fr"] & names["en"]:
        problems.append(f"French and English pages share a copy button name: {names['fr'] & names['en']}")
    assert outputs, "no text block (a command's output) on any page: is the language class still written?"
    assert not problems, "\n".join(problems)


# -- Palette, back-to-top, logo (browser) --------------------------------------

@pytest.mark.browser
def test_palette_follows_the_system_after_the_first_visit_and_switches_on_space(browser, online_url):
    """The first palette was stored for good: a later change of the system
    setting was ignored. Space on the toggle did nothing."""
    context = browser.new_context(color_scheme="light")
    try:
        page = context.new_page()
        page.goto(online_url + "cri/")
        page.wait_for_load_state("load")
        scheme = lambda: page.locator("body").get_attribute("data-md-color-scheme")  # noqa: E731
        assert scheme() == "default", f"cri/: light system, first visit: scheme {scheme()!r}"
        page.emulate_media(color_scheme="dark")
        page.goto(online_url + "sre/")
        page.wait_for_load_state("load")
        assert scheme() == "slate", f"sre/: the system turned dark after the first visit, the page stayed {scheme()!r}"
        page.emulate_media(color_scheme="light")
        page.wait_for_timeout(300)
        assert scheme() == "default", f"sre/: the system turned light while the page was open, the page stayed {scheme()!r}"
        toggle = page.locator("form[data-md-component=palette] input").first
        toggle.focus()
        page.keyboard.press(" ")
        page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'", timeout=3000)
    finally:
        context.close()


@pytest.mark.browser
def test_french_back_to_top_fits_on_one_line_and_logo_stands_out(browser, online_url):
    context = browser.new_context(viewport={"width": 390, "height": 800})
    try:
        page = context.new_page()
        page.goto(online_url + "sre/")
        page.wait_for_load_state("load")
        page.evaluate("document.querySelector('.md-top').hidden = false")
        box = page.locator(".md-top").bounding_box()
        line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-top')).lineHeight) || 20")
        assert box["height"] < 2 * line + 16, f"sre/ at 390 px: back-to-top button is {box['height']:.0f} px tall: more than one line"
        assert box["width"] < 390, f"sre/ at 390 px: back-to-top button is {box['width']:.0f} px wide"
        page.set_viewport_size({"width": 1280, "height": 800})
        tile = page.evaluate("getComputedStyle(document.querySelector('.md-header__button.md-logo img')).backgroundColor")
        header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
        ratio = contrast(parse_rgb(tile), parse_rgb(header))
        assert ratio >= 3, f"sre/ at 1280 px: header logo background {tile} on {header}: {ratio:.2f}:1, the logo reads as a menu icon"
    finally:
        context.close()


EXPANSION = """(abbr) => {
  const s = getComputedStyle(abbr, "::after")
  const shown = !["none", "normal"].includes(s.content) && s.display !== "none"
  // The box is absolutely positioned in its containing block: the
  // abbreviation if it is positioned, else the abbreviation's offsetParent.
  const block = getComputedStyle(abbr).position === "static" ? abbr.offsetParent : abbr
  const cb = block.getBoundingClientRect(), word = abbr.getBoundingClientRect()
  const left = cb.left + block.clientLeft + parseFloat(s.left) + parseFloat(s.marginLeft)
  const top = cb.top + block.clientTop + parseFloat(s.top) + parseFloat(s.marginTop)
  return {shown, content: s.content, left, right: left + parseFloat(s.width), top, wordBottom: word.bottom,
          width: innerWidth, color: s.color, background: s.backgroundColor, border: s.borderTopColor,
          focused: document.activeElement === abbr}
}"""


@pytest.mark.browser
@pytest.mark.parametrize("path, scheme, forced", [("cri/", "light", False), ("en/cri/", "dark", False), ("cri/", "dark", True)])
def test_abbreviation_expansion_opens_on_tap_and_on_focus(browser, online_url, path, scheme, forced):
    """The expansion was a title attribute: nothing on a phone or from the
    keyboard. It shows on tap and on focus, under the word, inside a 390 px
    screen, readable in both palettes and forced colours; Esc hides it."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True,
                                  color_scheme=scheme, forced_colors="active" if forced else "none")
    where = f"{path} at 390 px ({scheme}{', forced colours' if forced else ''})"
    try:
        page = context.new_page()
        page.goto(online_url + path)
        page.wait_for_load_state("load")
        abbrs = page.locator("article abbr[tabindex]")
        abbr = abbrs.first
        expansion = abbr.get_attribute("title")
        if abbr.evaluate(EXPANSION)["shown"]:
            pytest.fail(f"{where}: the expansion of <abbr>{abbr.inner_text()}</abbr> shows before any tap or focus", pytrace=False)
        abbr.tap()
        page.wait_for_timeout(200)
        box = abbr.evaluate(EXPANSION)
        if not (box["focused"] and box["shown"] and expansion in box["content"]):
            pytest.fail(f"{where}: tapping <abbr> shows {box['content']!r} (focused: {box['focused']}), not {expansion!r}", pytrace=False)
        background = parse_rgb(box["background"])
        ratio = contrast(over(box["color"], box["background"]), background)
        if background[3] < 1 or ratio < 4.5:
            pytest.fail(f"{where}: expansion text {box['color']} on {box['background']}: {ratio:.2f}:1, needs an opaque 4.5:1", pytrace=False)
        if forced and parse_rgb(box["border"])[3] == 0:
            pytest.fail(f"{where}: the expansion has no frame in forced colours (border {box['border']})", pytrace=False)
        page.keyboard.press("Escape")
        if abbr.evaluate(EXPANSION)["shown"]:
            pytest.fail(f"{where}: Esc does not hide the expansion of the focused <abbr>", pytrace=False)
        page.locator("h1").first.click()
        page.wait_for_timeout(200)
        problems = []
        for i in range(abbrs.count()):
            one = abbrs.nth(i)
            one.focus()
            box = one.evaluate(EXPANSION)
            text = one.inner_text()
            if not (box["shown"] and (one.get_attribute("title") or "") in box["content"]):
                problems.append(f"{where}: focusing <abbr>{text}</abbr> shows {box['content']!r}")
            elif box["left"] < 0 or box["right"] > 390.5 or box["width"] > 390:
                problems.append(f"{where}: the expansion of <abbr>{text}</abbr> runs off the screen ({box['left']:.0f} to {box['right']:.0f} px)")
            elif box["top"] < box["wordBottom"] - 1:
                problems.append(f"{where}: the expansion of <abbr>{text}</abbr> covers its word (top {box['top']:.0f}, word bottom {box['wordBottom']:.0f})")
        if problems:
            pytest.fail("\n".join(problems), pytrace=False)
    finally:
        context.close()
