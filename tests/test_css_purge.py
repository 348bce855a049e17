"""The slimmed theme stylesheets (overrides/hooks/css_purge.py) change nothing
a reader can see.

The built site is copied twice: once as built (purged stylesheets), once
with Material's full stylesheets put back. Every page is then drawn from
both, pixel for pixel, at phone and desktop widths in both palettes, and
in the states that scripts create: search results, the phone drawer, an
abbreviation's tooltip, an opened self-check answer.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

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


# Every page at phone width; at desktop width, in the other palette, the
# pages with the most kinds of content (tables, diagrams, code, glossary).
DESKTOP = ["", "first-hour/", "ci-cd/", "glossary/", "en/cri/", "en/service-mesh/"]


@pytest.mark.browser
@pytest.mark.parametrize(("width", "scheme", "rel"),
                         [(390, "light", rel) for rel in browser_site_paths()] + [(1280, "dark", rel) for rel in DESKTOP])
def test_pages_look_the_same_with_the_full_stylesheets(browser, twins, width, scheme, rel):
    assert drawn_alike(browser, twins, rel, width, scheme, None), f"{rel or '/'} at {width} px, {scheme}: drawn differently with the slimmed stylesheets"


@pytest.mark.browser
@pytest.mark.parametrize("state", [s for s in STATES if s != "page"])
@pytest.mark.parametrize("width,scheme", [(390, "dark"), (1280, "light")])
def test_interactive_states_look_the_same(browser, twins, state, width, scheme):
    differ = [rel or "/" for rel in ("en/cri/", "gitops/") if not drawn_alike(browser, twins, rel, width, scheme, state)]
    assert not differ, f"{state} at {width} px, {scheme}: drawn differently with the slimmed stylesheets on {', '.join(differ)}"
