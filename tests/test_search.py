"""Search answers in the reader's language, online and offline."""

from __future__ import annotations

import json
import re

import pytest

from conftest import logged_page, page_url
from sitelib import LANGUAGES, ROOT, search, typeset

INDEXES = {"fr": "search/search_index.json", "en": "en/search/search_index.json"}
# Online, the rest of each entry's text, after the first part that answers at once.
RESTS = {"fr": "search/search_text.json", "en": "en/search/search_text.json"}
RANKING_WORKER = "assets/javascripts/workers/search-ranking.js"

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


def load_first_part(site, lang):
    return json.loads((site.root / INDEXES[lang]).read_text(encoding="utf-8"))


def load_rest(site, lang):
    return json.loads((site.root / RESTS[lang]).read_text(encoding="utf-8"))


def load_index(site, lang):
    """The whole index: the first part, each entry's text completed by the rest."""
    index = load_first_part(site, lang)
    rest = load_rest(site, lang)
    for doc in index["docs"]:
        doc["text"] += rest.get(doc["location"], "")
    return index


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
        # Titles as the build shows them (French typography in French).
        titles = {doc["title"] for doc in load_index(site, lang)["docs"]}
        missing = [p.display for p in pages(lang) if typeset(p.front_matter["title"], lang) not in titles]
        assert not missing, f"{INDEXES[lang]} lacks the pages {missing}"


def test_accent_free_spellings_are_indexed(site):
    """The index declares the accent-free field; the ranking worker fills it
    in the browser ("deploiement canari" in QUERIES checks that it finds)."""
    for lang in LANGUAGES:
        fields = load_index(site, lang)["config"]["fields"]
        assert "folded" in fields, f"{INDEXES[lang]}: no 'folded' field for accent-free spellings"
    worker = (site.root / RANKING_WORKER).read_text(encoding="utf-8")
    assert "doc.folded = accentFree(doc)" in worker, f"{RANKING_WORKER} no longer fills the accent-free field"


def test_search_runs_the_ranking_worker(site):
    """Every page's worker is the ranking worker, which loads the theme's own."""
    worker = (site.root / RANKING_WORKER).read_text(encoding="utf-8")
    theme = re.search(r'new URL\("(search\.[0-9a-f]+\.min\.js)"', worker)
    assert theme and (site.root / RANKING_WORKER).with_name(theme.group(1)).is_file(), (
        f"{RANKING_WORKER} does not load an existing theme worker"
    )
    wrong = []
    for html in site.html_files():
        config = re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                           html.read_text(encoding="utf-8"), re.S)
        if config and not json.loads(config.group(1))["search"].endswith("/search-ranking.js"):
            wrong.append(site.rel(html))
    assert not wrong, f"pages whose search worker is not the ranking worker: {wrong[:5]}"


# -- Glossary: one anchor, one index entry per term --------------------------


def glossary_terms(site, lang):
    from markdown.extensions.toc import slugify

    rel = "glossary/index.html" if lang == "fr" else "en/glossary/index.html"
    soup = site.soup(rel)
    terms = []
    for dt in soup.select("article dl dt"):
        name = re.split(r"\s+—", dt.get_text(), maxsplit=1)[0].strip()
        terms.append((name, dt.get("id"), slugify(name, "-")))
    return rel, soup, terms


@pytest.mark.parametrize("lang,term,anchor", [("fr", "Budget d'erreur", "budget-derreur"),
                                               ("en", "Error budget", "error-budget")])
