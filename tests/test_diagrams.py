"""Every topic has its diagram in both languages: accessible, self-contained,
light, and drawn in both palettes."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET

import pytest

from sitelib import DOCS, LANGUAGES, browser_pages, pages

SVG_NS = "{http://www.w3.org/2000/svg}"
DIAGRAMS = DOCS / "includes" / "diagrams"
INCLUDE = re.compile(r'^--8<--\s+"diagrams/(\w+)/([\w-]+)\.svg"\s*$')
# Pages that explain no single mechanism carry no diagram (and no diagram code).
WITHOUT_DIAGRAM = {"index.md", "glossary.md"}
TOPICS = [p.rel for p in pages("fr") if p.rel not in WITHOUT_DIAGRAM]
# Drawn in a browser (sitelib.browser_pages); every diagram file is still read.
DRAWN_TOPICS = [p.rel for p in browser_pages("fr") if p.rel not in WITHOUT_DIAGRAM]
MAX_GZIP_BYTES = 15 * 1024


def includes(page):
    return [(line.number, *INCLUDE.match(line.text.strip()).groups())
            for line in page.body_lines if INCLUDE.match(line.text.strip())]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_topic_page_includes_its_own_diagram(lang):
    problems = []
    for page in pages(lang):
        found = includes(page)
        expected = [] if page.rel in WITHOUT_DIAGRAM else [(lang, page.rel[:-3])]
        if [(a, b) for _, a, b in found] != expected:
            problems.append(f"{page.display}: includes {[(n, f'{a}/{b}.svg') for n, a, b in found]}, expected {expected}")
        for number, inc_lang, slug in found:
            if not (DIAGRAMS / inc_lang / f"{slug}.svg").is_file():
                problems.append(f"{page.display}:{number}: diagrams/{inc_lang}/{slug}.svg does not exist")
    assert not problems, "\n".join(problems)


def test_diagram_files_are_paired():
    names = {lang: {p.name for p in (DIAGRAMS / lang).glob("*.svg")} for lang in LANGUAGES}
    assert names["fr"] == names["en"], f"diagrams in one language only: {names['fr'] ^ names['en']}"
    unused = names["fr"] - {f"{t[:-3]}.svg" for t in TOPICS}
    assert not unused, f"diagrams no page includes: {sorted(unused)}"


SVG_FILES = sorted(DIAGRAMS.glob("*/*.svg"))


@pytest.mark.parametrize("path", SVG_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_svg_is_accessible_and_self_contained(path):
    rel = path.relative_to(DOCS.parent)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<svg"), f"{rel}: must start with <svg (it is inlined into a page)"
    blank = [i + 1 for i, line in enumerate(text.split("\n")[:-1]) if not line.strip()]
    assert not blank, f"{rel}: blank lines {blank} would split the Markdown HTML block"
    root = ET.fromstring(text)
    slug = path.stem
    assert root.get("id") == f"dg-{slug}", f"{rel}: root id should be dg-{slug}"
    assert root.get("role") == "img", f"{rel}: root needs role=\"img\""
    # A short name, and a description that says what the figure shows.
    for attr, tag, words in (("aria-labelledby", "title", 2), ("aria-describedby", "desc", 12)):
        ref = root.get(attr)
        element = root.find(f".//{SVG_NS}{tag}[@id='{ref}']") if ref else None
        assert element is not None and len((element.text or "").split()) >= words, (
            f"{rel}: {attr} must point to a <{tag}> of at least {words} words"
        )
    for element in root.iter():
        name = element.tag.replace(SVG_NS, "")
        assert name not in ("image", "foreignObject", "script", "a", "iframe"), f"{rel}: <{name}> is not allowed"
        for key, value in element.attrib.items():
            if "href" in key or re.search(r"(https?:)?//", value):
                pytest.fail(f"{rel}: <{name} {key}={value!r}> refers outside the figure", pytrace=False)
        if element.get("id") and not element.get("id").startswith(f"dg-{slug}"):
            pytest.fail(f"{rel}: id {element.get('id')!r} should start with dg-{slug}-", pytrace=False)
    for style in root.iter(f"{SVG_NS}style"):
        for url in re.findall(r"url\(([^)]*)\)|@import", style.text or ""):
            assert url.startswith("#"), f"{rel}: <style> refers outside the figure: {url!r}"
    size = len(gzip.compress(text.encode("utf-8"), 9))
    assert size <= MAX_GZIP_BYTES, f"{rel}: {size} bytes gzip, over the {MAX_GZIP_BYTES} budget"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_built_figures_keep_their_svg_and_caption(site, lang):
    problems = []
    for page in pages(lang):
        figures = site.soup(page.built_rel).select("article figure.diagram")
        expected = 0 if page.rel in WITHOUT_DIAGRAM else 1
        if len(figures) != expected:
            problems.append(f"{page.built_rel}: {len(figures)} diagram figures, expected {expected}")
        for figure in figures:
            svg = figure.find("svg")
            caption = figure.find("figcaption")
            if svg is None or svg.find("title") is None:
                problems.append(f"{page.built_rel}: the figure lost its <svg> or its <title>")
            if svg is not None and (svg.find("p") or svg.find("abbr")):
                problems.append(f"{page.built_rel}: Markdown rewrote the inside of the <svg>")
            if caption is None or len(caption.get_text().split()) < 12:
                problems.append(f"{page.built_rel}: the figure needs a figcaption that describes it")
    assert not problems, "\n".join(problems)


def test_pages_without_diagram_carry_no_diagram_code(site):
    problems = []
    for path in site.html_files():
        rel = site.rel(path)
        html = path.read_text(encoding="utf-8")
        has_figure = 'class="diagram"' in html
        if not has_figure and ("dg-" in html or 'class="dg"' in html):
            problems.append(f"{rel}: diagram code on a page without a diagram")
    css = "\n".join(p.read_text(encoding="utf-8") for p in site.root.rglob("extra*.css"))
    if ".dg" in css:
        problems.append("the site style sheet carries diagram styles that every page would load")
    assert not problems, "\n".join(problems)


CONTRAST_JS = """(svg) => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const blend = (fg, bg) => {
    const a = fg.length > 3 ? fg[3] : 1;
    return [0, 1, 2].map(i => fg[i] * a + bg[i] * (1 - a));
  };
  const page = rgb(getComputedStyle(document.body).backgroundColor);
  const box = svg.getBoundingClientRect();
  let worst = 99;
  for (const text of svg.querySelectorAll('text')) {
    const fill = blend(rgb(getComputedStyle(text).fill), page);
    const [l1, l2] = [lum(fill), lum(page)].sort((a, b) => b - a);
    worst = Math.min(worst, (l1 + 0.05) / (l2 + 0.05));
  }
  return {width: box.width, height: box.height, worst};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_diagrams_render_in_both_palettes(browser, online_url, scheme):
    problems = []
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        for lang in LANGUAGES:
            for rel in DRAWN_TOPICS:
                path = f"{'en/' if lang == 'en' else ''}{rel[:-3]}/"
                page.goto(online_url + path)
                palette = page.locator("body").get_attribute("data-md-color-scheme")
                if palette != ("slate" if scheme == "dark" else "default"):
                    problems.append(f"{path}: palette {palette!r} for a {scheme} system setting")
                result = page.locator("figure.diagram svg").evaluate(CONTRAST_JS)
                if result["width"] < 200 or result["height"] < 200:
                    problems.append(f"{path} ({scheme}): diagram box is {result['width']:.0f}x{result['height']:.0f}")
                if result["worst"] < 4.5:
                    problems.append(f"{path} ({scheme}): diagram text contrast {result['worst']:.2f}:1 against the page")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


