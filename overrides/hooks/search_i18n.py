"""One search index per language, and what the offline copy needs.

mkdocs-static-i18n merges both languages into one ``search/search_index.json``
and Material's worker loads it from ``__config.base``, the site root, on every
page: French and English results mix. After all languages are built, this
hook

- splits the merged index by location into ``search/`` (French) and
  ``en/search/`` (English, locations made relative to ``en/``), each with its
  own lunr language, plus the ``.js`` twins the offline build reads from
  ``file://``;
- declares a field for the accent-free spelling of accented words, so that
  ``deploiement`` finds ``déploiement`` (the ranking worker fills it in the
  browser: sent in the index, it would cost 7 KB gzip per first search);
- points ``__config.base`` of English pages at the English root, so that
  their worker loads the English index;
- ships the iframe-worker shim that the offline plugin would otherwise load
  from a CDN (from ``node_modules``, installed by ``npm ci``).

What each page gives the index, and how queries are ranked:

- tables are indexed one row per paragraph ("Criterion — Column: cell;
  …"), so that a result's snippet reads as a row and not as run-on cells;
- the glossary is indexed one entry per term (``glossary/#budget-derreur``,
  the ids of ``glossary.py``), instead of one entry per letter group, and
  each entry remembers the pages its definition points to (``see``);
- the term bridge: every glossary entry pairs a term with its translation
  and points to the page that explains it; both names are added to that
  page's ``keywords`` field (in the section that names the term, else the
  page's introduction), so that « rollback » on the French site or
  "budget d'erreur" on the English site lands on the right page. The
  glossary is the only source: a missing pair is added to the glossary;
- every page's ``__config.search`` points at a small worker
  (``assets/javascripts/workers/search-ranking.js``) that runs the theme's
  own worker unchanged and adjusts its queries and results: see its header.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
import shutil
import unicodedata
from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority

DEFAULT_LANGUAGE = "fr"
OTHER_LANGUAGES = ("en",)
SHIM_SOURCE = Path("node_modules/iframe-worker/shim/index.js")
SHIM_TARGET = "assets/javascripts/iframe-worker-shim.js"
FOLDED_FIELD = "folded"
KEYWORDS_FIELD = "keywords"
# As heavy as a heading: the glossary says that this page explains the term.
KEYWORDS_BOOST = 1000.0
RANKING_WORKER = Path(__file__).parent / "search-ranking.js"
WORKERS = "assets/javascripts/workers"
RANKING_TARGET = f"{WORKERS}/search-ranking.js"
# The rest of each entry's text, next to each language's search_index.json.
REST = "search_text.json"
MATERIAL_WORKER = re.compile(r"search\.[0-9a-f]+\.min\.js$")
SEARCH_URL = re.compile(r'("search": ")([^"]*/)(search\.[0-9a-f]+\.min\.js)(")')
CONFIG_SCRIPT = re.compile(
    r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S
)


def _offline(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def _building_other_language(config) -> bool:
    # static-i18n builds the other languages from inside the default
    # language's on_post_build, with its ``building`` flag set.
    return bool(getattr(config.plugins.get("i18n"), "building", False))


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


TAG = re.compile(r"<[^>]+>")
TABLE = re.compile(r"<table\b[^>]*>(.*?)</table>", re.S)
ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
CELL = re.compile(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", re.S)
TERM = re.compile(r'<dt id="([^"]+)">(.*?)</dt>\s*<dd>(.*?)</dd>', re.S)
LETTER_GROUP = re.compile(r"<h2\b.*?</h2>", re.S)
LETTER_BAR = re.compile(r'<nav class="glossary-letters".*?</nav>', re.S)
HREF = re.compile(r'href="([^"#]*)(?:#[^"]*)?"')
# The closing "See [SRE](sre.md)." of a definition.
SEE_ALSO = re.compile(
    r"\s*(Voir|See) (<a\b[^>]*>.*?</a>|[^.<]+)(,? (et|and) (<a\b[^>]*>.*?</a>|[^.<]+))*\.\s*(?=</p>|$)"
)


def _page_language(page) -> str:
    lang = page.file.dest_uri.split("/", 1)[0]
    return lang if lang in OTHER_LANGUAGES else DEFAULT_LANGUAGE


def tables_as_rows(content: str, lang: str) -> str:
    """Each table row as one paragraph: "Row — Column: cell; Column: cell"."""
    # French: no-break space before ":" and narrow one before ";", as the
    # French typography hook sets them in the page.
    colon, semicolon = ("\u00a0: ", "\u202f; ") if lang == "fr" else (": ", "; ")

    def rows(match):
        table = [[c.strip() for c in CELL.findall(row)] for row in ROW.findall(match.group(1))]
        if len(table) < 2:
            return match.group(0)
        head, body = table[0], table[1:]
        out = []
        for row in body:
            pairs = [f"{TAG.sub('', h).strip()}{colon}{c}" for h, c in zip(head[1:], row[1:]) if c]
            out.append(f"<p>{row[0]} — {semicolon.join(pairs)}</p>" if row else "")
        return "\n".join(out)

    return TABLE.sub(rows, content)


def glossary_as_terms(content: str, page_url: str) -> tuple[str, dict[str, list[str]]]:
    """The definition list as one heading per term; the pages each term points to."""
    see: dict[str, list[str]] = {}

    def term(match):
        tid, name, definition = match.groups()
        targets = []
        # Index locations are relative to the site root: "sre/" online,
        # "sre.html" in the offline copy.
        folder = page_url if page_url.endswith("/") else posixpath.dirname(page_url)
        for href in HREF.findall(definition):
            if href and "://" not in href:
                target = posixpath.normpath(posixpath.join(folder, href) if folder else href)
                target = "" if target == "." else target + ("/" if href.endswith("/") else "")
                if target not in targets:
                    targets.append(target)
        see[tid] = targets
        # "See [SRE](sre.md)." is the entry's ``see``, not words to search.
        return f'<h3 id="{tid}">{name}</h3>\n{SEE_ALSO.sub("", definition)}'

    content = LETTER_BAR.sub("", content)
    content = LETTER_GROUP.sub("", content)
    return TERM.sub(term, content), see


def _search_plugin(config):
    return config.plugins.get("material/search") or config.plugins.get("search")


# Left out of the index, so that a first search downloads about 7 KB gzip
# less and the sections that explain come first:
# - "Related topics" only names other pages, which have their own entries;
# - the self-check's questions and folded answers restate the page, and a
#   search result should not open an answer before the reader has tried.
LEFT_OUT = ("related-topics", "check-yourself")


# The theme's search plugin drops these attributes from the page after it has
# read it (its on_page_context): the content seen by the hooks after it.
SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")
# The page being indexed, from _before_search to _after_search: the page,
# its content as the theme leaves it (None: the theme read it as it is), where
# its entries start in the index, and the glossary's ``see`` lists.
_pending: list = []


# Before the search plugin reads the page: the plugin reads the content as
# this hook wants it indexed (tables as rows, the glossary as terms), so that
# each page is parsed for the index once, not once by the plugin and again
# here (the second parse was about a tenth of the build).
@event_priority(1)
def _before_search(context, page, config, nav):
    _pending.clear()
    plugin = _search_plugin(config)
    index = getattr(plugin, "search_index", None)
    if index is None or not page.content or not plugin.config.enabled:
        return context
    # The text as the theme leaves it once read, which is what this hook used
    # to index when it parsed the page again after the plugin.
    shown = SEARCH_ATTRIBUTES.sub("", page.content)
    content = tables_as_rows(shown, _page_language(page))
    see = {}
    if page.file.src_uri.rsplit("/", 1)[-1] == "glossary.md":
        content, see = glossary_as_terms(content, page.url)
    if content == shown:
        _pending.append((page, None, len(index.entries), see))
    else:
        _pending.append((page, shown, len(index.entries), see))
        page.content = content
    return context


# Right after the search plugin has read the page (same priority, and hooks
# come after plugins), before tables.py (listed after this hook) relabels the
# page's tables: the page gets its own content back, and its entries (the
# last ones of the index) lose the sections left out.
@event_priority(0)
def _after_search(context, page, config, nav):
    if not _pending:
        return context
    pending_page, shown, start, see = _pending.pop()
    if pending_page is not page:
        raise RuntimeError(f"{page.file.src_uri}: the search index hook lost track of the page")
    if shown is not None:
        page.content = shown
    index = _search_plugin(config).search_index
    kept = []
    for entry in index.entries[start:]:
        anchor = entry["location"].partition("#")[2]
        if anchor in LEFT_OUT:
            continue
        if anchor in see:
            entry["see"] = see[anchor]
        kept.append(entry)
    index.entries[start:] = kept
    return context


on_page_context = CombinedEvent(_before_search, _after_search)


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", fold(text).lower()) if len(w) > 2]


def add_term_bridge(docs: list[dict]) -> None:
    """Both names of each glossary term into the keywords of the page it points to."""
    by_page: dict[str, list[dict]] = {}
    for doc in docs:
        by_page.setdefault(doc["location"].split("#", 1)[0], []).append(doc)
    # Each section's words once, not once per term that points to its page
    # (folding every character again and again cost 8% of the build).
    words_of = functools.lru_cache(maxsize=None)(lambda text: _words(TAG.sub(" ", text)))
    for term in docs:
        if not term.get("see"):
            continue
        title = " ".join(html.unescape(TAG.sub("", term["title"])).split())
        name = re.split(r"\s+—\s+", title, maxsplit=1)[0]
        words = _words(name)
        phrase = re.sub(r"\s+—\s+", " ", title)
        for target in term["see"]:
            candidates = by_page.get(target)
            if not candidates:
                continue

            def fit(doc):
                heading = words_of(doc["title"])
                body = " ".join(words_of(doc["text"]))
                in_heading = sum(w in heading for w in words)
                return (in_heading == len(words), in_heading, " ".join(words) in body)

            best = max(candidates, key=fit)
            if fit(best) == (False, 0, False):
                best = candidates[0]  # the page itself: its introduction
            existing = best.get(KEYWORDS_FIELD)
            best[KEYWORDS_FIELD] = f"{existing} ; {phrase}" if existing else phrase


def split_index(data: dict) -> dict[str, dict]:
    """The merged index as one index per language, keyed by language."""
    indexes = {}
    for lang in (DEFAULT_LANGUAGE, *OTHER_LANGUAGES):
        prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
        others = tuple(f"{o}/" for o in OTHER_LANGUAGES if o != lang)
        docs = []
        for doc in data["docs"]:
            location = doc["location"]
            if lang == DEFAULT_LANGUAGE and location.startswith(tuple(f"{o}/" for o in OTHER_LANGUAGES)):
                continue
            if lang != DEFAULT_LANGUAGE and (not location.startswith(prefix) or location.startswith(others)):
                continue
            doc = dict(doc, location=location[len(prefix):])
            if "see" in doc:
                doc["see"] = [t[len(prefix):] if t.startswith(prefix) else t for t in doc["see"]]
            docs.append(doc)
        add_term_bridge(docs)
        # Stemming on: the search-query partial makes the worker stem queries.
        config = dict(data["config"], lang=[lang], pipeline=["stemmer", "stopWordFilter", "trimmer"])
        config["fields"] = dict(
            config["fields"], **{FOLDED_FIELD: {"boost": 1.0}, KEYWORDS_FIELD: {"boost": KEYWORDS_BOOST}}
        )
        indexes[lang] = {"config": config, "docs": docs}
    return indexes


# An HTML tag of the index's text, the tags that have no closing tag, and
# those that end a block (a cut after <code>…</code> would end mid-sentence).
TAG_PARTS = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*?(/?)>")
VOID = {"br", "hr", "img", "wbr", "input", "source", "area", "col", "embed", "meta", "link"}
BLOCKS = {"p", "pre", "ul", "ol", "dl", "table", "div", "blockquote", "figure", "details",
          "h1", "h2", "h3", "h4", "h5", "h6"}


def first_block_end(text: str) -> int:
    """Where the text's first top-level block (paragraph, list, code…) ends; 0 if none."""
    depth = 0
    for tag in TAG_PARTS.finditer(text):
        closing, name, self_closing = tag.groups()
        if name.lower() in VOID or self_closing:
            continue
        depth += -1 if closing else 1
        if depth == 0 and closing and name.lower() in BLOCKS:
            return tag.end()
        if depth < 0:
            return 0
    return 0


