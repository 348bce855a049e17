"""The PDF edition: scripts/build_pdf.py, one PDF per language.

The script runs once per session (a site build and two Chromium prints,
about 6 s); every test reads its output. Text is extracted with pypdf:
Chromium keeps HTML and SVG text as text, so titles and diagram labels can
be looked up in it.
"""

from __future__ import annotations

import multiprocessing
import re
import xml.etree.ElementTree as ET
from concurrent.futures import ProcessPoolExecutor
from functools import cached_property
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import CHROMIUM, _no_browser, run_script
from sitelib import DOCS, LANGUAGES, ROOT, nav_files, pages

pytestmark = pytest.mark.browser

SVG = "{http://www.w3.org/2000/svg}"
OTHER = {"fr": "en", "en": "fr"}


def squash(text: str) -> str:
    return " ".join(text.split())


def page_texts(path: Path) -> list[str]:
    return [squash(page.extract_text()) for page in PdfReader(path).pages]


class Pdf:
    def __init__(self, path: Path, site_dir: Path, lang: str, page_texts: list[str]):
        self.path, self.lang = path, lang
        self.display = path.name
        self.reader = PdfReader(path)
        self.print_html = site_dir / f"print-{lang}.html"
        self.page_texts = page_texts

    @cached_property
    def text(self) -> str:
        return " ".join(self.page_texts)

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

    def chapter_pages(self, title: str) -> range:
        starts = [start for _, start in self.chapters] + [len(self.reader.pages)]
        index = [t for t, _ in self.chapters].index(title)
        return range(starts[index], starts[index + 1])


@pytest.fixture(scope="session")
def pdf_run(tmp_path_factory):
    if not CHROMIUM.exists():
        _no_browser(f"no Chromium at {CHROMIUM}")
    out = tmp_path_factory.mktemp("pdf")
    stdout = run_script("build_pdf.py", "--output-dir", str(out), "--site-dir", str(out / "site"))
    return out, stdout


@pytest.fixture(scope="session")
def pdfs(pdf_run) -> dict[str, Pdf]:
    out, _ = pdf_run
    paths = {lang: out / f"cloud-native-notes-{lang}.pdf" for lang in LANGUAGES}
    paths = {lang: path for lang, path in paths.items() if path.exists()}
    # pypdf needs about 3 s per PDF to extract the text: one process per PDF.
    # (spawn, not fork: the session may already run Playwright's threads.)
    with ProcessPoolExecutor(len(paths) or 1, mp_context=multiprocessing.get_context("spawn")) as pool:
        texts = dict(zip(paths, pool.map(page_texts, paths.values())))
    return {lang: Pdf(path, out / "site", lang, texts[lang]) for lang, path in paths.items()}


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


def test_every_page_title_is_in_the_pdf(pdf):
    missing = [f"docs/{pdf.lang}/{rel}: {title!r}" for rel, title in titles(pdf.lang).items() if title not in pdf.text]
    assert not missing, f"{pdf.display} lacks these page titles: {missing}"


def test_contents_page_lists_the_titles_of_its_own_language_only(pdf):
    contents = pdf.page_texts[1]
    own, other = titles(pdf.lang), titles(OTHER[pdf.lang])
    missing = [f"docs/{pdf.lang}/{rel}: {title!r}" for rel, title in own.items() if title not in contents]
    assert not missing, f"{pdf.display}: the table of contents (page 2) lacks {missing}"
    foreign = [f"docs/{OTHER[pdf.lang]}/{rel}: {title!r}" for rel, title in other.items() if title != own[rel] and title in contents]
    assert not foreign, f"{pdf.display}: the table of contents (page 2) holds {OTHER[pdf.lang]} titles {foreign}"


def test_no_title_of_the_other_language(pdf):
    own, other = titles(pdf.lang), titles(OTHER[pdf.lang])
    sources = " ".join(squash(page.text) for page in pages(pdf.lang))
    # Some pages name a topic in the other language on purpose (the
    # glossary's translation column, "(Container Network Interface, …)"):
    # only titles the sources never quote must be absent.
    foreign = [
        f"docs/{OTHER[pdf.lang]}/{rel}: {title!r}"
        for rel, title in other.items()
        if title != own[rel] and title not in sources and title in pdf.text
    ]
    assert not foreign, f"{pdf.display} holds {OTHER[pdf.lang]} page titles: {foreign}"


def test_chapters_follow_the_nav_and_have_bookmarks(pdf):
    assert pdf.reader.outline, f"{pdf.display} has no bookmarks (outline)"
    expected = [titles(pdf.lang)[rel] for rel in nav_files()]
    chapters = [title for title, _ in pdf.chapters][1:]  # after the table of contents
    assert chapters == expected, f"{pdf.display}: chapters (bookmarks) out of nav order:\n{chapters}\nexpected\n{expected}"


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
        words = labels(svg)
        missing = [w for w in words if w not in pdf.text]
        # All of its labels on one sheet of its own chapter: drawn, and not
        # cut across two pages.
        chapter = pdf.chapter_pages(own[rel])
        if missing:
            problems.append(f"{shown}: labels not in the PDF: {missing}")
        elif not any(all(w in pdf.page_texts[n] for w in words) for n in chapter):
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
