"""Search answers in the reader's language, online and offline."""

from __future__ import annotations

import json
import re

import pytest

from sitelib import LANGUAGES, search

INDEXES = {"fr": "search/search_index.json", "en": "en/search/search_index.json"}

# (language, query, page expected first): words a newcomer would type.
QUERIES = [
    ("fr", "réconciliation", "gitops"),
    ("fr", "budget d'erreur", "sre"),
    ("fr", "deploiement canari", "ci-cd"),  # no accent typed
    ("fr", "pilote de stockage", "csi"),
    ("en", "reconciliation loop", "gitops"),
    ("en", "error budget", "sre"),
    ("en", "sidecar proxies", "service-mesh"),
    ("en", "storage driver", "csi"),
]


def load_index(site, lang):
    return json.loads((site.root / INDEXES[lang]).read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_its_own_index(site, lang):
    index = load_index(site, lang)
    assert index["config"]["lang"] == [lang], f"{INDEXES[lang]}: lunr language is {index['config']['lang']}"
    locations = [doc["location"] for doc in index["docs"]]
    assert locations, f"{INDEXES[lang]} is empty"
    foreign = [loc for loc in locations if loc.startswith("en/")]
    assert not foreign, f"{INDEXES[lang]} holds pages of another language: {foreign[:5]}"
    pages = {loc.split("#")[0] for loc in locations}
    root = site.root if lang == "fr" else site.root / "en"
    for page in pages:
        assert (root / page / "index.html").is_file() or (root / page).is_file(), (
            f"{INDEXES[lang]}: location {page!r} is not a page of the {lang} site"
        )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_index_locations_resolve(site, lang):
    root = site.root if lang == "fr" else site.root / "en"
    problems = []
    for doc in load_index(site, lang)["docs"]:
        location = doc["location"]
        if "undefined" in location:
            problems.append(f"{location!r} contains 'undefined'")
            continue
        path, _, anchor = location.partition("#")
        html = root / path / "index.html" if not path.endswith(".html") else root / path
        if not html.is_file():
            problems.append(f"{location!r}: no page {html.relative_to(site.root)}")
        elif anchor and f'id="{anchor}"' not in html.read_text(encoding="utf-8"):
            problems.append(f"{location!r}: no anchor #{anchor} in {html.relative_to(site.root)}")
    assert not problems, f"{INDEXES[lang]}:\n" + "\n".join(problems)


def test_indexes_cover_every_page_title(site):
    from sitelib import pages

    for lang in LANGUAGES:
        titles = {doc["title"] for doc in load_index(site, lang)["docs"]}
        missing = [p.display for p in pages(lang) if p.front_matter["title"] not in titles]
        assert not missing, f"{INDEXES[lang]} lacks the pages {missing}"


def test_accent_free_spellings_are_indexed(site):
    docs = load_index(site, "fr")["docs"]
    assert any("deploiement" in doc.get("folded", "") for doc in docs), (
        "the French index has no accent-free form of 'déploiement'"
    )


@pytest.mark.browser
@pytest.mark.parametrize("lang,query,expected", QUERIES, ids=[f"{q[0]}:{q[1]}" for q in QUERIES])
def test_query_puts_the_right_page_first(open_page, mode, lang, query, expected):
    page, log = open_page("en/cri/" if lang == "en" else "cri/")
    results = search(page, query)
    assert results, f"{mode}: '{query}' on the {lang} site found nothing"
    first = results[0]["href"]
    slug = re.sub(r"(\.html)?/?(\?.*)?(#.*)?$", "", first).rstrip("/").rsplit("/", 1)[-1]
    assert slug == expected, (
        f"{mode}: '{query}' on the {lang} site: first result is {first} "
        f"({results[0]['title']!r}), expected the {expected} page; all: {[r['href'] for r in results[:5]]}"
    )
    other = [r["href"] for r in results if (("/en/" in r["href"]) != (lang == "en"))]
    assert not other, f"{mode}: '{query}' on the {lang} site returned other-language pages: {other}"
    assert not log["errors"] and not log["console"], f"{mode}: console: {log['console'] + log['errors']}"


@pytest.mark.browser
@pytest.mark.parametrize("lang,query", [("fr", "budget d'erreur"), ("en", "kubelet's")])
def test_elided_letters_do_not_match_everything(open_page, site, mode, lang, query):
    """"d'erreur" must not search for every word that starts with "d"."""
    words = [w for w in re.split(r"[\s'’]+", query.lower()) if len(w) > 1]
    page, log = open_page("en/" if lang == "en" else "")
    results = search(page, query)
    assert results, f"{mode}: '{query}' found nothing"
    pages_found = {re.sub(r"(\.html)?/?([?#].*)?$", "", r["href"]).rstrip("/").rsplit("/", 1)[-1] for r in results}
    root = site.root / ("en" if lang == "en" else "")
    unrelated = []
    for slug in pages_found:
        html = root / ("index.html" if slug in ("", "en", "cloud-native-notes") else f"{slug}/index.html")
        if html.is_file() and not any(w in html.read_text(encoding="utf-8").lower() for w in words):
            unrelated.append(slug)
    assert not unrelated, f"{mode}: '{query}' on the {lang} site returned pages without any of {words}: {unrelated}"
    assert not log["errors"] and not log["console"], f"{mode}: console: {log['console'] + log['errors']}"


@pytest.mark.browser
def test_search_downloads_nothing_until_the_reader_searches(browser, online_url):
    """The worker, index and lunr files (~65 KB gzip) wait for a first sign of search."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(online_url + "cri/")
        page.wait_for_load_state("networkidle")
        early = [u for u in requests if "/search" in u or "/lunr" in u or "/workers/" in u]
        assert not early, f"loaded before any search: {early}"
        assert search(page, "réconciliation"), "no result once the reader searched"
        late = [u for u in requests if u.endswith("search/search_index.json")]
        assert late, "the index never loaded"
    finally:
        context.close()