def test_every_glossary_term_has_its_anchor(site, lang, term, anchor):
    rel, soup, terms = glossary_terms(site, lang)
    assert terms, f"{rel}: no glossary term (<dt>) found"
    wrong = [f"{name!r} has id {tid!r}, expected {slug!r}" for name, tid, slug in terms
             if tid != slug and not (tid or "").startswith(slug + "_")]
    assert not wrong, f"{rel}: terms without their slug id: {wrong[:5]}"
    ids = [tid for _, tid, _ in terms]
    assert len(ids) == len(set(ids)), f"{rel}: two terms share an id"
    assert anchor in ids, f"{rel}: no anchor #{anchor} for {term!r}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_glossary_has_a_letter_bar(site, lang):
    rel, soup, _ = glossary_terms(site, lang)
    bar = soup.select_one("nav.glossary-letters")
    assert bar is not None and bar.get("aria-label"), f"{rel}: no named letter bar (nav.glossary-letters)"
    groups = [h2.get("id") for h2 in soup.select("article h2[id]")]
    links = [a.get("href") for a in bar.select("a")]
    assert links == [f"#{g}" for g in groups], f"{rel}: letter bar links {links}, letter groups {groups}"
    assert bar.find_next("h2") is not None and bar.find_previous("h1") is not None, (
        f"{rel}: the letter bar is not between the introduction and the first letter group"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_glossary_term_is_its_own_search_entry(site, lang):
    _, _, terms = glossary_terms(site, lang)
    docs = {doc["location"]: doc for doc in load_index(site, lang)["docs"]}
    missing = [name for name, tid, _ in terms if f"glossary/#{tid}" not in docs]
    assert not missing, f"{INDEXES[lang]}: glossary terms without their own entry: {missing[:5]}"
    groups = [d["title"] for loc, d in docs.items() if loc.startswith("glossary/#") and "—" not in d["title"]]
    assert not groups, f"{INDEXES[lang]}: glossary entries that are not one term: {groups}"
    no_target = [d["title"] for loc, d in docs.items() if loc.startswith("glossary/#") and not d.get("see")]
    assert not no_target, f"{INDEXES[lang]}: glossary entries that point to no page: {no_target[:5]}"
    unknown = [f"{d['title']} -> {t!r}" for loc, d in docs.items() for t in d.get("see", []) if t not in docs]
    assert not unknown, f"{INDEXES[lang]}: glossary entries point to pages not in the index: {unknown[:5]}"


@pytest.mark.parametrize("lang,phrase,page", [("fr", "error budget", "sre/"), ("fr", "rollback", "ci-cd/"),
                                               ("fr", "service account", "rbac/"),
                                               ("en", "budget d’erreur", "sre/"), ("en", "retour arrière", "gitops/"),
                                               ("en", "compte de service", "rbac/")])
def test_glossary_pairs_bridge_the_languages(site, lang, phrase, page):
    """The other language's name of a term is a keyword of the page that explains it."""
    docs = [d for d in load_index(site, lang)["docs"] if d["location"].split("#")[0] == page]
    found = [d["location"] for d in docs if phrase.lower() in d.get("keywords", "").lower().replace("'", "’")]
    assert found, f"{INDEXES[lang]}: no entry of {page} has the keyword {phrase!r} (from the glossary)"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_table_rows_stay_rows_in_the_index(site, lang):
    """Each table row is its own paragraph in the index, so a snippet reads as a row."""
    docs = load_index(site, lang)["docs"]
    text = " ".join(d["text"] for d in docs)
    root = "" if lang == "fr" else "en/"
    run_on = []
    for html in sorted((site.root / root).glob("*/index.html")):
        if root == "" and html.parent.name == "en":
            continue
        soup = site.soup(site.rel(html))
        for row in soup.select("article table tbody tr"):
            first = " ".join(row.find(["th", "td"]).get_text().split())
            if f"<p>{first} — " not in " ".join(text.replace("<code>", "").replace("</code>", "").split()):
                run_on.append(f"{site.rel(html)}: row {first!r}")
    assert not run_on, f"{INDEXES[lang]}: table rows not indexed as their own paragraph: {run_on[:5]}"


@pytest.fixture(scope="module")
def kept_pages():
    kept = {}
    yield kept
    for context, _, _ in kept.values():
        context.close()


@pytest.fixture
def search_page(browser, mode, site_base, kept_pages):
    """search_page(rel) -> (page, log), like open_page, but the page stays
    open for the module's other queries, as a reader searches again without
    reloading: loading the page and its index took most of each test's time.
    Its log is emptied for each test. (Tests of the first search, or that
    leave the page, use open_page.)"""

    def _get(rel: str):
        offline = mode == "offline"
        url = page_url(site_base, rel, offline)
        if (mode, rel) not in kept_pages:
            kept_pages[(mode, rel)] = logged_page(browser, offline, url)
        _, page, log = kept_pages[(mode, rel)]
        if page.url.split("?")[0].split("#")[0] != url:
            page.goto(url)
            page.wait_for_load_state("load")
        for entries in log.values():
            entries.clear()
        return page, log

    return _get


@pytest.mark.browser
@pytest.mark.parametrize("lang,query,expected", QUERIES, ids=[f"{q[0]}:{q[1]}" for q in QUERIES])
def test_query_puts_the_right_page_first(search_page, mode, lang, query, expected):
    page, log = search_page("en/cri/" if lang == "en" else "cri/")
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
def test_elided_letters_do_not_match_everything(search_page, site, mode, lang, query):
    """"d'erreur" must not search for every word that starts with "d"."""
    words = [w for w in re.split(r"[\s'’]+", query.lower()) if len(w) > 1]
    page, log = search_page("en/" if lang == "en" else "")
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


# -- What a reader sees: "Missing" lines, highlighting, ranking ---------------

BENCHMARK = ROOT / "scripts" / "search_queries"


def benchmark_subset() -> list[tuple[str, str, str, tuple[str, ...], int]]:
    """One held-out query of each kind per language, from the relevance
    benchmark (scripts/bench_search.py runs them all)."""
    chosen = []
    for lang in LANGUAGES:
        kinds = set()
        path = BENCHMARK / f"{lang}.tsv"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line or line.startswith("#"):
                continue
            split, kind, query, expected = line.split("\t")
            if split == "held" and kind not in kinds:
                kinds.add(kind)
                chosen.append((lang, query, f"scripts/search_queries/{lang}.tsv:{number}", tuple(expected.split("|"))))
    return chosen


def result_page(href: str) -> str:
    path = re.sub(r"[?#].*$", "", href)
    path = re.sub(r"(index)?\.html$", "", path).rstrip("/")
    slug = path.rsplit("/", 1)[-1]
    return "index" if slug in ("", "en", "cloud-native-notes") or path.endswith(("/en", "unpacked0")) else slug


@pytest.mark.browser
@pytest.mark.parametrize("lang,query,where,expected", benchmark_subset(),
                         ids=[f"{q[0]}:{q[1]}" for q in benchmark_subset()])
def test_benchmark_queries_rank_their_page_first(search_page, mode, lang, query, where, expected):
    page, log = search_page("en/" if lang == "en" else "")
    results = search(page, query)
    got = [result_page(r["href"]) for r in results]
    if not got or got[0] not in expected:
        pytest.fail(f"{where}: {mode}, {lang} site: {query!r} ranks {got[:1] or 'nothing'} first, "
                    f"expected {'|'.join(expected)} (all: {got[:5]})", pytrace=False)


MISSING_QUERIES = [("fr", "canari"), ("fr", "déploiement canari"), ("fr", "réconciliation"),
                   ("fr", "retour arrière"), ("en", "canary"), ("en", "canary deployment"),
                   ("en", "desired state")]


@pytest.mark.browser
@pytest.mark.parametrize("lang,query", MISSING_QUERIES, ids=[f"{q[0]}:{q[1]}" for q in MISSING_QUERIES])
def test_no_result_lists_a_word_it_found_as_missing(search_page, mode, lang, query):
    """A "Missing" line names only words that the result's page does not hold,
    and each result's ?h= carries the words it found."""
    page, log = search_page("en/" if lang == "en" else "")
    assert search(page, query), f"{mode}: {query!r} on the {lang} site found nothing"
    items = page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')].map(item => ({
        href: item.querySelector('a').href,
        text: item.textContent,
        missing: [...item.querySelectorAll('.md-search-result__terms')].map(p => p.textContent)}))""")
    words = [w for w in re.split(r"[\s'’]+", query.lower()) if len(w) > 1]
    problems = []
    for item in items:
        for line in item["missing"]:
            shown = item["text"].lower().replace(line.lower(), " ")
            listed = re.findall(r"\w+", line.split(":", 1)[-1].lower())
            false = [w for w in listed if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", shown)]
            if false:
                problems.append(f"{item['href']}: lists {false} as missing but shows them")
    first = items[0]
    h = re.search(r"[?&]h=([^&#]*)", first["href"])
    if not first["missing"] and not (h and h.group(1)):
        problems.append(f"{first['href']}: the first result's link has no ?h= words")
    assert not problems, f"{mode}: {query!r} on the {lang} site:\n" + "\n".join(problems[:5])
    assert not log["errors"], f"{mode}: page errors: {log['errors']}"


@pytest.mark.browser
@pytest.mark.parametrize("lang,query", [("fr", "budget d'erreur"), ("en", "rollback")])
def test_a_result_opens_its_page_highlighted(open_page, mode, lang, query):
    """Following a result highlights the words found, online as offline."""
    page, log = open_page("en/cri/" if lang == "en" else "cri/")
    assert search(page, query), f"{mode}: {query!r} on the {lang} site found nothing"
    first = page.locator(".md-search-result__item > a").first
    href = first.get_attribute("href")
    assert "h=" in href, f"{mode}: first result {href} carries no ?h= words"
    with page.expect_navigation():
        first.click()
    try:
        page.wait_for_selector("article mark[data-md-highlight]", timeout=5000)
    except Exception:
        pytest.fail(f"{mode}: {page.url} (from {query!r}, {lang}) shows no highlighted word after 5 s", pytrace=False)
    assert not log["errors"], f"{mode}: page errors: {log['errors']}"


# -- The index in two parts: first results at once, the rest of the text after --

WORD = re.compile(r"[^\W\d_]+")
TITLE_QUERIES = {"fr": "réconciliation", "en": "reconciliation"}


def words_of(html: str) -> list[str]:
    return WORD.findall(re.sub(r"<[^>]+>", " ", html).lower())


def body_only_word(site, lang) -> tuple[str, str]:
    """A word of the rest of one page's text, whose first six letters start
    no word of the first part (titles, keywords, first paragraphs): only the
    whole index finds it. Returns (word, page)."""
    first = load_first_part(site, lang)
    prefixes = {w[:6] for d in first["docs"] for w in words_of(" ".join([d["title"], d["text"], d.get("keywords", "")]))}
    pages: dict[str, set[str]] = {}
    for location, text in load_rest(site, lang).items():
        for w in words_of(text):
            pages.setdefault(w, set()).add(location.split("#")[0])
    words = sorted(w for w, p in pages.items() if len(p) == 1 and len(w) >= 7 and w.isascii() and w[:6] not in prefixes)
    if not words:
        pytest.fail(f"{RESTS[lang]}: no word of the rest of the text that the first part lacks", pytrace=False)
    return words[0], next(iter(pages[words[0]]))


def result_pages(page) -> list[str]:
    return [result_page(h) for h in page.eval_on_selector_all(
        ".md-search-result__item > a", "links => links.map(a => a.getAttribute('href'))")]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_index_comes_in_two_parts(site, lang):
    """The first part holds every entry with its title and keywords and its
    text up to the end of its first block; the rest completes the text."""
    first = load_first_part(site, lang)
    rest = load_rest(site, lang)
    worker_dir = (site.root / RANKING_WORKER).parent
    named = (worker_dir / first["config"].get("rest", "")).resolve()
    if named != (site.root / RESTS[lang]).resolve():
        pytest.fail(f"{INDEXES[lang]}: config.rest {first['config'].get('rest')!r} does not name {RESTS[lang]} "
                    f"(relative to {RANKING_WORKER})", pytrace=False)
    locations = {d["location"] for d in first["docs"]}
    stray = [loc for loc in rest if loc not in locations]
    if stray:
        pytest.fail(f"{RESTS[lang]}: text for entries not in {INDEXES[lang]}: {stray[:5]}", pytrace=False)
    size = [len(json.dumps(part, ensure_ascii=False)) for part in (first, rest)]
    if not rest or size[0] > 0.7 * sum(size):
        pytest.fail(f"{INDEXES[lang]}: the first part is {size[0]} of {sum(size)} characters: "
                    "it should hold only each entry's first block", pytrace=False)
    block_end = re.compile(r"</(p|pre|ul|ol|dl|table|div|blockquote|figure|details|h[1-6])>$")
    cut_badly = [d["location"] for d in first["docs"] if d["location"] in rest and not block_end.search(d["text"])]
    if cut_badly:
        pytest.fail(f"{INDEXES[lang]}: texts not cut at the end of a block (paragraph, list…): {cut_badly[:5]}",
                    pytrace=False)


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_word_only_in_a_sections_body_is_found(open_page, site, mode, lang):
    """Online from the rest of the text, offline from the whole index."""
    word, expected = body_only_word(site, lang)
    page, log = open_page("en/" if lang == "en" else "")
    got = [result_page(r["href"]) for r in search(page, word)]
    if result_page(expected) not in got:
        pytest.fail(f"{mode}: {word!r}, a word of the body of {expected} only ({RESTS[lang]}), "
                    f"finds {got[:5] or 'nothing'} on the {lang} site", pytrace=False)
    assert not log["errors"] and not log["console"], f"{mode}: console: {log['console'] + log['errors']}"


# Frames in which the result list was empty, from the moment it is set.
COUNT_EMPTY_FRAMES = """() => {
  window.__emptyFrames = 0;
  const list = document.querySelector('.md-search-result__list');
  const sample = () => { if (!list.children.length) window.__emptyFrames++; requestAnimationFrame(sample); };
  requestAnimationFrame(sample);
}"""


def open_with_rest_held(browser, online_url, lang):
    """A page whose request for the rest of the index's text waits until released."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    held = []
    context.route("**/search_text.json", lambda route: held.append(route))
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type in ("error", "warning") and errors.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(online_url + ("en/" if lang == "en" else ""))
    return context, page, held, errors


