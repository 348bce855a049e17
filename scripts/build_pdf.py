#!/usr/bin/env python3
"""Build one PDF per language of the whole site, in reading order.

The PDF is printed by headless Chromium from the real site: the online
site is built once (mkdocs build --strict), then each language's pages are
gathered, in the order of the site's navigation, into one print page that
uses Material's own stylesheets and the site's extra.css. No page is
rendered by hand, so the PDF shows what the site shows, diagrams included.

Output: dist/cloud-native-notes-fr.pdf and dist/cloud-native-notes-en.pdf,
each with a cover, a table of contents with page numbers, "n / N" page
numbers and bookmarks.

Made for paper: 11 pt body text on a measure of about 80 characters, tables
at 10 pt, diagrams scaled so that their labels come out at about 10 pt, web
addresses printed after the links, glossary terms kept with their
definitions, abbreviations spelled out at their first use in each chapter,
and the home page's "using this site" advice replaced by advice for paper.

Chromium cannot number the contents by itself (no CSS target-counter), so
each PDF is printed twice: the first print gives each chapter's first page
(its bookmark), the numbers are written into the contents, and the page is
printed again; a third print is made only if the numbers moved.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import html
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, NameObject, NumberObject, TextStringObject

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
NAME = "cloud-native-notes"

# Where each language's home page is in the build (French is the default,
# at the root), and the few words the print page needs in that language.
LANGUAGES = {
    "fr": {
        "home": "",
        "subtitle": "Les bases du cloud native pour les nouveaux arrivants",
        "contents": "Sommaire",
        "built": "Généré le {date}",
        "version": "Version {version}",
        "months": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "date": "{day} {month} {year}",
        "first": "1er",  # « 1er décembre », not « 1 décembre »
        # The home page's section about using the site (hover, search box,
        # language switcher), replaced on paper by the text below.
        "using": "using-this-site",
        "paper": """<h2>Bien utiliser ce document</h2>
<ul>
<li>Les chapitres suivent le parcours ci-dessus : lisez-les dans l'ordre, chacun s'appuie sur les précédents. Le sommaire donne la page où commence chaque chapitre.</li>
<li>Une abréviation est développée entre parenthèses la première fois qu'elle apparaît dans un chapitre. Le glossaire, à la fin, donne chaque terme en français et en anglais, avec le chapitre qui l'explique.</li>
<li>Chaque chapitre se termine par quelques questions, suivies de leur réponse : couvrez la réponse et essayez d'y répondre avant de la lire.</li>
<li>L'adresse de chaque source est imprimée entre parenthèses après son titre. La version en ligne, avec la recherche, est à l'adresse {site_url}.</li>
</ul>""",
        # Where to report, added to the list above when the site names its
        # repository (extra.repository, through the pages' feedback links).
        "report": "<li>Une erreur, une question ? Ouvrez un ticket sur {issues} en indiquant le chapitre et la page du document, ou modifiez la page directement : chaque page du site en ligne a un lien « Modifier cette page ».</li>",
    },
    "en": {
        "home": "en/",
        "subtitle": "Cloud native basics for newcomers",
        "contents": "Contents",
        "built": "Built on {date}",
        "version": "Version {version}",
        "months": "January February March April May June July August September October November December",
        "date": "{month} {day}, {year}",
        "first": "1",
        "using": "using-this-site",
        "paper": """<h2>Using this document</h2>
