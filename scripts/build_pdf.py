#!/usr/bin/env python3
"""Build one PDF per language of the whole site, in reading order.

The PDF is printed by headless Chromium from the real site: the online
site is built once (mkdocs build --strict), then each language's pages are
gathered, in the order of the site's navigation, into one print page that
uses Material's own stylesheets and the site's extra.css. No page is
rendered by hand, so the PDF shows what the site shows, diagrams included.

Output: dist/cloud-native-notes-fr.pdf and dist/cloud-native-notes-en.pdf,
each with a cover, a table of contents, "n / N" page numbers and bookmarks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from pypdf import PdfReader

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
    },
    "en": {
        "home": "en/",
        "subtitle": "Cloud native basics for newcomers",
        "contents": "Contents",
        "built": "Built on {date}",
        "version": "Version {version}",
        "months": "January February March April May June July August September October November December",
        "date": "{month} {day}, {year}",
    },
}

# The print stylesheet, added after Material's and the site's. Material's
# own print rules already hide the header link, wrap code and show tables
# whole; this adds the page furniture and keeps blocks from splitting.
PRINT_CSS = """
@page {
  size: A4;
  margin: 18mm 16mm 20mm;
  @bottom-left { content: SITE_NAME; font: 9pt system-ui, sans-serif; color: #666; }
  @bottom-right { content: counter(page) " / " counter(pages); font: 9pt system-ui, sans-serif; color: #333; }
}
/* No furniture on the cover. */
@page :first { @bottom-left { content: none; } @bottom-right { content: none; } }
html { font-size: 125%; }
body { margin: 0; background: #fff; }
.md-typeset { font-size: .6rem; }
.cover { height: 240mm; display: flex; flex-direction: column; justify-content: center; break-after: page; }
.cover .title { font-size: 2.6rem; font-weight: 700; line-height: 1.2; margin: 0; color: var(--md-primary-fg-color); }
.cover .subtitle { font-size: 1.15rem; margin: .6em 0 2.5em; color: var(--md-default-fg-color--light); }
.cover .meta { margin: .2em 0; font-size: .8rem; color: var(--md-default-fg-color--light); }
.toc { break-after: page; font-size: .75rem; }
.md-typeset .toc ol, .md-typeset .toc ol ol { list-style: none; margin: 0; }
.md-typeset .toc li { margin: .4em 0; }
.md-typeset .toc .section { margin-top: 1.1em; font-weight: 700; }
.md-typeset .toc .section li { margin-left: 1.5em; font-weight: 400; }
.md-typeset .toc li a { text-decoration: none; }  /* a list of links: no underline needed */
/* On paper an abbreviation has no tooltip: drop the dotted hint. */
.md-typeset abbr { border-bottom: none; }
/* One chapter per site page, each starting on a new sheet. */
.chapter { break-before: page; }
.md-typeset h1, .md-typeset h2, .md-typeset h3, .md-typeset summary { break-after: avoid; }
.md-typeset figure, .md-typeset pre, .md-typeset tr, .md-typeset details, .md-typeset .admonition { break-inside: avoid; }
/* Answers are printed open (see chapter()): no toggle arrow. */
.md-typeset details > summary::after { display: none; }
/* A diagram must fit on one sheet with its caption. */
.md-typeset figure.diagram > svg { max-height: 165mm; width: auto; max-width: 100%; }
.md-typeset figure.diagram > figcaption { max-width: 100%; }
/* Tables use the text width and wrap, rather than shrinking to fit content. */
.md-typeset table:not([class]) { width: 100%; font-size: .56rem; }
.md-typeset table:not([class]) th, .md-typeset table:not([class]) td { padding: .5em .8em; }
.md-typeset table:not([class]) th { min-width: 0; }
"""


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
            order.append((url, " ".join(label.get_text().split()) if label else None))
    return order


def slug_of(url: str, home: str) -> str:
    return url.removeprefix(home).strip("/").replace("/", "-") or "index"


def chapter(site_dir: Path, url: str, slugs: dict[str, str]) -> tuple[str, BeautifulSoup]:
    """The page's <article> as a <section id="page-<slug>">, and its title."""
    slug = slugs[url]
    article = soup_of(site_dir, url).select_one("article.md-content__inner")
    article.name = "section"
    article.attrs = {"class": ["chapter"], "id": f"page-{slug}"}
    for tag in article.select("a.headerlink"):
        tag.decompose()  # the "¶" permalinks mean nothing on paper
    for tag in article.find_all("details"):
        tag["open"] = ""
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
    return " ".join(h1.get_text().split()), article


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


def print_page(site_dir: Path, lang: str) -> Path:
    """Write <site>/print-<lang>.html: cover, contents, every page in order."""
    words = LANGUAGES[lang]
    home = words["home"]
    home_soup = soup_of(site_dir, home)
    site_name = " ".join(home_soup.select_one(".md-header__topic").get_text().split())
    order = reading_order(site_dir, home)
    slugs = {url: slug_of(url, home) for url, _ in order}
    chapters = [(url, section, *chapter(site_dir, url, slugs)) for url, section in order]
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

    today = build_date()
    month = words["months"].split()[today.month - 1]
    meta = [words["built"].format(date=words["date"].format(day=today.day, month=month, year=today.year))]
    version = git_version()
    if version:
        meta.append(words["version"].format(version=version))

    toc, current = [], None
    for url, section, title, _ in chapters:
        if section != current:
            if current:
                toc.append("</ol></li>")
            if section:
                toc.append(f'<li class="section">{html.escape(section)}<ol>')
            current = section
        toc.append(f'<li><a href="#page-{slugs[url]}">{html.escape(title)}</a></li>')
    if current:
        toc.append("</ol></li>")

    e = html.escape
    doc = "\n".join([
        "<!doctype html>",
        f'<html lang="{lang}" dir="ltr"><head><meta charset="utf-8">',
        f"<title>{e(site_name)} — {e(words['subtitle'])}</title>",
        *head,
        f"<style>{PRINT_CSS.replace('SITE_NAME', json.dumps(site_name, ensure_ascii=False))}</style>",
        "</head>",
        "<body " + " ".join(f'{k}="{e(v)}"' for k, v in body_attrs.items()) + '><main class="md-typeset">',
        '<section class="cover">',
        f'<p class="title">{e(site_name)}</p><p class="subtitle">{e(words["subtitle"])}</p>',
        *[f'<p class="meta">{e(line)}</p>' for line in meta],
        "</section>",
        f'<nav class="toc"><h1>{e(words["contents"])}</h1><ol>{"".join(toc)}</ol></nav>',
        *[str(article) for *_, article in chapters],
        "</main></body></html>",
    ])
    out = site_dir / f"print-{lang}.html"
    out.write_text(doc, encoding="utf-8")
    return out


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
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        parser.error(f"no Chromium at {CHROMIUM} (install Debian's chromium, or set CHROMIUM_PATH)")
    langs = list(LANGUAGES) if args.lang == "all" else [args.lang]
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = (args.site_dir or Path(tmp) / "site").resolve()
        build_site(site_dir)
        jobs = {args.output_dir.resolve() / f"{NAME}-{lang}.pdf": print_page(site_dir, lang) for lang in langs}
        # One Chromium per language, side by side: each run mostly waits
        # (start-up, layout), so two in parallel take the time of one.
        with ThreadPoolExecutor() as pool:
            list(pool.map(print_pdf, jobs.values(), jobs.keys()))
    for pdf in jobs:
        print(f"{pdf}: {len(PdfReader(pdf).pages)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
