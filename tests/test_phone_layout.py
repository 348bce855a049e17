"""Tables and code blocks on a phone (issue 13).

- Every table: its first column is made of row headers (th scope=row), and
  on a 390 px screen no cell sits outside the screen unless its table shows
  a scroll cue.
- Every code block: on a 390 px screen no comment (the explanation) runs
  past the visible edge of its block, and a block that scrolls sideways
  shows a cue at the edge where more content waits, in both palettes (and
  at 1280 px).

A cue is checked on the screen itself: the block's text is made
transparent, then a thin strip at its right edge is compared with its
middle. A block with no cue has the same plain background in both.
"""

from __future__ import annotations

import struct
import zlib
from contextlib import contextmanager

import pytest

from sitelib import LANGUAGES, browser_pages, pages

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

# Pygments' comment classes (single-line, multi-line, hashbang, special,
# preprocessor).
COMMENTS = ".c, .c1, .cm, .ch, .cs, .cp, .cpf"


def drawn_pages():
    return [p for lang in LANGUAGES for p in browser_pages(lang)]


def url_of(page) -> str:
    return page.built_rel.removesuffix("index.html")


# -- Row headers (built HTML) --------------------------------------------------


def table_name(table) -> str:
    head = [" ".join(th.get_text(" ").split()) for th in table.select("thead th")]
    return " | ".join(head) or "(no header row)"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_first_column_cells_are_row_headers(site, lang):
    problems = []
    for page in pages(lang):
        for number, table in enumerate(site.soup(page.built_rel).select("article table"), 1):
            where = f"{page.display} ({page.built_rel}), table {number} ({table_name(table)})"
            if not table.select("thead th") or any(th.get("scope") != "col" for th in table.select("thead th")):
                problems.append(f"{where}: header cells should be th scope=col")
            for row in table.select("tbody tr"):
                first = row.find(["td", "th"])
                if first is None or first.name != "th" or first.get("scope") != "row":
                    text = " ".join(first.get_text(" ").split()) if first else ""
                    problems.append(f"{where}: first cell {text!r} is not a th scope=row")
                labelled = [td for td in row.find_all("td") if not td.get("data-label")]
                if labelled:
                    problems.append(f"{where}: cells without data-label (the column name shown on a phone)")
    if problems:
        pytest.fail("\n".join(sorted(set(problems))), pytrace=False)


# -- Screen checks ---------------------------------------------------------------