<ul>
<li>The chapters follow the path above: read them in order, as each one builds on the ones before. The contents give the page where each chapter starts.</li>
<li>An abbreviation is spelled out in parentheses the first time it appears in a chapter. The glossary, at the end, gives every term in English and French, with the chapter that explains it.</li>
<li>Each chapter ends with a few questions, each followed by its answer: cover the answer and try to answer before you read it.</li>
<li>The address of each source is printed in parentheses after its title. The online version, with search, is at {site_url}.</li>
</ul>""",
        "report": "<li>Found a mistake, or have a question? Open an issue at {issues} and name the chapter and the page of this document, or edit the page itself: every page of the online site has an \"Edit this page\" link.</li>",
    },
}

# The print stylesheet, added after Material's and the site's (whose print
# section already keeps glossary terms with their definitions and prints
# web addresses after links). Sizes are in points: this is for paper.
# A4 with 30 mm side margins leaves a 150 mm measure: about 80 characters
# of 11 pt text a line.
PRINT_CSS = """
@page {
  size: A4;
  margin: 20mm 30mm 22mm;
  @bottom-left { content: SITE_NAME; font: 9pt FONT; color: #555; }
  @bottom-right { content: counter(page) " / " counter(pages); font: 9pt FONT; color: #333; }
}
/* No furniture on the cover. */
@page :first { @bottom-left { content: none; } @bottom-right { content: none; } }
html { font-size: 125%; }
body { margin: 0; background: #fff; font-family: FONT; }
.md-typeset { font-size: 11pt; line-height: 1.5; }
.md-typeset h1 { font-size: 22pt; margin-bottom: .6em; }
.md-typeset h2 { font-size: 16pt; }
.md-typeset h3 { font-size: 13pt; }
.md-typeset code, .md-typeset pre { font-size: 9pt; }
.md-typeset .admonition, .md-typeset details { font-size: 10.5pt; }
.md-typeset pre > code { font-size: 9pt; }
.cover { height: 235mm; display: flex; flex-direction: column; justify-content: center; break-after: page; }
.cover .title { font-size: 32pt; font-weight: 700; line-height: 1.2; margin: 0; color: var(--md-primary-fg-color); }
.cover .subtitle { font-size: 15pt; margin: .6em 0 2.5em; color: var(--md-default-fg-color--light); }
.cover .meta { margin: .2em 0; font-size: 11pt; color: var(--md-default-fg-color--light); }
.toc { break-after: page; font-size: 11pt; }
.md-typeset .toc ol, .md-typeset .toc ol ol { list-style: none; margin: 0; padding: 0; }
.md-typeset .toc li { margin: .35em 0; }
.md-typeset .toc .section { margin-top: 1.1em; font-weight: 700; }
.md-typeset .toc .section li { margin-left: 1.5em; font-weight: 400; }
.md-typeset .toc li a { display: flex; align-items: baseline; gap: .4em; color: inherit; text-decoration: none; }
.md-typeset .toc .leader { flex: 1; border-bottom: .08em dotted currentcolor; opacity: .6; }
.md-typeset .toc .pageno { min-width: 1.6em; text-align: right; font-variant-numeric: tabular-nums; }
/* On paper an abbreviation has no tooltip: it is spelled out instead. */
.md-typeset abbr { border-bottom: none; text-decoration: none; }
/* One chapter per site page, each starting on a new sheet; its
   last-updated line sits under its title. */
.chapter { break-before: page; }
.md-typeset .chapter > .md-source-file { margin: -.8em 0 1.5em; font-size: 9.5pt; color: var(--md-default-fg-color--light); }
.md-typeset h1, .md-typeset h2, .md-typeset h3, .md-typeset summary { break-after: avoid; }
/* A chapter's last section (related topics) and the glossary's last
   entries stay together: no sheet holding a line or two. */
.md-typeset .chapter > h2:last-of-type ~ :is(ul, ol, p) { break-inside: avoid; }
.md-typeset .chapter dl > .entry:nth-last-child(-n+3) { break-before: avoid; }
.md-typeset p, .md-typeset li { orphans: 3; widows: 3; }
.md-typeset figure, .md-typeset pre, .md-typeset tr, .md-typeset details, .md-typeset .admonition { break-inside: avoid; }
/* Answers are printed open (see chapter()): no toggle arrow. */
.md-typeset details > summary::after { display: none; }
/* A diagram must fit on one sheet with its caption; its width is set by
   the script at the end of the page, from its label size. */
.md-typeset figure.diagram > svg { max-height: 160mm; max-width: 100%; }
.md-typeset figure.diagram > figcaption { max-width: 92%; font-size: 10pt; }
/* Tables use the text width and wrap, rather than shrinking to fit content.
   Nothing may stick out of the text width: Chromium would shrink every
   page to fit it (Material's table wrapper has negative side margins). */
.md-typeset .md-typeset__scrollwrap { margin: 1em 0; overflow: visible; }
.md-typeset .md-typeset__table { padding: 0; }
.md-typeset code { overflow-wrap: anywhere; }
.md-typeset table:not([class]) { width: 100%; font-size: 10pt; }
.md-typeset table:not([class]) th, .md-typeset table:not([class]) td { padding: .45em .7em; }
.md-typeset table:not([class]) th { min-width: 0; }
"""

# The body's font stack (Material's, with no web font), also used by the
# page footer so that it matches the text.
FONT = "-apple-system, BlinkMacSystemFont, Helvetica, Arial, sans-serif"

# Diagram labels on paper: about 10 pt next to 11 pt text. The script
# scales each diagram so that its median label comes out at that size
# (never wider than the text).
LABEL_PT = 10
SCALE_DIAGRAMS = """<script>
(function () {
  var target = LABEL_PX;
  document.querySelectorAll("figure.diagram > svg").forEach(function (svg) {
    var box = svg.viewBox && svg.viewBox.baseVal;
    if (!box || !box.width) return;
    var sizes = Array.prototype.map.call(svg.querySelectorAll("text"), function (t) {
      return parseFloat(getComputedStyle(t).fontSize);
    }).filter(function (n) { return n > 0; }).sort(function (a, b) { return a - b; });
    if (!sizes.length) return;
    var label = sizes[Math.floor(sizes.length / 2)];
    var width = Math.min(box.width * target / label, svg.parentElement.clientWidth);
    svg.style.width = width + "px";
    svg.style.height = "auto";
  });
})();
</script>"""


def build_site(site_dir: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # The online build (pretty URLs), whatever the caller's shell says.
    env.pop("OFFLINE", None)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site_dir)],
        cwd=ROOT, env=env, check=True,
    )


def soup_of(site_dir: Path, url: str) -> BeautifulSoup:
    """The built page at a site-relative URL such as 'en/cri/'."""
    return BeautifulSoup((site_dir / url / "index.html").read_text(encoding="utf-8"), "lxml")


def page_url(base: str, href: str) -> tuple[str, str]:
    """(site-relative page URL, fragment) of a link found on page `base`."""
    parts = urlsplit(urljoin("/" + base, href))
    path = parts.path.lstrip("/").removesuffix("index.html")
    return path, parts.fragment


def reading_order(site_dir: Path, home: str) -> list[tuple[str, str | None]]:
    """(page URL, section label or None) in the order of the primary nav.

    Read from the built home page, so it follows mkdocs.yml's nav and its
    translated section names without parsing mkdocs.yml again.
    """
    order = []
    for link in soup_of(site_dir, home).select("nav.md-nav--primary a.md-nav__link"):
        if link["href"].startswith("#") or urlsplit(link["href"]).scheme:
            continue  # the home page's own headings, or an external link
        url, _ = page_url(home, link["href"])
        section = link.find_parent("li", class_="md-nav__item--section")
        label = section.find("label", class_="md-nav__link") if section else None
        if url not in [u for u, _ in order]:
            order.append((url, one_line(label.get_text()) if label else None))
    return order


def one_line(text: str) -> str:
    """Text on one line, its no-break spaces kept: str.split() would turn
    French typography's U+00A0 and U+202F ("Note\u00a0: …") into plain
    spaces."""
    return re.sub(r"[ \t\n\r\f\v]+", " ", text).strip()


def slug_of(url: str, home: str) -> str:
    return url.removeprefix(home).strip("/").replace("/", "-") or "index"


def chapter(site_dir: Path, url: str, slugs: dict[str, str], lang: str, site_url: str) -> tuple[str, BeautifulSoup]:
    """The page's <article> as a <section id="page-<slug>">, and its title."""
    slug = slugs[url]
    soup = soup_of(site_dir, url)
    article = soup.select_one("article.md-content__inner")
    article.name = "section"
    article.attrs = {"class": ["chapter"], "id": f"page-{slug}"}
    for tag in article.select("a.headerlink"):
        tag.decompose()  # the "¶" permalinks mean nothing on paper
    for tag in article.find_all("details"):
        tag["open"] = ""
    report = article.select_one("a.cn-feedback__report")
    issues = issues_address(report["href"]) if report else None
    for tag in article.select(".cn-feedback"):
        tag.decompose()  # page links to GitHub; the advice for paper says where to report, once
    # Ids get the chapter's slug so that "#how-it-works" of two pages stay
    # two anchors. Diagrams keep theirs: they are unique already (dg-<slug>)
    # and the SVG's own <style> and markers refer to them.
    for tag in article.find_all(id=True):
        if tag.name != "svg" and not tag.find_parent("svg"):
            tag["id"] = f"{slug}--{tag['id']}"
    for link in article.find_all("a", href=True):
        href = link["href"]
        if urlsplit(href).scheme:  # external: keep as it is
            continue
        target, fragment = page_url(url, href)
        if target in slugs:
            link["href"] = f"#{slugs[target]}--{fragment}" if fragment else f"#page-{slugs[target]}"
        else:
            print(f"warning: {url}: link to {href} is outside this PDF", file=sys.stderr)
    for tag in article.find_all(src=True):  # the print page sits at the site root
        if not urlsplit(tag["src"]).scheme:
            tag["src"] = page_url(url, tag["src"])[0]
    h1 = article.find("h1")
    # The last-updated line goes under the title: at the end of a chapter it
    # could be left alone on the chapter's last sheet.
    updated = article.select_one(".md-source-file")
    if updated is not None and h1 is not None:
        h1.insert_after(updated.extract())
    spell_out_abbreviations(article, lang)
    keep_terms_with_definitions(soup, article)
    if url == LANGUAGES[lang]["home"]:
        advice_for_paper(article, slug, lang, site_url, issues)
    return one_line(h1.get_text()), article


def spell_out_abbreviations(article, lang: str) -> None:
    """The first use of each abbreviation in a chapter is followed by its
    expansion (the tooltip's text) in parentheses; not in headings, where
    the title must stay short, nor in diagrams or code."""
    seen = set()
    for abbr in article.find_all("abbr", title=True):
        if abbr.find_parent(["h1", "h2", "h3", "h4", "h5", "h6", "svg", "code", "pre", "a"]):
            continue
        short = abbr.get_text().strip()
        if short in seen:
            continue
        seen.add(short)
        before, after = abbr.previous_sibling, abbr.next_sibling
        inside = isinstance(before, str) and before.endswith("(") and isinstance(after, str) and after.startswith(")")
        # "(CRI)" becomes "(CRI, Container Runtime Interface)", not "(CRI (…))".
        expansion = html.escape(f", {abbr['title']}" if inside else f" ({abbr['title']})")
        abbr.insert_after(BeautifulSoup(french_typography(expansion) if lang == "fr" else expansion, "html.parser"))


def keep_terms_with_definitions(soup: BeautifulSoup, article) -> None:
    """Each glossary term and its definition(s) in one block that a page
    break cannot split (a <div> inside <dl> is valid HTML)."""
    for dl in article.find_all("dl"):
        for dt in dl.find_all("dt", recursive=False):
            group = soup.new_tag("div", attrs={"class": "entry"})
            dt.insert_before(group)
            nxt = dt.find_next_sibling()
            group.append(dt.extract())
            while nxt is not None and nxt.name == "dd":
                following = nxt.find_next_sibling()
                group.append(nxt.extract())
                nxt = following


def advice_for_paper(article, slug: str, lang: str, site_url: str, issues: str | None = None) -> None:
    """Replace the home page's advice on using the site (hovering, the search
    box, the language switcher) with advice for reading on paper."""
    words = LANGUAGES[lang]
    heading = article.find("h2", id=f"{slug}--{words['using']}")
    if heading is None:
        sys.exit(f"the home page ({words['home'] or '/'}) has no section #{words['using']} to adapt for paper")
    for sibling in list(heading.find_next_siblings()):
        if sibling.name in ("h1", "h2") or "md-source-file" in (sibling.get("class") or []):
            break
        sibling.decompose()
    paper = words["paper"].format(site_url=html.escape(site_url.rstrip("/")))
    if issues:
        paper = paper.replace("</ul>", words["report"].format(issues=html.escape(issues)) + "\n</ul>")
    if lang == "fr":
        paper = french_typography(paper)
    fragment = BeautifulSoup(paper, "html.parser")
    new_heading = fragment.find("h2")
    new_heading["id"] = heading["id"]
    heading.replace_with(fragment)


def issues_address(report_href: str) -> str | None:
    """https://github.com/<owner>/<name>/issues, from a page's "Report a
    problem" link (overrides/hooks/feedback.py, extra.repository)."""
    base, found, _ = report_href.partition("/issues/new")
    return f"{base}/issues" if found and base.startswith("https://github.com/") else None


@functools.cache
def _typography():
    spec = importlib.util.spec_from_file_location(
        "french_typography", ROOT / "overrides" / "hooks" / "french_typography.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def french_typography(fragment: str) -> str:
    """The site's French spacing (its build hook), for text written here."""
    return _typography().typeset_html(fragment)


def build_date() -> dt.date:
    # SOURCE_DATE_EPOCH makes the cover reproducible when a build wants it.
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date() if epoch else dt.date.today()


def git_version() -> str | None:
    try:
        proc = subprocess.run(
            ["git", "describe", "--tags", "--always"], cwd=ROOT, capture_output=True, text=True, timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return proc.stdout.strip() if proc.returncode == 0 and proc.stdout.strip() else None


def print_parts(site_dir: Path, lang: str) -> tuple:
    """What the print page is made of, but the contents' page numbers."""
    words = LANGUAGES[lang]
    home = words["home"]
    home_soup = soup_of(site_dir, home)
    site_name = " ".join(home_soup.select_one(".md-header__topic").get_text().split())
    canonical = home_soup.select_one('link[rel="canonical"]')
    site_url = canonical["href"] if canonical else ""
    order = reading_order(site_dir, home)
    slugs = {url: slug_of(url, home) for url, _ in order}
    chapters = [(url, section, *chapter(site_dir, url, slugs, lang, site_url)) for url, section in order]
    ids = Counter(tag["id"] for *_, article in chapters for tag in article.find_all(id=True))
    if clashes := sorted(i for i, n in ids.items() if n > 1):
        sys.exit(f"{lang}: ids used twice in the print page (anchors would be ambiguous): {clashes}")

    # Material's stylesheets (hashed names) and inline styles, from the
    # built home page, re-pointed at the site root where the print page is.
    head = [f'<link rel="stylesheet" href="{page_url(home, link["href"])[0]}">'
            for link in home_soup.head.select('link[rel="stylesheet"]')]
    head += [str(style) for style in home_soup.head.find_all("style")]
    body_attrs = dict(home_soup.body.attrs, **{"data-md-color-scheme": "default"})  # light palette
    body_attrs = {k: " ".join(v) if isinstance(v, list) else v for k, v in body_attrs.items()}
    chapters = [(url, section, title, str(article)) for url, section, title, article in chapters]
    return site_name, head, body_attrs, slugs, chapters


def print_page(site_dir: Path, lang: str, numbers: list[int] | None = None, parts: tuple | None = None) -> Path:
    """Write <site>/print-<lang>.html: cover, contents, every page in order.

    numbers: the first page of each chapter, in order, for the contents;
    None writes placeholders of the same width (the first print).
    parts: print_parts(site_dir, lang), when the caller prints more than once.
    """
    words = LANGUAGES[lang]
    site_name, head, body_attrs, slugs, chapters = parts or print_parts(site_dir, lang)

    today = build_date()
    month = words["months"].split()[today.month - 1]
    day = words["first"] if today.day == 1 else str(today.day)
    meta = [words["built"].format(date=words["date"].format(day=day, month=month, year=today.year))]
    version = git_version()
    if version:
        meta.append(words["version"].format(version=version))

    e = html.escape
    toc, current = [], None
    for index, (url, section, title, _) in enumerate(chapters):
        if section != current:
            if current:
                toc.append("</ol></li>")
            if section:
                toc.append(f'<li class="section">{e(section)}<ol>')
            current = section
        number = str(numbers[index]) if numbers else "00"
        toc.append(f'<li><a href="#page-{slugs[url]}"><span class="title">{e(title)}</span>'
                   f'<span class="leader"></span><span class="pageno">{number}</span></a></li>')
    if current:
        toc.append("</ol></li>")

    css = PRINT_CSS.replace("SITE_NAME", json.dumps(site_name, ensure_ascii=False)).replace("FONT", FONT)
    doc = "\n".join([
        "<!doctype html>",
        f'<html lang="{lang}" dir="ltr"><head><meta charset="utf-8">',
        f"<title>{e(site_name)} — {e(words['subtitle'])}</title>",
        *head,
        f"<style>{css}</style>",
        "</head>",
        "<body " + " ".join(f'{k}="{e(v)}"' for k, v in body_attrs.items()) + '><main class="md-typeset">',
        '<section class="cover">',
        f'<p class="title">{e(site_name)}</p><p class="subtitle">{e(words["subtitle"])}</p>',
        *[f'<p class="meta">{e(line)}</p>' for line in meta],
        "</section>",
        f'<nav class="toc"><h1>{e(words["contents"])}</h1><ol>{"".join(toc)}</ol></nav>',
        *[article for *_, article in chapters],
        "</main>",
        # Chromium prints at 96 px to the inch: 1 pt is 4/3 px.
        SCALE_DIAGRAMS.replace("LABEL_PX", f"{LABEL_PT * 4 / 3:.2f}"),
        "</body></html>",
    ])
    out = site_dir / f"print-{lang}.html"
    out.write_text(doc, encoding="utf-8")
    return out


def chapter_pages(pdf: Path) -> list[int]:
    """The printed page number of each chapter's first page, in order, from
    the PDF's top-level bookmarks (the first is the contents' own title)."""
    reader = PdfReader(pdf)
    tops = [item for item in reader.outline if not isinstance(item, list)]
    return [reader.get_destination_page_number(item) + 1 for item in tops[1:]]


def print_numbered(lang: str, site_dir: Path, pdf: Path) -> None:
    """Print, read where each chapter starts, write that into the contents
    and print again, until the numbers hold (twice, in practice). The
    chapters are read once for all the prints (113 take some 13 s)."""
    numbers, parts = None, print_parts(site_dir, lang)
    for _ in range(4):
        page = print_page(site_dir, lang, numbers, parts)
        print_pdf(page, pdf)
        found = chapter_pages(pdf)
        if found == numbers:
            name_bookmarks(pdf, page)
            return
        numbers = found
    sys.exit(f"{pdf.name}: the contents' page numbers do not settle: {numbers}")


def heading_texts(page: Path) -> list[str]:
    """The print page's headings, in order, as one line each."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    return [one_line(h.get_text()) for h in soup.find_all(re.compile(r"^h[1-6]$"))]


def name_bookmarks(pdf: Path, page: Path) -> None:
    """Give every bookmark its heading's text. Chromium names a bookmark
    after the heading as laid out, and drops the space where a long heading
    wraps ("the otherorchestrators"): seen with 113 chapters. The PDF is
    changed only where a name differs, by an incremental update (the
    changed bookmarks and a cross-reference section appended to the file,
    as the PDF format allows): rewriting the whole file took about 20 s
    for 113 chapters."""
    headings = heading_texts(page)
    reader = PdfReader(pdf)
    items = outline_items(reader.trailer["/Root"])
    if len(items) != len(headings):
        sys.exit(f"{pdf.name}: {len(items)} bookmarks for the {len(headings)} headings of {page.name}")
    wrong = [(item, text) for item, text in zip(items, headings) if str(item["/Title"]) != text]
    if not wrong:
        return
    data = pdf.read_bytes()
    previous = re.findall(rb"startxref\s+(\d+)", data[-1024:])
    if not previous or b"/XRef" in data[int(previous[-1]):int(previous[-1]) + 200]:
        sys.exit(f"{pdf.name}: no classic cross-reference table at the end: cannot rename its bookmarks")
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    entries = []
    for item, text in wrong:
        item[NameObject("/Title")] = TextStringObject(text)
        ref = item.indirect_reference
        entries.append((ref.idnum, ref.generation, len(out)))
        body = io.BytesIO()
        item.write_to_stream(body)
        out += f"{ref.idnum} {ref.generation} obj\n".encode() + body.getvalue() + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n"
    for idnum, generation, offset in sorted(entries):
        out += f"{idnum} 1\n{offset:010d} {generation:05d} n \n".encode()
    trailer = DictionaryObject({NameObject(k): v for k, v in reader.trailer.items() if k != "/Prev"})
    trailer[NameObject("/Prev")] = NumberObject(int(previous[-1]))
    body = io.BytesIO()
    trailer.write_to_stream(body)
    out += b"trailer\n" + body.getvalue() + f"\nstartxref\n{xref}\n%%EOF\n".encode()
    pdf.write_bytes(bytes(out))


def outline_items(root) -> list:
    """Every bookmark of a PDF's catalogue, depth first, in document order:
    an item, its children, its next sibling."""
    items, stack = [], [root.get_object().get("/Outlines")]
    while stack:
        node = stack.pop()
        node = node.get_object() if node is not None else None
        if node is None:
            continue
        if "/Title" in node:
            items.append(node)
        stack.extend(n for n in (node.get("/Next"), node.get("/First")) if n is not None)
    return items


def print_pdf(page: Path, pdf: Path) -> None:
    pdf.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [
                str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--disable-sync", f"--user-data-dir={profile}",
                # Everything is local: make any stray network request fail
                # rather than wait or leak.
                "--host-resolver-rules=MAP * ~NOTFOUND",
                "--no-pdf-header-footer", "--generate-pdf-document-outline",
                f"--print-to-pdf={pdf}", page.as_uri(),
            ],
            capture_output=True, text=True, timeout=120,
        )
    if proc.returncode != 0 or not pdf.exists():
        sys.exit(f"Chromium could not print {page.name} (exit {proc.returncode}):\n{proc.stderr[-3000:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", choices=[*LANGUAGES, "all"], default="all",
                        help="which language to print (default: all)")
    parser.add_argument("--output-dir", type=Path, default=ROOT / "dist",
                        help="where to write the PDFs (default: dist/)")
    parser.add_argument("--site-dir", type=Path,
                        help="keep the build and the print pages (print-<lang>.html) in this folder")
    parser.add_argument("--from-site", type=Path, metavar="DIR",
                        help="print a copy of this online build (mkdocs build --strict) instead of building "
                             "again: the tests pass the build they already made")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        parser.error(f"no Chromium at {CHROMIUM} (install Debian's chromium, or set CHROMIUM_PATH)")
    langs = list(LANGUAGES) if args.lang == "all" else [args.lang]
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = (args.site_dir or Path(tmp) / "site").resolve()
        if args.from_site:
            # A copy: the print pages are written next to the built ones.
            shutil.copytree(args.from_site, site_dir, dirs_exist_ok=True)
        else:
            build_site(site_dir)
        jobs = {args.output_dir.resolve() / f"{NAME}-{lang}.pdf": lang for lang in langs}
        # One Chromium per language, side by side: each run mostly waits
        # (start-up, layout), so two in parallel take the time of one.
        with ThreadPoolExecutor() as pool:
            list(pool.map(lambda item: print_numbered(item[1], site_dir, item[0]), jobs.items()))
    for pdf in jobs:
        print(f"{pdf}: {len(PdfReader(pdf).pages)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