def busy(page) -> str | None:
    return page.get_attribute(".md-search-result", "aria-busy")


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGUAGES)
def test_first_results_come_before_the_rest_of_the_text(browser, online_url, site, lang):
    """Titles and first paragraphs answer at once; when the rest of the text
    arrives the results on screen are refreshed, without an empty frame and
    with the focus left in the search box."""
    word, expected = body_only_word(site, lang)
    context, page, held, errors = open_with_rest_held(browser, online_url, lang)
    try:
        got = [result_page(r["href"]) for r in search(page, TITLE_QUERIES[lang], complete=False)]
        if not got:
            pytest.fail(f"{lang}: {TITLE_QUERIES[lang]!r} found nothing before the rest of the text came "
                        f"(requests held: {len(held)})", pytrace=False)
        assert len(held) == 1, f"{lang}: the rest of the text was requested {len(held)} times before the first results"
        assert busy(page) == "true", f"{lang}: results from the first part only, but aria-busy is {busy(page)!r}"
        missing = page.eval_on_selector_all(".md-search-result__terms", "ps => ps.map(p => p.textContent)")
        assert not missing, f"{lang}: lists {missing} as missing before the rest of the text came (it may hold them)"
        early = [result_page(r["href"]) for r in search(page, word, complete=False)]
        assert result_page(expected) not in early, (
            f"{lang}: {word!r} found {expected} from the first part: not a body-only word, the test proves nothing")
        # Results on screen that the rest of the text changes.
        query = f"{TITLE_QUERIES[lang]} {word}"
        assert search(page, query, complete=False), f"{lang}: {query!r} found nothing from the first part"
        page.evaluate(COUNT_EMPTY_FRAMES)
        held[0].continue_()
        try:
            page.wait_for_function("() => document.querySelector('.md-search-result').getAttribute('aria-busy') === 'false'",
                                   timeout=30000)
        except Exception:
            pytest.fail(f"{lang}: still busy 30 s after the rest of the text was sent (search-ranking.js)", pytrace=False)
        late = result_pages(page)
        if result_page(expected) not in late:
            pytest.fail(f"{lang}: once the rest of the text came, the results for {query!r} were not refreshed: "
                        f"{late[:5] or 'nothing'}, expected {expected}", pytrace=False)
        assert page.evaluate("window.__emptyFrames") == 0, f"{lang}: the result list was empty in a frame of the refresh"
        assert page.evaluate("document.activeElement.matches('input.md-search__input')"), (
            f"{lang}: the refresh took the focus from the search box")
        assert not errors, f"{lang}: console: {errors}"
    finally:
        for route in held[1:]:
            route.abort()
        context.close()


