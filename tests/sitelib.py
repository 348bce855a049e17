"""What the tests know about the project: languages, pages, built files.

Kept in one module so that each test module states only its own concern.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"


def _yaml_loader():
    # mkdocs.yml uses MkDocs' !ENV tag; the tests only need its default.
    class Loader(yaml.SafeLoader):
        pass

    def env(loader, node):
        value = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [None]
        return value[-1]

    Loader.add_constructor("!ENV", env)
    return Loader


@lru_cache(maxsize=1)
def mkdocs_config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_yaml_loader())


def mkdocs_config_problem() -> str | None:
    """``mkdocs.yml:line:column: …`` when the configuration is not valid YAML."""
    try:
        mkdocs_config()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"mkdocs.yml:{mark.line + 1}:{mark.column + 1}" if mark else "mkdocs.yml"
        return f"{where}: not valid YAML: {getattr(error, 'problem', None) or error}"
    return None


def source_problems() -> list[str]:
    """What makes the sources unreadable, one line each, by file and line: a
    broken mkdocs.yml, a front matter that is not YAML, a missing snippet, a
    broken SVG. The build hook overrides/hooks/source_checks.py stops the
    build on the same problems, in the same words."""
    problem = mkdocs_config_problem()
    if problem:
        return [problem]
    checks = _load_hook("source_checks")
    snippets = next(e["pymdownx.snippets"] for e in mkdocs_config()["markdown_extensions"]
                    if isinstance(e, dict) and "pymdownx.snippets" in e)
    includes = ROOT / snippets["base_path"]
    found = []
    for page in all_pages():
        found += checks.page_problems(page.path, page.display, includes, includes.relative_to(ROOT).as_posix())
    for svg in sorted(DOCS.rglob("*.svg")):
        problem = checks.svg_problem(svg, svg.relative_to(ROOT).as_posix())
        if problem and problem not in " ".join(found):
            found.append(problem)
    return found


def build_errors(stderr: str) -> list[str]:
    """MkDocs' error and warning lines, without INFO lines and tracebacks."""
    out, in_traceback = [], False
    for line in stderr.splitlines():
        if line.startswith("Traceback (most recent call last)"):
            in_traceback = True
            continue
        if in_traceback:
            # A traceback ends with its unindented "SomeError: message" line.
            if line and not line.startswith(" "):
                in_traceback = False
                out.append(line)
            continue
        if line.strip() and not line.startswith("INFO"):
            out.append(line)
    return out


def site_path_prefix() -> str:
    """The path part of site_url ('/cloud-native-notes/'), always with slashes."""
    path = urlsplit(mkdocs_config()["site_url"]).path
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


# -- Markdown sources --------------------------------------------------------

FENCE = re.compile(r"^\s*(```|~~~)")
# An explicit heading id, written after the heading: ## Fonctionnement { #how-it-works }
HEADING_ID = re.compile(r"\s*\{\s*#([\w-]+)\s*\}\s*$")


@dataclass
class Line:
    number: int
    text: str


@dataclass
class Page:
    """One Markdown page of one language."""

    lang: str
    rel: str  # path inside docs/<lang>/, e.g. "cri.md"

    @property
    def path(self) -> Path:
        return DOCS / self.lang / self.rel

    @property
    def display(self) -> str:
        return f"docs/{self.lang}/{self.rel}"

    @cached_property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @cached_property
    def front_matter(self) -> dict:
        match = re.match(r"^---\n(.*?)\n---\n", self.text, re.S)
        return yaml.safe_load(match.group(1)) if match else {}

    @cached_property
    def body_lines(self) -> list[Line]:
        """Lines after the front matter, with their line numbers in the file."""
        lines = self.text.split("\n")
        start = 0
        if lines and lines[0] == "---":
            start = lines.index("---", 1) + 1
        return [Line(i + 1, lines[i]) for i in range(start, len(lines))]

    @cached_property
    def prose_lines(self) -> list[Line]:
        """Body lines outside fenced code blocks."""
        out, fenced = [], False
        for line in self.body_lines:
            if FENCE.match(line.text):
                fenced = not fenced
                continue
            if not fenced:
                out.append(line)
        return out

    @cached_property
    def headings(self) -> list[tuple[int, str, int]]:
        """(level, text, line number) of every ATX heading outside code; the
        text without its explicit id ({ #how-it-works })."""
        return [(level, text, number) for level, text, _, number in self.sections]

    @cached_property
    def sections(self) -> list[tuple[int, str, str | None, int]]:
        """(level, text, explicit id or None, line number) of every heading."""
        found = []
        for line in self.prose_lines:
            m = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line.text)
            if m:
                attr = HEADING_ID.search(m.group(2))
                text = HEADING_ID.sub("", m.group(2))
                found.append((len(m.group(1)), text, attr.group(1) if attr else None, line.number))
        return found

    def twin(self) -> "Page":
        other = "en" if self.lang == "fr" else "fr"
        return Page(other, self.rel)

    @property
    def built_rel(self) -> str:
        """Where the online build writes this page, relative to the site root."""
        stem = self.rel[: -len(".md")]
        base = "" if self.lang == DEFAULT_LANGUAGE else f"{self.lang}/"
        if stem == "index":
            return f"{base}index.html"
        if stem.endswith("/index"):
            return f"{base}{stem[: -len('index')]}index.html"
        return f"{base}{stem}/index.html"


