"""The slimmed theme stylesheets (overrides/hooks/css_purge.py) change nothing
a reader can see.

The built site is copied twice: once as built (purged stylesheets), once
with Material's full stylesheets put back. Pages are then drawn from both,
pixel for pixel, at phone and desktop widths in both palettes, and in the
states that scripts create: search results, the phone drawer, an
abbreviation's tooltip, an opened self-check answer.

At phone width the pages drawn hold, between them, every kind of element
the site has (see element_kinds): a rule the purge wrongly drops changes
the look of some kind of element, so it shows on a page that has that
kind. Drawing every page instead costs a few seconds a page and adds
nothing once pages repeat the same kinds: at 100 topics per language it
was 226 pages where 21 hold every kind.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import lxml.html
import pytest

import material
from conftest import _serve
from sitelib import browser_site_paths, search, site_path_prefix

THEME_SHEETS = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"


@pytest.fixture(scope="module")
def twins(site, tmp_path_factory):
    """(purged base URL, full base URL) of two served copies of the build."""
    full = tmp_path_factory.mktemp("full-css") / "site"
    shutil.copytree(site.root, full)
    for sheet in (full / "assets" / "stylesheets").glob("*.min.css"):
        shutil.copy(THEME_SHEETS / sheet.name, sheet)
    servers = [_serve(site.root), _serve(full)]
    bases = tuple(f"http://127.0.0.1:{s.server_address[1]}{site_path_prefix()}" for s in servers)
    yield bases
    for server in servers:
        server.shutdown()


def test_the_theme_stylesheets_are_slimmed(site):
    for sheet in (site.root / "assets" / "stylesheets").glob("*.min.css"):
        full = gzip.compress((THEME_SHEETS / sheet.name).read_bytes(), 9)
        slim = gzip.compress(sheet.read_bytes(), 9)
        assert len(slim) < len(full) * 0.9, f"{sheet.name}: {len(slim)} B gzip, the theme's is {len(full)} B"


STATES = {
    "page": None,
    "search": "search",
    "drawer": "drawer",
    "tooltip": "tooltip",
    "answer": "answer",
}


def _enter(page, state: str, width: int):
    if state == "search":
        search(page, "kubelet")
    elif state == "drawer":
        # The menu button of phone and tablet widths (a real button, see
        # overrides/hooks/a11y.py); at desktop width the drawer is the sidebar.
        menu = page.locator("button[data-a11y-menu]")
        if menu.is_visible():
            menu.click()
    elif state == "tooltip":
        abbr = page.locator("article abbr").first
        if abbr.count():
            abbr.focus()
    elif state == "answer":
        summary = page.locator("article details summary").first
        if summary.count():
            summary.click()
    page.wait_for_timeout(400)


# Parts of the header are drawn a little differently from one load to the
# next whatever the stylesheet (the language button's icon, the search box
# at desktop width): they are masked.
UNSTEADY = ".md-header .md-select > button, .md-header .md-search__form"


def _shot(browser, base: str, rel: str, width: int, scheme: str, state: str | None) -> bytes:
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme,
                                  reduced_motion="reduce")
    try:
        page = context.new_page()
        page.goto(base + rel)
        page.wait_for_load_state("load")
        page.wait_for_timeout(150)
        if state:
            _enter(page, state, width)
        mask = [] if state == "search" else [page.locator(UNSTEADY)]
        return page.screenshot(full_page=state is None, animations="disabled", caret="hide", mask=mask)
    finally:
        context.close()


def drawn_alike(browser, twins, rel: str, width: int, scheme: str, state: str | None, tries: int = 3) -> bool:
    """Whether a page is drawn the same from both copies. On a busy machine a
    shot can catch a page while a script is still at work (seen once, the
    home page at 1280 px, in a full run); a stylesheet difference is there
    on every try, so only a difference seen three times in a row counts."""
    slim, full = twins
    return any(_shot(browser, slim, rel, width, scheme, state) == _shot(browser, full, rel, width, scheme, state)
               for _ in range(tries))


# What a stylesheet rule can tell apart: an element's tag, classes and
# attribute names, with the values of the attributes the theme's selectors
# test by value. Text, addresses and drawing coordinates are left out.
VALUED = {"type", "role", "lang", "rel", "open", "hidden", "dir", "aria-hidden", "aria-expanded",
          "aria-current", "aria-pressed"}


def _kind(el) -> tuple:
    names = sorted(a for a in el.attrib if a != "class")
    return (el.tag, tuple(sorted((el.get("class") or "").split())),
            tuple((a, el.get(a) if a in VALUED or a.startswith("data-md-") else None) for a in names))


def element_kinds(html: bytes) -> set[tuple]:
    """Each element as selectors see it: its kind, its parent's and
    grandparent's, and its previous sibling's (for + and ~)."""
    kinds = set()
    for el in lxml.html.fromstring(html).iter():
        if not isinstance(el.tag, str):
            continue  # comments, processing instructions
        parent = el.getparent()
        grand = parent.getparent() if parent is not None else None
        prev = el.getprevious()
        kinds.add(tuple(_kind(x) if x is not None and isinstance(x.tag, str) else None
                        for x in (el, parent, grand, prev)))
    return kinds


@pytest.fixture(scope="module")
def phone_pages(site) -> list[str]:
    """Pages that hold every kind of element of the site's pages, chosen
    greedily (the page with the most kinds not yet held, until none is
    left), in site order."""
    kinds = {rel: element_kinds((site.root / (rel if rel.endswith(".html") else rel + "index.html")).read_bytes())
             for rel in browser_site_paths()}
    left, chosen = set().union(*kinds.values()), []
    while left:
        best = max(kinds, key=lambda rel: len(kinds[rel] & left))
        chosen.append(best)
        left -= kinds[best]
    print(f"{len(chosen)} of {len(kinds)} pages hold every kind of element: {', '.join(r or '/' for r in chosen)}")
    return [rel for rel in kinds if rel in chosen]


# The pages are known only once the site is built, after collection: each
# test draws every SHARDS-th of them, so that workers share the drawing.
SHARDS = 4


@pytest.mark.parametrize("shard", range(SHARDS))
def test_pages_look_the_same_with_the_full_stylesheets_on_a_phone(browser, twins, phone_pages, shard):
    differ = [rel or "/" for rel in phone_pages[shard::SHARDS]
              if not drawn_alike(browser, twins, rel, 390, "light", None)]
    assert not differ, f"at 390 px, light: drawn differently with the slimmed stylesheets: {', '.join(differ)}"


# At desktop width, in the other palette, the pages with the most kinds of
# content (tables, diagrams, code, glossary).
DESKTOP = ["", "first-hour/", "ci-cd/", "glossary/", "en/cri/", "en/service-mesh/"]


@pytest.mark.parametrize("rel", DESKTOP)
def test_pages_look_the_same_with_the_full_stylesheets(browser, twins, rel):
    assert drawn_alike(browser, twins, rel, 1280, "dark", None), f"{rel or '/'} at 1280 px, dark: drawn differently with the slimmed stylesheets"


@pytest.mark.parametrize("state", [s for s in STATES if s != "page"])
@pytest.mark.parametrize("width,scheme", [(390, "dark"), (1280, "light")])
def test_interactive_states_look_the_same(browser, twins, state, width, scheme):
    differ = [rel or "/" for rel in ("en/cri/", "gitops/") if not drawn_alike(browser, twins, rel, width, scheme, state)]
    assert not differ, f"{state} at {width} px, {scheme}: drawn differently with the slimmed stylesheets on {', '.join(differ)}"
