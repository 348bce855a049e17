"""The PDF edition: scripts/build_pdf.py, one PDF per language.

The script runs once per session (two Chromium prints of the session's
build); every test reads its output. Chromium keeps HTML and SVG text as
text, so titles and diagram labels can be looked up in it. The text of
every page comes from poppler's pdftotext (under a second per PDF); font
sizes and names, which only pypdf reads, are taken from a spread of pages
(pypdf needs about 0.1 s a page: a whole 800-page edition took minutes).
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from functools import cached_property
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import CHROMIUM, _no_browser, once_per_run, run_script, system_tool
from sitelib import DOCS, LANGUAGES, load_script, nav_files, pages

pytestmark = pytest.mark.browser

SVG = "{http://www.w3.org/2000/svg}"
OTHER = {"fr": "en", "en": "fr"}


def squash(text: str) -> str:
    # The French build sets typographic apostrophes (and no-break spaces,
    # which split() treats as spaces): compare the sources' straight ones.
    return " ".join(text.replace("\u2019", "'").split())


def page_texts(path: Path) -> tuple[list[str], list[list[str]]]:
    """Per page: its text (squashed) and its lines, in the order Chromium
    wrote them (pdftotext -raw, pages split at form feeds). Its default mode
    would join a web address broken at a hyphen and reorder the contents;
    -raw keeps both as printed, but drops the narrow no-break space
    (U+202F) of French text: compare such text with flat()."""
    proc = subprocess.run([system_tool("pdftotext", "poppler-utils"), "-raw", "-enc", "UTF-8", str(path), "-"],
                          capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        pytest.fail(f"{path.name}: pdftotext failed: {proc.stderr.strip()[:300]}", pytrace=False)
    raw = proc.stdout.split("\f")[:-1]  # every page ends with a form feed
    return [squash(text) for text in raw], [text.split("\n") for text in raw]


def spread(numbers: range, count: int) -> list[int]:
    """At most count of numbers, evenly spread from the first to the last."""
    if len(numbers) <= count:
        return list(numbers)
    return sorted({numbers[round(i * (len(numbers) - 1) / (count - 1))] for i in range(count)})


class Pdf:
    def __init__(self, path: Path, site_dir: Path, lang: str):
        self.path, self.lang = path, lang
        self.display = path.name
        self.reader = PdfReader(path)
        self.print_html = site_dir / f"print-{lang}.html"
        self.page_texts, self.page_lines = page_texts(path)
        assert len(self.page_texts) == len(self.reader.pages), (
            f"{path.name}: pdftotext found {len(self.page_texts)} pages, pypdf {len(self.reader.pages)}"
        )
        self._runs: dict[int, list[tuple[str, float, str]]] = {}

    def runs(self, n: int) -> list[tuple[str, float, str]]:
        """The text runs of page index n as (text, size in pt, font name
        without the subset prefix): the size a reader gets."""
        if n not in self._runs:
            found = []

            def visit(text, cm, tm, font, size):
                if text.strip():
                    scale = (tm[2] ** 2 + tm[3] ** 2) ** 0.5 * (cm[2] ** 2 + cm[3] ** 2) ** 0.5
                    name = str((font or {}).get("/BaseFont", "")).split("+")[-1]
                    found.append((squash(text), round(size * scale, 1), name))

            self.reader.pages[n].extract_text(visitor_text=visit)
            self._runs[n] = found
        return self._runs[n]

    @cached_property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.print_html.read_text(encoding="utf-8"), "lxml")

    @cached_property
    def text(self) -> str:
        return " ".join(self.page_texts)

    @cached_property
    def flat_pages(self) -> list[str]:
        return [flat(text) for text in self.page_texts]

    @cached_property
    def flat_text(self) -> str:
        return "".join(self.flat_pages)

    @cached_property
    def chapters(self) -> list[tuple[str, int]]:
        """(title, first page index) of the top-level bookmarks, in order."""
        return [
            (squash(item.title), self.reader.get_destination_page_number(item))
            for item in self.reader.outline
            if not isinstance(item, list)
        ]

    @cached_property
    def figure_alts(self) -> list[str]:
        """Alt text of each named /Figure of the tagged PDF, in reading order.

        Chromium tags an <svg role="img"> as a Figure whose alt text is its
        accessible name, the SVG's <title> (which is not drawn, so it is
        not in the page text); the <figure> around it is a Figure without one.
        """
        found = []

        def walk(node):
            node = node.get_object()
            if isinstance(node, list):
                for kid in node:
                    walk(kid)
            elif isinstance(node, dict):
                if node.get("/S") == "/Figure" and "/Alt" in node:
                    found.append(squash(str(node["/Alt"])))
                if "/K" in node:
                    walk(node["/K"])

        root = self.reader.trailer["/Root"]
        if "/StructTreeRoot" in root:
            walk(root["/StructTreeRoot"])
        return found

    @cached_property
    def contents_pages(self) -> range:
        """The table of contents: from page index 1 to the first chapter
        (one page today, more at a hundred topics)."""
        return range(1, self.chapters[1][1] if len(self.chapters) > 1 else 2)

    @cached_property
    def contents(self) -> str:
        return " ".join(self.page_texts[n] for n in self.contents_pages)

    def where_contents(self) -> str:
        first, last = self.contents_pages.start + 1, self.contents_pages.stop
        return f"page {first}" if first == last else f"pages {first}-{last}"

    def chapter_pages(self, title: str) -> range:
        starts = [start for _, start in self.chapters] + [len(self.reader.pages)]
        index = [t for t, _ in self.chapters].index(title)
        return range(starts[index], starts[index + 1])


@pytest.fixture(scope="session")
def pdf_run(tmp_path_factory, site):
    """`make pdf`'s script, printing the session's build (building the site
    again would only repeat the build the other tests check)."""
    if not CHROMIUM.exists():
        _no_browser(f"no Chromium at {CHROMIUM}")

    def make(folder):
        stdout = run_script("build_pdf.py", "--output-dir", str(folder), "--site-dir", str(folder / "site"),
                            "--from-site", str(site.root))
        return [str(folder), stdout]

    out, stdout = once_per_run(tmp_path_factory, "pdf", make)
    return Path(out), stdout


@pytest.fixture(scope="session")
def pdfs(pdf_run) -> dict[str, Pdf]:
    out, _ = pdf_run
    paths = {lang: out / f"cloud-native-notes-{lang}.pdf" for lang in LANGUAGES}
    return {lang: Pdf(path, out / "site", lang) for lang, path in paths.items() if path.exists()}


@pytest.fixture(params=LANGUAGES)
def pdf(request, pdfs) -> Pdf:
    lang = request.param
    assert lang in pdfs, f"cloud-native-notes-{lang}.pdf was not written"
    return pdfs[lang]


def titles(lang: str) -> dict[str, str]:
    """Front matter title of each page, by file name (e.g. 'cri.md')."""
    return {page.rel: squash(page.front_matter["title"]) for page in pages(lang)}


# As in test_diagrams.py: every other page is a topic with one diagram.
WITHOUT_DIAGRAM = {"index.md", "glossary.md"}


def diagrams(lang: str) -> dict[str, Path]:
    """The diagram file of each topic page, by page file name ('cri.md')."""
    return {
        page.rel: DOCS / "includes" / "diagrams" / lang / f"{page.rel[:-3]}.svg"
        for page in pages(lang)
        if page.rel not in WITHOUT_DIAGRAM
    }


def labels(svg: Path) -> list[str]:
    """The visible text of a diagram (its <text> elements)."""
    root = ET.parse(svg).getroot()
    return [t for t in (squash("".join(el.itertext())) for el in root.iter(f"{SVG}text")) if t]


def svg_title(svg: Path) -> str:
    return squash(ET.parse(svg).getroot().findtext(f"{SVG}title") or "")


# -- The files ----------------------------------------------------------------


def test_both_pdfs_are_written_and_reported(pdf_run):
    out, stdout = pdf_run
    for lang in LANGUAGES:
        path = out / f"cloud-native-notes-{lang}.pdf"
        assert path.exists(), f"{path.name} was not written"
        assert path.read_bytes().startswith(b"%PDF-"), f"{path.name} is not a PDF"
        count = len(PdfReader(path).pages)
        assert f"{path}: {count} pages" in stdout, f"the script should report {path.name} and its {count} pages:\n{stdout}"


def test_page_count_is_plausible(pdf):
    # A cover, a table of contents and at least one sheet per site page.
    minimum = len(pages(pdf.lang)) + 2
    assert len(pdf.reader.pages) > minimum, f"{pdf.display}: {len(pdf.reader.pages)} pages, expected more than {minimum}"


def test_every_page_but_the_cover_is_numbered(pdf):
    total = len(pdf.reader.pages)
    assert f"1 / {total}" not in pdf.page_texts[0], f"{pdf.display}: the cover should carry no page number"
    unnumbered = [n for n in range(2, total + 1) if f"{n} / {total}" not in pdf.page_texts[n - 1]]
    assert not unnumbered, f"{pdf.display}: no 'n / {total}' footer on pages {unnumbered}"


# -- Language and reading order ----------------------------------------------


# Titles are looked up without whitespace (flat): pdftotext drops the narrow
# no-break space of a French title ("50 %", "pourquoi ?").


def test_every_page_title_is_in_the_pdf(pdf):
    missing = [f"docs/{pdf.lang}/{rel}: {title!r}" for rel, title in titles(pdf.lang).items()
               if flat(title) not in pdf.flat_text]
    assert not missing, f"{pdf.display} lacks these page titles: {missing}"


def test_contents_page_lists_the_titles_of_its_own_language_only(pdf):
    contents = flat(pdf.contents)
    own, other = titles(pdf.lang), titles(OTHER[pdf.lang])
    missing = [f"docs/{pdf.lang}/{rel}: {title!r}" for rel, title in own.items() if flat(title) not in contents]
    assert not missing, f"{pdf.display}: the table of contents ({pdf.where_contents()}) lacks {missing}"
    foreign = [f"docs/{OTHER[pdf.lang]}/{rel}: {title!r}" for rel, title in other.items() if title != own[rel] and flat(title) in contents]
    assert not foreign, f"{pdf.display}: the table of contents ({pdf.where_contents()}) holds {OTHER[pdf.lang]} titles {foreign}"


def test_no_title_of_the_other_language(pdf):
    own, other = titles(pdf.lang), titles(OTHER[pdf.lang])
    sources = " ".join(squash(page.text) for page in pages(pdf.lang))
    # Some pages name a topic in the other language on purpose (the
    # glossary's translation column, "(Container Network Interface, …)"):
    # only titles the sources never quote must be absent.
    foreign = [
        f"docs/{OTHER[pdf.lang]}/{rel}: {title!r}"
        for rel, title in other.items()
        if title != own[rel] and title not in sources and flat(title) in pdf.flat_text
    ]
    assert not foreign, f"{pdf.display} holds {OTHER[pdf.lang]} page titles: {foreign}"


def test_chapters_follow_the_nav_and_have_bookmarks(pdf):
    assert pdf.reader.outline, f"{pdf.display} has no bookmarks (outline)"
    expected = [titles(pdf.lang)[rel] for rel in nav_files()]
    chapters = [title for title, _ in pdf.chapters][1:]  # after the table of contents
    assert chapters == expected, f"{pdf.display}: chapters (bookmarks) out of nav order:\n{chapters}\nexpected\n{expected}"


def test_every_bookmark_is_named_after_its_heading(pdf):
    # Chromium names a bookmark after its heading as laid out, and dropped
    # the space where a long title wraps ("autresorchestrateurs", seen at a
    # hundred topics); build_pdf.py names them from the print page.
    def walk(items):
        for item in items:
            yield from walk(item) if isinstance(item, list) else [squash(item.title)]

    headings = [squash(h.get_text()) for h in pdf.soup.find_all(re.compile(r"^h[1-6]$"))]
    bookmarks = list(walk(pdf.reader.outline))
    wrong = [f"bookmark {n}: {b!r}, heading {h!r}" for n, (b, h) in enumerate(zip(bookmarks, headings), 1) if b != h]
    assert len(bookmarks) == len(headings) and not wrong, (
        f"{pdf.display}: {len(bookmarks)} bookmarks for {len(headings)} headings of {pdf.print_html.name}:\n"
        + "\n".join(wrong[:10])
    )


def test_a_misnamed_bookmark_is_named_again(tmp_path):
    # At today's size Chromium names every bookmark right, so the renaming
    # above would go untested. A small PDF with nested bookmarks, two of
    # them misnamed, must come back with its headings' names, in document
    # order, its pages unchanged (a copy of the real edition took 40 s at
    # 100 topics, for the same code).
    from pypdf import PdfWriter

    build_pdf = load_script("build_pdf")
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(width=595, height=842)
    top = writer.add_outline_item(title="Contents", page_number=0)
    writer.add_outline_item(title="Chapterone", page_number=1, parent=top)  # the space lost where a title wraps
    writer.add_outline_item(title="Chapter two", page_number=2)
    writer.add_outline_item(title="wrong", page_number=2)
    broken = tmp_path / "book.pdf"
    with broken.open("wb") as out:
        writer.write(out)
    page = tmp_path / "print.html"
    page.write_text("<h1>Contents</h1><h2>Chapter one</h2><h1>Chapter two</h1><h1>Chapter three</h1>", encoding="utf-8")
    build_pdf.name_bookmarks(broken, page)
    reader = PdfReader(broken)
    names = [str(item["/Title"]) for item in build_pdf.outline_items(reader.trailer["/Root"])]
    assert names == ["Contents", "Chapter one", "Chapter two", "Chapter three"], f"after renaming: {names}"
    assert len(reader.pages) == 3, f"renaming changed the page count to {len(reader.pages)}"
    text = subprocess.run([system_tool("pdfinfo", "poppler-utils"), str(broken)], capture_output=True, text=True)
    assert text.returncode == 0 and "Syntax Error" not in text.stderr, f"poppler cannot read the renamed PDF: {text.stderr}"


# -- Diagrams --------------------------------------------------------------------


def test_each_topic_chapter_holds_its_one_diagram(pdf):
    soup = BeautifulSoup(pdf.print_html.read_text(encoding="utf-8"), "lxml")
    problems = []
    for rel in titles(pdf.lang):
        slug = rel.removesuffix(".md")
        chapter = soup.find(id=f"page-{slug}")
        if chapter is None:
            problems.append(f"docs/{pdf.lang}/{rel}: no chapter (#page-{slug})")
            continue
        found = [svg.get("id") for svg in chapter.select("figure.diagram svg")]
        expected = [] if rel in WITHOUT_DIAGRAM else [f"dg-{slug}"]
        if found != expected:
            problems.append(f"docs/{pdf.lang}/{rel}: diagrams {found}, expected {expected}")
    assert not problems, f"{pdf.print_html.name} (printed as {pdf.display}):\n" + "\n".join(problems)


def test_every_diagram_is_a_figure_named_by_its_title(pdf):
    # One tagged Figure per diagram, in reading order, named by the
    # diagram's <title>: counts the diagrams and checks each one's name.
    files = [diagrams(pdf.lang)[rel] for rel in nav_files() if rel in diagrams(pdf.lang)]
    expected = [f"{svg.relative_to(DOCS.parent)}: {svg_title(svg)!r}" for svg in files]
    found = [f"{svg.relative_to(DOCS.parent)}: {alt!r}" for svg, alt in zip(files, pdf.figure_alts)]
    assert len(pdf.figure_alts) == len(files) and found == expected, (
        f"{pdf.display}: {len(pdf.figure_alts)} figures {pdf.figure_alts}, expected {len(files)}:\n" + "\n".join(expected)
    )


def test_every_diagram_is_drawn_whole_in_its_chapter(pdf):
    own, problems = titles(pdf.lang), []
    for rel, svg in diagrams(pdf.lang).items():
        shown = svg.relative_to(DOCS.parent)
        if not svg.is_file():
            problems.append(f"{shown}: no such diagram for docs/{pdf.lang}/{rel}")
            continue
        # Compared without whitespace: pdftotext drops the narrow no-break
        # space of French labels ("99,9 %").
        words = labels(svg)
        missing = [w for w in words if flat(w) not in pdf.flat_text]
        # All of its labels on one sheet of its own chapter: drawn, and not
        # cut across two pages.
        chapter = pdf.chapter_pages(own[rel])
        if missing:
            problems.append(f"{shown}: labels not in the PDF: {missing}")
        elif not any(all(flat(w) in pdf.flat_pages[n] for w in words) for n in chapter):
            problems.append(f"{shown}: not whole on one page of {own[rel]!r} (pages {chapter.start + 1}-{chapter.stop})")
    assert not problems, f"{pdf.display}:\n" + "\n".join(problems)


# -- Links and self-containment ----------------------------------------------


def test_links_between_pages_stay_inside_the_pdf(pdf):
    # Rewritten internal links become in-document destinations; a missed one
    # would point at a file:// path of the build machine.
    stray = []
    for number, page in enumerate(pdf.reader.pages, 1):
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            uri = action.get_object().get("/URI") if action is not None else None
            if uri and not re.match(r"https?://", str(uri)):
                stray.append(f"page {number}: {uri}")
    assert not stray, f"{pdf.display}: links that leave the document: {stray}"


def test_print_page_is_local_and_in_its_language(pdf):
    soup = BeautifulSoup(pdf.print_html.read_text(encoding="utf-8"), "lxml")
    assert soup.html.get("lang") == pdf.lang, f"{pdf.print_html.name}: <html lang> is {soup.html.get('lang')!r}"
    assert pdf.reader.trailer["/Root"].get("/Lang") == pdf.lang, f"{pdf.display}: document language is not {pdf.lang}"
    remote = [
        f"<{tag.name} {attr}={tag[attr]}>"
        for tag in soup.find_all(["link", "script", "img", "iframe", "source", "video", "audio", "object", "use"])
        for attr in ("href", "src", "data", "xlink:href")
        if tag.has_attr(attr) and re.match(r"(https?:)?//", tag[attr])
    ]
    remote += [f"<style> {m}" for style in soup.find_all("style") for m in re.findall(r"url\(['\"]?(?:https?:)?//[^)]*\)", style.text)]
    assert not remote, f"{pdf.print_html.name} loads from the network: {remote}"


# -- Made for paper (issue 13) ---------------------------------------------------
# Sizes and fonts are read from the PDF's text runs (pypdf), on a spread of
# pages: one stylesheet sets every page, so 24 of them show a wrong size.

BODY_PT = (10.5, 11.5)
MIN_TABLE_PT = 9.5
MAX_LINE_CHARS = 90
MONTHS_FR = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"


def flat(text: str) -> str:
    """Text with no whitespace at all, for finding words across line breaks
    (and French no-break spaces)."""
    return re.sub(r"\s+", "", squash(text))


SAMPLED_PAGES = 24


def content_pages(pdf: Pdf) -> range:
    return range(pdf.contents_pages.stop, len(pdf.reader.pages))  # after the cover and the contents


def test_body_text_is_about_11_pt(pdf):
    sizes: dict[float, int] = {}
    for n in spread(content_pages(pdf), SAMPLED_PAGES):
        for text, size, _ in pdf.runs(n):
            sizes[size] = sizes.get(size, 0) + len(text)
    body = max(sizes, key=sizes.get)
    assert BODY_PT[0] <= body <= BODY_PT[1], (
        f"{pdf.display}: body text is {body} pt (the size of most characters), expected about 11 pt"
    )


def test_tables_are_at_least_9_5_pt(pdf):
    # Header cells are short single runs: their size is the table's size.
    headers = {squash(th.get_text(" ")) for th in pdf.soup.select("section.chapter table th")}
    # Pages whose text holds a header cell, spread over the document.
    holding = [n for n in content_pages(pdf) if any(h in pdf.page_texts[n] for h in headers)]
    sampled = [holding[i] for i in spread(range(len(holding)), SAMPLED_PAGES)]
    # (Code inside a cell is set in the code size, like code everywhere.)
    found = [(n + 1, text, size) for n in sampled for text, size, font in pdf.runs(n)
             if text in headers and "Mono" not in font]
    assert found, f"{pdf.display}: no table header found in the text"
    small = sorted({(page, text, size) for page, text, size in found if size < MIN_TABLE_PT})
    assert not small, f"{pdf.display}: table text under {MIN_TABLE_PT} pt (page, cell, pt): {small[:10]}"


def test_lines_are_at_most_about_90_characters(pdf):
    # The 90th percentile of the lines of running text (longer than a few
    # words): a measure comfortable to read on paper.
    lengths = sorted(len(line) for n in content_pages(pdf) for line in pdf.page_lines[n] if len(line) > 20)
    p90 = lengths[int(len(lengths) * 0.9)]
    assert p90 <= MAX_LINE_CHARS, f"{pdf.display}: 90 % of the lines hold up to {p90} characters, expected ≤ {MAX_LINE_CHARS}"


def test_contents_give_each_chapter_its_real_page(pdf):
    contents = pdf.contents
    wrong = []
    for title, start in pdf.chapters[1:]:
        # The title with or without spaces, then its number, kept apart from
        # the next entry's by the space between them.
        loose = r"\s*".join(re.escape(char) for char in flat(title))
        m = re.search(loose + r"\s*(\d+)", contents)
        if m is None:
            wrong.append(f"{title!r}: no page number")
        elif int(m.group(1)) != start + 1:
            wrong.append(f"{title!r}: contents say page {m.group(1)}, the chapter starts on page {start + 1}")
    assert not wrong, f"{pdf.display}, contents ({pdf.where_contents()}):\n" + "\n".join(wrong)


def test_glossary_terms_stay_with_their_definitions(pdf):
    glossary = titles(pdf.lang)["glossary.md"]
    pages = pdf.chapter_pages(glossary)
    split = []
    for dt in pdf.soup.select("section#page-glossary dt"):
        dd = dt.find_next_sibling("dd")
        term = flat(dt.get_text(" "))
        start = flat(" ".join(dd.get_text(" ").split()[:6])) if dd else ""
        where = [n for n in pages if term in flat(pdf.page_texts[n])]
        if not where:
            split.append(f"{dt.get_text(' ').strip()!r}: term not found on one page")
        elif start not in flat(pdf.page_texts[where[0]]):
            split.append(f"{dt.get_text(' ').strip()!r} (page {where[0] + 1}): its definition starts on another page")
    assert not split, f"{pdf.display}, glossary:\n" + "\n".join(split)


def test_web_addresses_are_printed(pdf):
    links = [a for a in pdf.soup.select("section.chapter a[href^='http']") if not a.find_parent("svg")]
    assert links, f"{pdf.print_html.name}: no external link"
    text = flat(pdf.text)
    # An address may run from one page onto the next, where it starts the
    # page after the footer (site name, "n / N"); the text extractor may put
    # other lines of the first page after its first part.
    site_name = squash(pdf.soup.select_one(".cover .title").get_text())
    total = len(pdf.reader.pages)
    pages = [flat(t.replace(site_name, "", 1).replace(f"{n + 1} / {total}", "", 1)) for n, t in enumerate(pdf.page_texts)]

    def across_pages(href: str) -> bool:
        h = flat(href)
        return any(h[:k] in pages[n] and pages[n + 1].startswith(h[k:])
                   for n in range(len(pages) - 1) for k in range(8, len(h) - 4))

    missing = sorted({a["href"] for a in links if flat(a["href"]) not in text and not across_pages(a["href"])})
    assert not missing, f"{pdf.display}: {len(missing)} web addresses not printed, e.g. {missing[:5]}"


def test_no_page_is_nearly_empty(pdf):
    # Not counting the footer (site name and "n / N").
    site_name = squash(pdf.soup.select_one(".cover .title").get_text())
    total = len(pdf.reader.pages)
    thin = []
    for n in content_pages(pdf):
        body = pdf.page_texts[n].replace(site_name, "").replace(f"{n + 1} / {total}", "")
        if len(body.strip()) < 150:
            thin.append(f"page {n + 1}: {body.strip()!r}")
    assert not thin, f"{pdf.display}: pages holding almost nothing:\n" + "\n".join(thin)


def test_footer_font_is_the_body_font(pdf):
    site_name = squash(pdf.soup.select_one(".cover .title").get_text())
    fonts: dict[str, int] = {}
    footer = set()
    for n in spread(content_pages(pdf), SAMPLED_PAGES):
        for text, _, font in pdf.runs(n):
            fonts[font] = fonts.get(font, 0) + len(text)
            if text == site_name:
                footer.add(font)
    body = max(fonts, key=fonts.get)
    assert footer == {body}, f"{pdf.display}: footer in {sorted(footer)}, body text in {body}"


def test_dates_and_advice_are_written_for_paper(pdf):
    cover = pdf.page_texts[0]
    if pdf.lang == "fr":
        wrong = re.findall(rf"\b1\s*(?:{MONTHS_FR})\b", pdf.text)
        assert not wrong, f"{pdf.display}: « 1er » is the French first of the month, found {wrong}"
        assert "Généré le" in cover, f"{pdf.display}: the cover does not say when it was made: {cover!r}"
        screen_only = ["Survolez", "sélecteur de langue", "La recherche ne porte"]
        heading = "Bien utiliser ce document"
    else:
        assert "Built on" in cover, f"{pdf.display}: the cover does not say when it was made: {cover!r}"
        screen_only = ["Hover over", "language selector", "language switcher", "Search covers"]
        heading = "Using this document"
    found = [phrase for phrase in screen_only if phrase in pdf.text]
    assert not found, f"{pdf.display}: advice that only works on screen: {found}"
    assert heading in pdf.text, f"{pdf.display}: no {heading!r} section for paper readers"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_diagram_labels_are_scaled_to_the_text(browser, pdf_run, lang):
    """Laid out as printed (A4, print media): each diagram's median label is
    about the body size, none larger than the headings' smallest (13 pt)."""
    out, _ = pdf_run
    page = browser.new_page(viewport={"width": 567, "height": 1000})  # the 150 mm text width, in CSS px
    try:
        page.emulate_media(media="print")
        page.goto((out / "site" / f"print-{lang}.html").as_uri())
        found = page.evaluate("""() => [...document.querySelectorAll('figure.diagram > svg')].map(svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const pt = [...svg.querySelectorAll('text')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale * 0.75)
              .filter(n => n > 0).sort((a, b) => a - b);
            return {id: svg.id, median: pt[Math.floor(pt.length / 2)], max: pt[pt.length - 1]};
        })""")
    finally:
        page.close()
    assert found, f"print-{lang}.html: no diagram"
    wrong = [f"{d['id']}: median label {d['median']:.1f} pt, largest {d['max']:.1f} pt"
             for d in found if not (8.5 <= d["median"] <= 11.5) or d["max"] > 13]
    assert not wrong, f"print-{lang}.html: diagram labels not scaled to the 11 pt text:\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_copy_button_on_paper(browser, pdf_run, lang):
    """Copy buttons are written into the pages' HTML: laid out as printed,
    none of them may be drawn (they covered the end of a code line)."""
    out, _ = pdf_run
    page = browser.new_page(viewport={"width": 567, "height": 1000})
    try:
        page.emulate_media(media="print")
        page.goto((out / "site" / f"print-{lang}.html").as_uri())
        counts = page.evaluate("""() => {
            const buttons = [...document.querySelectorAll('pre .md-code__button')]
            return [buttons.length, buttons.filter(b => b.checkVisibility()).length]
        }""")
    finally:
        page.close()
    assert counts[0], f"print-{lang}.html: no copy button to check (the markup changed: update this test)"
    assert not counts[1], f"print-{lang}.html: {counts[1]} of {counts[0]} copy buttons drawn on paper"