def split_text(index: dict) -> tuple[dict, dict[str, str]]:
    """The index with each entry's text cut after its first block, and the
    rest of each cut text, by location: text = first part + rest."""
    docs, rest = [], {}
    for doc in index["docs"]:
        end = first_block_end(doc["text"])
        if 0 < end < len(doc["text"]):
            rest[doc["location"]] = doc["text"][end:]
            doc = dict(doc, text=doc["text"][:end])
        docs.append(doc)
    return dict(index, docs=docs), rest


def write_index(site_dir: Path, lang: str, index: dict, offline: bool) -> None:
    prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
    folder = site_dir / prefix / "search"
    folder.mkdir(parents=True, exist_ok=True)

    def write(name, value):
        data = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        (folder / name).write_text(data, encoding="utf-8")
        return data

    if offline:
        # Nothing to wait for from disk: the whole index at once. Browsers
        # refuse fetch() from file://, so the offline theme loads it as a script.
        data = write("search_index.json", index)
        (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")
        return
    # Online, a first search downloads what answers at once: every entry's
    # title, keywords and first paragraph (about 40% of the index at 100
    # more topics). The ranking worker fetches the rest of the text right
    # after and refreshes the results (search-ranking.js); config.rest is
    # where, relative to the worker.
    first, rest = split_text(index)
    first["config"] = dict(first["config"], rest=posixpath.relpath(f"{prefix}search/{REST}", WORKERS))
    write("search_index.json", first)
    write(REST, rest)


def write_ranking_worker(site_dir: Path) -> None:
    """The ranking worker, told the file name of the theme's worker."""
    material = [p.name for p in (site_dir / WORKERS).iterdir() if MATERIAL_WORKER.search(p.name)]
    if len(material) != 1:
        raise FileNotFoundError(f"expected one theme search worker in {WORKERS}, found {material}")
    source = RANKING_WORKER.read_text(encoding="utf-8")
    # Comments are for the source: a reader's first search downloads less.
    source = re.sub(r"/\*.*?\*/\n?", "", source, flags=re.S)
    source = re.sub(r"^\s*//.*\n", "", source, flags=re.M)
    (site_dir / RANKING_TARGET).write_text(source.replace("__THEME_WORKER__", material[0]), encoding="utf-8")


def on_files(files, config):
    # The ranking worker's source sits in the theme folder: not a file of the site.
    source = files.get_file_from_path("hooks/" + RANKING_WORKER.name)
    if source is not None:
        files.remove(source)
    return files


def on_config(config):
    if _offline(config):
        config.extra["polyfills"] = [SHIM_TARGET]
    return config


def _ranking_worker(output: str) -> str:
    # Every page runs the ranking worker, which runs the theme's worker.
    return SEARCH_URL.sub(lambda m: m.group(1) + m.group(2) + "search-ranking.js" + m.group(4), output, count=1)


def on_post_template(output, template_name, config):
    return _ranking_worker(output)  # 404.html


def on_post_page(output, page, config):
    output = _ranking_worker(output)
    lang = page.file.dest_uri.split("/", 1)[0]
    if lang not in OTHER_LANGUAGES:
        return output

    def rebase(match):
        data = json.loads(match.group(2))
        # The trailing slash matters: the worker resolves "search/..." against it.
        data["base"] = posixpath.join(data["base"], lang) + "/"
        return match.group(1) + json.dumps(data, ensure_ascii=False) + match.group(3)

    return CONFIG_SCRIPT.sub(rebase, output, count=1)


@event_priority(-150)  # after static-i18n and the offline plugin (-100)
def on_post_build(config):
    if _building_other_language(config):
        return
    site_dir = Path(config.site_dir)
    merged = site_dir / "search" / "search_index.json"
    data = json.loads(merged.read_text(encoding="utf-8"))
    offline = _offline(config)
    for lang, index in split_index(data).items():
        write_index(site_dir, lang, index, offline)
    write_ranking_worker(site_dir)
    if offline:
        if not SHIM_SOURCE.is_file():
            raise FileNotFoundError(
                f"{SHIM_SOURCE} is missing: run 'npm ci' (make offline does) so that "
                "offline search works without a CDN"
            )
        target = site_dir / SHIM_TARGET
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHIM_SOURCE, target)