@pytest.mark.browser
def test_the_refresh_waits_for_a_reader_in_the_results(browser, online_url, site):
    """A reader who has moved into the results keeps them (and the focus):
    the whole text's answer comes with their next keystroke."""
    word, expected = body_only_word(site, "fr")
    context, page, held, errors = open_with_rest_held(browser, online_url, "fr")
    try:
        query = f"{TITLE_QUERIES['fr']} {word}"
        assert search(page, query, complete=False), f"{query!r} found nothing from the first part"
        page.keyboard.press("ArrowDown")
        focused = page.evaluate_handle("document.activeElement")
        href = focused.evaluate("el => el.getAttribute('href')")
        assert href, "ArrowDown did not move the focus to the first result"
        held[0].continue_()
        page.wait_for_function("() => document.querySelector('.md-search-result').getAttribute('aria-busy') === 'false'",
                               timeout=30000)
        page.wait_for_timeout(300)
        still = focused.evaluate("el => el.isConnected && el === document.activeElement")
        if not still:
            now = page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
            pytest.fail(f"the refresh replaced the results under a reader on {href}: the focus is now on {now}",
                        pytrace=False)
        page.locator("input.md-search__input").press("End")
        page.locator("input.md-search__input").press_sequentially(" ")
        page.locator("input.md-search__input").press("Backspace")
        page.wait_for_timeout(500)
        if result_page(expected) not in result_pages(page):
            pytest.fail(f"the next keystroke did not bring the whole text's answer ({expected} for {word!r})",
                        pytrace=False)
        assert not errors, f"console: {errors}"
    finally:
        context.close()