# -- Legibility at both ends and one accessible-name approach ----------------
# Issue 13: on a 390 px phone every label is at least 12 CSS px; on a
# 1280 px desktop no label is larger than the body text, and the figure with
# its caption fits under the 48 px header of a 1280x800 screen. The caption
# is left-aligned text, and it is what describes the figure: the SVG is an
# image named by its <title>, with a one-sentence <desc> that does not say
# the caption again.

MIN_LABEL_PX = 12
MAX_FIGURE_PX = 800 - 48
VIEWPORTS = [(390, 844), (1280, 800)]
MAX_DESC_WORDS = 30

LEGIBILITY_JS = """() => {
  const figure = document.querySelector('article figure.diagram');
  const svg = figure.querySelector('svg');
  const caption = figure.querySelector('figcaption');
  const box = svg.viewBox.baseVal;
  const labels = [...svg.querySelectorAll('text')].map(text => {
    const m = text.getScreenCTM();
    const b = text.getBBox();
    return {
      text: text.textContent.trim(),
      px: parseFloat(getComputedStyle(text).fontSize) * Math.hypot(m.a, m.b),
      outside: b.x < box.x - 0.5 || b.y < box.y - 0.5
        || b.x + b.width > box.x + box.width + 0.5 || b.y + b.height > box.y + box.height + 0.5,
    };
  });
  return {
    labels,
    body: parseFloat(getComputedStyle(document.querySelector('article p')).fontSize),
    figure: figure.getBoundingClientRect().height,
    align: getComputedStyle(caption).textAlign,
  };
}"""


def _page_path(lang, rel):
    return f"{'en/' if lang == 'en' else ''}{rel[:-3]}/"