def pages(lang: str) -> list[Page]:
    root = DOCS / lang
    return [
        Page(lang, p.relative_to(root).as_posix())
        for p in sorted(root.rglob("*.md"))
    ]


def all_pages() -> list[Page]:
    return [p for lang in LANGUAGES for p in pages(lang)]


def site_paths() -> list[str]:
    """Every built page as a path under the site root ('', 'cri/', 'en/',
    'en/cri/'), then the 404 page: known before the build, so browser tests
    can take one test per page (xdist spreads them over the workers)."""
    return [p.built_rel.removesuffix("index.html") for p in all_pages()] + ["404.html"]


# -- Pages a browser draws ----------------------------------------------------
# Browser tests load pages one at a time, so their time grows with the site:
# with 100 more topics per language, `make test` ran past 45 minutes. Up to
# BROWSER_PAGES pages per language they draw every page. Beyond that they draw
# the pages with a layout of their own (OWN_LAYOUT) and topics spread evenly
# over the rest, BROWSER_PAGES in all, the same in both languages: topics
# share one skeleton (test_onboarding), and the checks that read the HTML
# still read every page. ALL_PAGES=1 in the environment draws every page.
BROWSER_PAGES = 16
OWN_LAYOUT = ("index.md", "first-hour.md", "glossary.md")


def browser_pages(lang: str) -> list[Page]:
    every = pages(lang)
    if len(every) <= BROWSER_PAGES or os.environ.get("ALL_PAGES") == "1":
        return every
    own = [p for p in every if p.rel in OWN_LAYOUT]
    topics = [p for p in every if p.rel not in OWN_LAYOUT]
    room = max(BROWSER_PAGES - len(own), 1)
    picked = [topics[i * len(topics) // room] for i in range(room)]
    return [p for p in every if p in own or p in picked]


def browser_site_paths() -> list[str]:
    """site_paths() for the pages a browser draws (browser_pages)."""
    return [p.built_rel.removesuffix("index.html") for lang in LANGUAGES for p in browser_pages(lang)] + ["404.html"]


def nav_files(nav=None) -> list[str]:
    """Every Markdown path named in mkdocs.yml's nav, in order."""
    nav = mkdocs_config()["nav"] if nav is None else nav
    out = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            out.extend(nav_files(value))
        elif isinstance(value, str) and value.endswith(".md"):
            out.append(value)
    return out


def _load(name: str, path: Path, register: bool = False):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    if register:
        sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=None)
def _load_hook(name: str):
    """A build hook loaded as a module (hooks are not a package)."""
    return _load(name, ROOT / "overrides" / "hooks" / f"{name}.py")


def load_script(name: str):
    """scripts/<name>.py loaded as a module (scripts are not a package), a
    fresh copy at each call, registered in sys.modules under its name."""
    return _load(name, ROOT / "scripts" / f"{name}.py", register=True)


def french_typography():
    """The French typography hook, loaded as a module."""
    return _load_hook("french_typography")


def typeset(text: str, lang: str) -> str:
    """A source string as the build shows it: the French build applies French
    typography (overrides/hooks/french_typography.py), the English one nothing."""
    return french_typography().typeset(text) if lang == "fr" else text


# -- Built site --------------------------------------------------------------


@dataclass
class Site:
    root: Path
    _soups: dict = field(default_factory=dict)

    def html_files(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def soup(self, rel: str) -> BeautifulSoup:
        if rel not in self._soups:
            self._soups[rel] = BeautifulSoup(
                (self.root / rel).read_text(encoding="utf-8"), "lxml"
            )
        return self._soups[rel]

    def language_of(self, rel: str) -> str:
        return "en" if rel.startswith("en/") else DEFAULT_LANGUAGE


# -- Browser helpers (take Playwright pages; no import of Playwright here) ---


def search(page, query: str, settle_ms: int = 1500, complete: bool = True) -> list[dict]:
    """Type a query in Material's search box like a reader; return the results
    (with ``complete=False``, as soon as search answers, maybe from the
    first part of the index only)."""
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        # On a phone-sized viewport the box opens from the header button.
        # (the theme's label, made a real button by overrides/hooks/a11y.py)
        page.locator("button[data-a11y-search], label.md-header__button[for=__search]").first.click()
    box.click()
    box.fill("")
    # A page searched before still lists the last query's results until the
    # empty box clears them: wait, or they could be read as this query's.
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')", timeout=5000)
    box.press_sequentially(query, delay=20)
    # Ready, and no longer busy: the results are those of the whole index,
    # not only of its first part (search-ranking.js).
    page.wait_for_function(
        "() => !document.querySelector('.md-search-result__meta')?.textContent.match(/initiali|Initiali/)"
        + (" && !document.querySelector('.md-search-result[aria-busy=true]')" if complete else ""),
        timeout=settle_ms * 10,
    )
    page.wait_for_timeout(300)
    # Read in one call: with a large index the list can still be refreshed
    # (search-ranking.js) between two reads of its items.
    return page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item > a')].map(link => {
      const title = link.querySelector('h1, h2');
      return {href: link.getAttribute('href'), title: title ? title.innerText.split(/\\s+/).join(' ').trim() : ''};
    })""")


def third_party(requests: list[str], base: str) -> list[str]:
    """Requests that leave the site: not under base, not data:/blob:."""
    return [u for u in requests if not u.startswith(base) and not u.startswith(("data:", "blob:", "about:"))]