def png_pixels(data: bytes) -> tuple[int, int, list[list[tuple[int, int, int]]]]:
    """Width, height and RGB rows of an 8-bit, non-interlaced PNG (as the
    browser's screenshots are), with no imaging library."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8 and colour in (2, 6), f"unexpected PNG format {depth}/{colour}"
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw, stride = zlib.decompress(idat), width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        previous = line
    return width, height, rows


# Hides the text (and frames) of every element matching a selector, and
# what floats over a block's edge: the copy button, the header.
HIDE_TEXT = """(selector) => {
  for (const el of document.querySelectorAll(selector)) el.setAttribute('data-cue-probe', '');
  const style = document.createElement('style');
  style.id = 'cue-probe';
  style.textContent = `[data-cue-probe], [data-cue-probe] *, [data-cue-probe] *::before, [data-cue-probe] *::after
    { color: transparent !important; text-shadow: none !important; text-decoration-color: transparent !important;
      border-color: transparent !important; }
    .md-code__nav, .md-clipboard, .md-header, .md-top { visibility: hidden !important; }
    [data-cue-probe] abbr { border: 0 !important; }`;
  document.head.append(style);
}"""

SHOW_TEXT = """() => {
  for (const el of document.querySelectorAll('[data-cue-probe]')) el.removeAttribute('data-cue-probe');
  document.getElementById('cue-probe')?.remove();
}"""

# The index-th element matching a selector, scrolled to its start and into
# view, after a frame: its box.
BRING_INTO_VIEW = """async ([selector, index]) => {
  const el = document.querySelectorAll(selector)[index];
  el.scrollLeft = 0;
  el.scrollIntoView({block: 'center'});
  await new Promise(requestAnimationFrame);
  const r = el.getBoundingClientRect();
  return {x: r.x, y: r.y, width: r.width, height: r.height};
}"""


@contextmanager
def text_hidden(page, selector: str):
    page.evaluate(HIDE_TEXT, selector)
    try:
        yield
    finally:
        page.evaluate(SHOW_TEXT)


def shows_right_cue(page, selector: str, index: int) -> bool:
    """True when the right edge of a scrolled-to-start element is drawn
    differently from its middle. Call it inside text_hidden(): with the text
    hidden, a block with no cue has the same plain background in both."""
    box = page.evaluate(BRING_INTO_VIEW, [selector, index])
    # One band across the element, in the middle of its height (clear of a
    # scrollbar at the bottom): 2 to 8 px inside its right edge and 6 px at
    # its middle are compared. (One screenshot, and a thin one: this PNG
    # decoder is plain Python.)
    height = min(10, max(4, box["height"] * 0.5))
    top = box["y"] + (box["height"] - height) / 2
    width, _, rows = png_pixels(page.screenshot(clip={"x": box["x"], "y": top, "width": box["width"], "height": height}))
    middle = width // 2

    def mean(first: int, last: int) -> list[float]:
        pixels = [px for row in rows for px in row[first:last]]
        return [sum(px[c] for px in pixels) / len(pixels) for c in range(3)]

    edge, centre = mean(width - 8, width - 2), mean(middle - 3, middle + 3)
    return max(abs(a - b) for a, b in zip(edge, centre)) > 12


MEASURE = """(comments) => {
  const vw = document.documentElement.clientWidth;
  const blocks = [...document.querySelectorAll('article pre > code')].map((code, i) => {
    const box = code.getBoundingClientRect();
    const left = box.left + code.clientLeft, right = left + code.clientWidth;
    const hidden = [...code.querySelectorAll(comments)].filter(c => c.textContent.trim()).flatMap(c =>
      [...c.getClientRects()].filter(r => r.right > right + 1 || r.left < left - 1)
        .map(r => ({text: c.textContent.trim(), past: Math.round(Math.max(r.right - right, left - r.left))})).slice(0, 1));
    return {index: i, scrolls: code.scrollWidth > code.clientWidth + 1, hidden,
            first: code.textContent.trim().split('\\n')[0].slice(0, 60)};
  });
  const tables = [...document.querySelectorAll('article table')].map((table, i) => {
    const names = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
    const out = new Set();
    for (const row of table.querySelectorAll('tbody tr')) {
      [...row.cells].forEach((cell, c) => {
        const r = cell.getBoundingClientRect();
        if (r.width && (r.right > vw + 1 || r.left < -1)) out.add(names[c] || `column ${c + 1}`);
      });
    }
    return {index: i, name: names.join(' | '), outside: [...out]};
  });
  return {blocks, tables};
}"""


@pytest.fixture(scope="module")
def phone(browser):
    contexts = {}

    def _open(scheme: str, viewport: dict):
        key = (scheme, viewport["width"])
        if key not in contexts:
            # The cue probe hides the code's text with a <style> it adds to
            # the page, which the site's Content-Security-Policy refuses, as
            # it should (tests/test_csp.py): this context lets it in.
            context = browser.new_context(viewport=viewport, color_scheme=scheme, bypass_csp=True)
            contexts[key] = (context, context.new_page())
        return contexts[key][1]

    yield _open
    for context, _ in contexts.values():
        context.close()


@pytest.mark.browser
def test_no_comment_or_column_off_screen_on_a_phone(phone, online_url):
    """390 px, light palette: comments inside their block's visible part;
    table cells on the screen, or a scroll cue on their table."""
    page, problems = phone("light", PHONE), []
    for doc in drawn_pages():
        page.goto(online_url + url_of(doc))
        found = page.evaluate(MEASURE, COMMENTS)
        where = f"{doc.display} (/{url_of(doc)}), 390 px"
        for block in found["blocks"]:
            for comment in block["hidden"]:
                problems.append(
                    f"{where}: code block {block['index'] + 1} ({block['first']!r}…): comment "
                    f"{comment['text']!r} runs {comment['past']} px past the visible edge"
                )
        outside = [table for table in found["tables"] if table["outside"]]
        with text_hidden(page, "article table"):
            for table in outside:
                if not shows_right_cue(page, "article table", table["index"]):
                    problems.append(
                        f"{where}: table {table['index'] + 1} ({table['name']}): columns {table['outside']} "
                        "outside the screen, with no scroll cue"
                    )
    if problems:
        pytest.fail(f"{len(problems)} problem(s):\n" + "\n".join(problems), pytrace=False)


@pytest.mark.browser
@pytest.mark.parametrize(
    "scheme,viewport",
    [("light", PHONE), ("dark", PHONE), ("light", DESKTOP)],
    ids=["390-light", "390-dark", "1280-light"],
)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_code_block_that_scrolls_shows_a_cue(phone, online_url, scheme, viewport, lang):
    page, problems, checked = phone(scheme, viewport), [], 0
    for doc in browser_pages(lang):
        page.goto(online_url + url_of(doc))
        found = page.evaluate(MEASURE, COMMENTS)
        with text_hidden(page, "article pre > code"):
            for block in found["blocks"]:
                cue = shows_right_cue(page, "article pre > code", block["index"])
                checked += 1
                if block["scrolls"] and not cue:
                    problems.append(
                        f"{doc.display} (/{url_of(doc)}), {viewport['width']} px, {scheme}: code block "
                        f"{block['index'] + 1} ({block['first']!r}…) scrolls sideways with no cue at its right edge"
                    )
                elif not block["scrolls"] and cue:
                    problems.append(
                        f"{doc.display} (/{url_of(doc)}), {viewport['width']} px, {scheme}: code block "
                        f"{block['index'] + 1} ({block['first']!r}…) does not scroll but shows a scroll cue"
                    )
    assert checked, f"no code block found on any {lang} page"
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


# Each code block and table, whether it scrolls sideways, and whether it
# runs the cue's scroll-driven animation.
CUE_ANIMATIONS = """() => {
  const animated = new Set(document.getAnimations()
    .filter(a => a.animationName === 'cn-scroll-cue').map(a => a.effect.target));
  return [...document.querySelectorAll('.md-typeset pre > code, .md-typeset table:not([class])')]
    .map(el => ({scrolls: el.scrollWidth > el.clientWidth, animated: animated.has(el)}));
}"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_only_blocks_that_scroll_run_the_cue_animation(phone, online_url, lang):
    """On every code block, the cue's animation took over a quarter of the
    first-hour page's style time at load (48 blocks) and about 4
    Lighthouse points; only the blocks that scroll may run it."""
    page, problems, running = phone("light", PHONE), [], 0
    for doc in browser_pages(lang):
        page.goto(online_url + url_of(doc))
        blocks = page.evaluate(CUE_ANIMATIONS)
        idle = sum(1 for b in blocks if b["animated"] and not b["scrolls"])
        missing = sum(1 for b in blocks if b["scrolls"] and not b["animated"])
        running += sum(1 for b in blocks if b["animated"])
        if idle or missing:
            problems.append(f"{doc.display} (/{url_of(doc)}), 390 px: of {len(blocks)} code blocks and tables, "
                            f"{idle} run the cue animation without scrolling, {missing} scroll without it")
    assert running, f"no {lang} page runs the cue animation at 390 px: is the cue still drawn?"
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_output_keeps_its_columns(phone, online_url, lang):
    """A command's output (a text block) scrolls like code, it does not wrap:
    wrapped, kubectl's tables lose their columns (RESTARTS under NAME at
    390 px, a label cut in two at 1280 px). Print wraps every block (the
    theme's print style), since paper cannot scroll."""
    page = phone("light", PHONE)
    page.goto(online_url + ("en/" if lang == "en" else "") + "first-hour/")
    found = page.evaluate("""() => [...document.querySelectorAll('article .language-text pre > code')]
      .map(code => [getComputedStyle(code).whiteSpace, code.textContent.trim().split('\\n')[0].slice(0, 40)])""")
    assert found, f"{lang}: no output block on the first-hour page"
    wrapped = [f"{first!r} ({space})" for space, first in found if space != "pre"]
    assert not wrapped, f"{lang} first-hour/, 390 px: output blocks that wrap: {', '.join(wrapped)}"


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_without_javascript_every_block_gets_the_cue(browser, online_url, lang):
    """The script marks the blocks that scroll; without it, every block
    gets the cue's rules (a block that does not scroll has no timeline, so
    it shows no cue)."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        doc = next(p for p in browser_pages(lang) if p.rel == "first-hour.md")
        page.goto(online_url + url_of(doc))
        names = page.evaluate("""() => [...document.querySelectorAll('.md-typeset pre > code')]
          .map(code => getComputedStyle(code).animationName)""")
    finally:
        context.close()
    without = [i + 1 for i, name in enumerate(names) if name != "cn-scroll-cue"]
    assert names and not without, f"/{url_of(doc)}, 390 px, no JavaScript: code blocks {without} of {len(names)} have no cue rules"