@pytest.mark.browser
@pytest.mark.parametrize("width,height", VIEWPORTS, ids=lambda v: str(v))
def test_diagram_labels_legible_and_figures_fit(browser, online_url, width, height):
    problems = []
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        for lang in LANGUAGES:
            for rel in DRAWN_TOPICS:
                path = _page_path(lang, rel)
                page.goto(online_url + path)
                result = page.evaluate(LEGIBILITY_JS)
                where = f"{path} at {width} px"
                smallest = min(result["labels"], key=lambda label: label["px"])
                largest = max(result["labels"], key=lambda label: label["px"])
                if width <= 390 and smallest["px"] < MIN_LABEL_PX:
                    problems.append(f"{where}: label {smallest['text']!r} is {smallest['px']:.1f} px, under {MIN_LABEL_PX}")
                if width >= 1280 and largest["px"] > result["body"] + 0.05:
                    problems.append(f"{where}: label {largest['text']!r} is {largest['px']:.1f} px, larger than the {result['body']:.0f} px body text")
                if width >= 1280 and result["figure"] > MAX_FIGURE_PX:
                    problems.append(f"{where}: figure with caption is {result['figure']:.0f} px tall, over {MAX_FIGURE_PX}")
                if result["align"] not in ("start", "left"):
                    problems.append(f"{where}: caption is text-align {result['align']}, should be start")
                for label in result["labels"]:
                    if label["outside"]:
                        problems.append(f"{where}: label {label['text']!r} runs outside the drawing")
    finally:
        context.close()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def _words(text):
    return re.findall(r"\w+", text.lower())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_caption_describes_and_desc_stays_short(site, lang):
    """The figcaption is the description on the page; the SVG's <desc>
    (aria-describedby) is one short sentence, so a screen reader does not read
    the same text twice."""
    problems = []
    for page in pages(lang):
        for figure in site.soup(page.built_rel).select("article figure.diagram"):
            svg = figure.find("svg")
            caption = figure.find("figcaption")
            if svg is None or caption is None:
                continue  # reported by test_built_figures_keep_their_svg_and_caption
            where = page.built_rel
            desc = svg.find("desc", id=svg.get("aria-describedby"))
            if svg.get("role") != "img" or svg.find("title", id=svg.get("aria-labelledby")) is None:
                problems.append(f"{where}: the SVG needs role=img named by its <title>")
            if desc is None:
                problems.append(f"{where}: aria-describedby must point to the SVG's <desc>")
                continue
            desc_text = desc.get_text(" ", strip=True)
            sentences = [s for s in re.split(r"(?<=[.!?])\s+", desc_text) if s]
            if len(sentences) != 1 or len(_words(desc_text)) > MAX_DESC_WORDS:
                problems.append(f"{where}: <desc> should be one sentence of at most {MAX_DESC_WORDS} words "
                                f"({len(sentences)} sentences, {len(_words(desc_text))} words): {desc_text[:60]!r}…")
            caption_words = _words(caption.get_text(" ", strip=True))
            if len(caption_words) < 2 * len(_words(desc_text)):
                problems.append(f"{where}: the figcaption ({len(caption_words)} words) should describe the figure "
                                f"in more detail than the <desc> ({len(_words(desc_text))} words)")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


DESIGN_WIDTH = 400  # viewBox units; the style sheet caps the figure at 25em
FONT_UNITS = (14, 16)


@pytest.mark.parametrize("path", SVG_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_svg_keeps_the_shared_design(path):
    """One design size and one visual language: a 400-unit viewBox with labels
    of 14 to 16 units (legible at 390 px, never larger than the text at 25em),
    and a dashed line means one thing only, the boundary of a place (node,
    pod, cluster): the .frame rectangle."""
    rel = path.relative_to(DOCS.parent)
    root = ET.fromstring(path.read_text(encoding="utf-8"))
    x, y, width, height = (float(v) for v in root.get("viewBox").split())
    problems = []
    if width != DESIGN_WIDTH or root.get("width") != f"{DESIGN_WIDTH}":
        problems.append(f"{rel}: viewBox and width should be {DESIGN_WIDTH} units wide, not {width:g}")
    style = "".join(s.text or "" for s in root.iter(f"{SVG_NS}style"))
    for size in re.findall(r"font-size:\s*([\d.]+)px", style):
        if not FONT_UNITS[0] <= float(size) <= FONT_UNITS[1]:
            problems.append(f"{rel}: font-size {size}px is outside {FONT_UNITS[0]}-{FONT_UNITS[1]} units")
    for rule in re.findall(r"([^{}]+)\{([^}]*)\}", style):
        if "dasharray" in rule[1] and rule[0].strip().split()[-1] != ".frame":
            problems.append(f"{rel}: dashed lines belong to .frame (a boundary) only, not {rule[0].strip()!r}")
    for element in root.iter():
        if "dasharray" in "".join(element.attrib.values()) or "font-size" in element.get("style", ""):
            problems.append(f"{rel}: <{element.tag.replace(SVG_NS, '')}> styles itself; use the classes")
        if "frame" in element.get("class", "").split() and element.tag != f"{SVG_NS}rect":
            problems.append(f"{rel}: .frame (dashed boundary) on a <{element.tag.replace(SVG_NS, '')}>")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_code_labels_keep_their_spacing(site):
    """A monospace label is code (YAML keys, API names): the French typography
    must not put a no-break space before its colons."""
    problems = []
    for page in pages("fr"):
        for svg in site.soup(page.built_rel).select("article figure.diagram svg"):
            for element in svg.find_all(["text", "tspan"], class_="m"):
                text = element.get_text()
                if "\u00a0" in text or "\u202f" in text:
                    problems.append(f"{page.built_rel}: code label {text!r} got French spacing (mark it lang=\"en\")")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
