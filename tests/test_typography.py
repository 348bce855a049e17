"""French typography of the built site (overrides/hooks/french_typography.py).

Writers type plain spaces and straight apostrophes; the French build must
show a no-break space before « : », a narrow one before « ; ! ? % » and
inside « », ’ and …, everywhere a French reader sees text: page body,
headings and table of contents, navigation, <title>, search index, reading
times, the last-updated line, diagram labels, the print page of the PDF.
Code, attribute values and text marked as another language are left alone,
and the English build is untouched.
"""

from __future__ import annotations

import json
import re
import shutil
import unicodedata

import pytest
from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction

from sitelib import DOCS, french_typography, load_script, mkdocs_config, pages

NBSP, NNBSP = "\u00a0", "\u202f"
SKIPPED = {"code", "pre", "kbd", "samp", "var", "script", "style", "textarea"}
INLINE = {
    "a", "abbr", "b", "bdi", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q",
    "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "tspan",
}
NOT_TEXT = (Comment, Declaration, Doctype, ProcessingInstruction)

# What French text must not contain (outside code), with what to fix.
PROBLEMS = [
    (re.compile(r"[ \t\r\n]:(?=\s|$)"), "plain space before ':'"),
    (re.compile(r"(?<=[\w)\]»’])[:](?=\s|$)"), "no space before ':'"),
    (re.compile(r"[ \t\r\n][;!?]+(?=\s|$|[)\]»,.])"), "plain space before ; ! ?"),
    (re.compile(r"(?<=[\w)\]»’])[;!?]+(?=\s|$)"), "no space before ; ! ?"),
    (re.compile(r"\d[ \t\r\n]?%"), "plain space or none before %"),
    (re.compile(r"«(?![\u202f\u00a0])|(?<![\u202f\u00a0])»"), "no no-break space inside « »"),
    (re.compile(r"(?<=[^\W\d_])'"), "straight apostrophe"),
    (re.compile(r"\.\.\."), "'...' instead of …"),
    (re.compile(r"(?<![\w.,])\d{1,3} \d{3}(?![\d.:])"), "plain space as thousands separator"),
    (re.compile(r"\d (?:ms|min|s|h|jours|Go|Mo|Ko|Gio|Mio)\b"), "plain space between number and unit"),
    (re.compile(r"(?<=[\w)])[ \t\r\n][−×](?= )"), "plain space before − or × (a line would start with it)"),
    (re.compile(r"(?<![\w,.])1 (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b"), "« 1 » for the first of the month (1er)"),
]


def _skipped(string) -> bool:
    for parent in string.parents:
        if parent.name in SKIPPED:
            return True
        lang = parent.get("lang") if hasattr(parent, "get") else None
        if lang:
            return not lang.lower().startswith("fr")
    return False


def _block(string):
    for parent in string.parents:
        if parent.name not in INLINE:
            return parent
    return None


def text_blocks(root) -> list[str]:
    """The French text under ``root``, one string per block (paragraph,
    heading, list item, SVG label...), inline tags joined; code counts as a
    word (``x``) so that ``<code>a</code>:`` is still a colon after a word."""
    blocks: list[list[str]] = []
    current = object()
    for string in root.find_all(string=True):
        if isinstance(string, NOT_TEXT):
            continue
        block = _block(string)
        if block is not current:
            blocks.append([])
            current = block
        blocks[-1].append("x" if _skipped(string) else str(string))
    return ["".join(b) for b in blocks]


def problems_in(blocks: list[str], where: str, limit: int = 3) -> list[str]:
    found = []
    for text in blocks:
        for pattern, what in PROBLEMS:
            for match in pattern.finditer(text):
                start, end = max(0, match.start() - 25), match.end() + 15
                excerpt = " ".join(text[start:end].split())
                found.append(f"{where}: {what}: …{excerpt}…")
    if len(found) > limit:
        found = found[:limit] + [f"{where}: … and {len(found) - limit} more"]
    return found


def _fail(problems: list[str], head: str) -> None:
    if problems:
        pytest.fail(head + "\n" + "\n".join(problems), pytrace=False)


FRENCH_PAGES = pages("fr")


# -- The hook on its own (no build) ------------------------------------------


hook = french_typography


@pytest.mark.parametrize(
    "source, expected",
    [
        ("Le SLO : 99,9 % ; pourquoi ? Voilà !", f"Le SLO{NBSP}: 99,9{NNBSP}%{NNBSP}; pourquoi{NNBSP}? Voilà{NNBSP}!"),
        ("l'état d'erreur...", "l’état d’erreur…"),
        ("« cloud native »", f"«{NNBSP}cloud native{NNBSP}»"),
        ("43 200 requêtes, 300 ms, 30 jours", f"43{NNBSP}200 requêtes, 300{NNBSP}ms, 30{NNBSP}jours"),
        ("le 1 décembre 2026", "le 1er décembre 2026"),
        ("1 − SLO, 30 j × 24 h", f"1{NBSP}− SLO, 30{NNBSP}j{NBSP}× 24{NNBSP}h"),
        ("https://a.b/?q=1, 10:30, v1.29, 2019 2020, a != b", "https://a.b/?q=1, 10:30, v1.29, 2019 2020, a != b"),
    ],
)
def test_hook_rules_on_plain_text(source, expected):
    got = hook().typeset(source)
    assert got == expected, f"typeset({source!r}) gave {got!r}, expected {expected!r}"
    assert hook().typeset(got) == got, f"typeset is not idempotent on {got!r}"


def test_hook_leaves_code_attributes_and_other_languages_alone():
    source = (
        '<p title="a : b">Voir <code>a : b</code>, <strong>Note</strong>: <a href="?x=1 : y">l\'état</a> ?</p>'
        "<pre><code>x ; y 'z' 43 200</code></pre><kbd>Ctrl ?</kbd>"
        '<span lang="en">What ? It\'s</span><script>a = "b : c";</script><style>p{a:b;}</style>'
        "<svg><text>p. ex. : 50 %</text></svg> &amp; b ; c"
    )
    expected = (
        f'<p title="a : b">Voir <code>a : b</code>, <strong>Note</strong>{NBSP}: <a href="?x=1 : y">l’état</a>{NNBSP}?</p>'
        "<pre><code>x ; y 'z' 43 200</code></pre><kbd>Ctrl ?</kbd>"
        '<span lang="en">What ? It\'s</span><script>a = "b : c";</script><style>p{a:b;}</style>'
        f"<svg><text>p. ex.{NBSP}: 50{NNBSP}%</text></svg> &amp; b{NNBSP}; c"
    )
    got = hook().typeset_html(source)
    assert got == expected, f"typeset_html changed the wrong places:\n{got!r}\nexpected\n{expected!r}"
    assert hook().typeset_html(got) == got, "typeset_html is not idempotent"


# -- Built French pages ----------------------------------------------------------


@pytest.mark.parametrize("page", FRENCH_PAGES, ids=lambda p: p.rel)
def test_french_page_text_has_french_typography(site, page):
    """Everything a reader sees: body, headings, table of contents,
    navigation, header, footer, last-updated line, inline diagrams, <title>."""
    soup = site.soup(page.built_rel)
    found = problems_in(text_blocks(soup.head.title), f"{page.built_rel} <title>")
    found += problems_in(text_blocks(soup.body), page.built_rel)
    _fail(found, "French typography missing (the french_typography hook should set it):")


def test_french_not_found_page_has_french_typography(site):
    found = problems_in(text_blocks(site.soup("404.html").body), "404.html")
    _fail(found, "French typography missing:")


def test_table_of_contents_and_headings_are_typeset(site):
    """The table of contents is built from the Markdown, not from the page
    HTML: it needs the same typography as the headings."""
    problems, typeset = [], 0
    for page in FRENCH_PAGES:
        soup = site.soup(page.built_rel)
        toc = soup.select_one("nav.md-nav--secondary")
        headings = soup.select("article h1, article h2, article h3")
        for node in ([toc] if toc else []) + headings:
            text = node.get_text()
            typeset += text.count("’") + text.count(NBSP) + text.count(NNBSP)
            problems += problems_in([text], f"{page.built_rel} {node.name}", limit=1)
    _fail(problems, "Table of contents or headings without French typography:")
    assert typeset, "no ’ or no-break space in any French heading or table of contents: is the hook running?"


def test_diagram_labels_are_typeset(site):
    problems, labels = [], 0
    for page in FRENCH_PAGES:
        for svg in site.soup(page.built_rel).select("article svg"):
            for node in svg.find_all(["text", "title", "desc"]):
                labels += 1
                # text_blocks leaves out a label marked as code (lang="en").
                problems += problems_in(text_blocks(node), f"{page.built_rel} svg <{node.name}>", limit=1)
    assert labels, "no inline SVG diagram labels found on the French pages"
    _fail(problems, "Diagram labels without French typography:")


def test_reading_times_and_last_updated_line(site):
    home = site.soup("index.html").select_one("article")
    times = re.findall(r"\d+(.)min\b", home.get_text())
    assert times and set(times) == {NBSP}, (
        f"index.html: reading times must read '9{NBSP!r}min', found separators {sorted(set(times))!r}"
    )
    assert "[[reading-time" not in home.get_text(), "index.html: a reading-time token was left in the page"
    assert re.search(r"environ (une heure|\d+\u00a0heures?|\d+\u00a0minutes)", home.get_text()), (
        "index.html: the total reading time ([[reading-time: total]]) is not in words"
    )
    english = site.soup("en/index.html").select_one("article").get_text()
    assert re.search(r"\d+ min\b", english) and NBSP not in english, "en/index.html: reading times must stay '9 min'"
    problems = []
    for page in FRENCH_PAGES:
        fact = site.soup(page.built_rel).select_one(".md-source-file")
        text = fact.get_text() if fact else ""
        if not re.search(r"Dernière mise à jour\u00a0: (1er|[12]?\d|3[01]) \w+ \d{4}", " ".join(text.split(" "))):
            problems.append(f"{page.built_rel}: last-updated line is {' '.join(text.split())!r}")
    _fail(problems, "Last-updated line without French typography ('Dernière mise à jour\\u00a0: 1er décembre 2026'):")


def test_reader_facing_attributes_the_project_controls(site):
    """Attribute values are left alone by the hook, but three kinds are read
    aloud or shown as tooltips: the footer links' names, the last-updated
    date's tooltip, and the abbreviations' expansions (Material's tooltips),
    which writers type with ’ in docs/includes/abbreviations/fr.md."""
    problems = []
    for page in FRENCH_PAGES:
        soup = site.soup(page.built_rel)
        for link in soup.select("footer a[aria-label]"):
            label = link["aria-label"]
            if re.search(r"(?:Précédent|Suivant) ?:", label):
                problems.append(f"{page.built_rel}: footer link named {label!r} (no-break space before ':')")
        for node in soup.select(".md-source-file [title]"):
            if re.match(r"1 \w+ \d{4}", node["title"]):
                problems.append(f"{page.built_rel}: last-updated tooltip {node['title']!r} (« 1er »)")
        for abbr in soup.select("article abbr[title]"):
            if "'" in abbr["title"]:
                problems.append(f"{page.built_rel}: abbreviation {abbr.get_text()!r} expands to {abbr['title']!r} ('→’)")
    source = DOCS / "includes" / "abbreviations" / "fr.md"
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("*[") and "'" in line:
            problems.append(f"docs/includes/abbreviations/fr.md:{number}: straight apostrophe in an expansion (type ’)")
    _fail(problems, "French text in attributes a reader meets:")


# -- Search index ------------------------------------------------------------------


def _french_index(site) -> dict:
    return json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))


def _index_text(html: str) -> str:
    """Index text as the worker shows it in results, code left out."""
    soup = BeautifulSoup(f"<div>{html}</div>", "lxml")
    for code in soup.find_all(list(SKIPPED)):
        code.replace_with("x")
    return soup.get_text()


def _foreign_texts(site) -> list[str]:
    """Text the French pages mark as another language (lang="en"): the index
    keeps the words but not the mark, and the hook leaves them alone."""
    found = set()
    for page in FRENCH_PAGES:
        for node in site.soup(page.built_rel).select("article [lang]"):
            if not node["lang"].lower().startswith("fr") and node.get_text().strip():
                found.add(node.get_text())
    return sorted(found, key=len, reverse=True)


def test_search_index_carries_the_typography(site):
    problems, foreign = [], _foreign_texts(site)
    for doc in _french_index(site)["docs"]:
        where = f"search/search_index.json {doc['location'] or '(home)'}"
        texts = [_index_text(doc["title"]), _index_text(doc["text"])]
        for other in foreign:
            texts = [t.replace(other, "x") for t in texts]
        problems += problems_in(texts, where, limit=1)
    _fail(problems[:6], "Search results would show text without French typography:")


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _tokens(text: str, separator: re.Pattern) -> set[str]:
    # lunr: split on the separator, then the trimmer drops non-word
    # characters at both ends of each token; lower case.
    words = (re.sub(r"^\W+|\W+$", "", t.lower()) for t in separator.split(text))
    return {w for w in words if w}


@pytest.mark.parametrize(
    "phrase, words",
    [("l’état", ("état", "etat")), ("d’erreur", ("erreur",)), ("l’API", ("api",))],
)
def test_search_finds_words_next_to_apostrophes_and_punctuation(site, phrase, words):
    """lunr splits documents with the separator of mkdocs.yml: U+00A0 and
    U+202F are \\s, and ’ is in it, so « l’état » gives « état »; the accent-
    free field (filled in the index or by the worker) gives « etat »."""
    separator = re.compile(mkdocs_config()["plugins"][0]["search"]["separator"])
    index = _french_index(site)
    assert index["config"]["separator"] == separator.pattern, "the French index does not use mkdocs.yml's separator"
    docs = [d for d in index["docs"] if phrase in d["text"]]
    assert docs, f"no French search entry contains {phrase!r} (is the hook writing ’ into the index?)"
    for doc in docs:
        tokens = _tokens(_index_text(doc["text"]), separator) | _tokens(doc.get("folded", ""), separator)
        tokens |= {_fold(t) for t in tokens}  # the accent-free field, wherever it is filled
        glued = sorted(t for t in tokens if re.search(r"['’\u00a0\u202f]", t))
        # Material adds a trailing wildcard to each query term: a prefix matches.
        missing = [w for w in words if not any(t.startswith(w) for t in tokens)]
        if missing or glued:
            pytest.fail(
                f"search/search_index.json {doc['location']}: {phrase!r} gives no token {missing} "
                f"(tokens with ’ or no-break space left: {glued[:5]})",
                pytrace=False,
            )


# -- PDF -----------------------------------------------------------------------------


def site_copy(site, tmp_path):
    """A copy of the build, where the print page is written."""
    copy = tmp_path / "site"
    shutil.copytree(site.root, copy)
    return copy


def test_print_page_of_the_pdf_is_typeset(site, tmp_path):
    """The PDF prints a page gathered from the built site (scripts/build_pdf.py):
    its chapters inherit the typography, its own strings need it too."""
    build_pdf, copy = load_script("build_pdf"), site_copy(site, tmp_path)
    soup = BeautifulSoup(build_pdf.print_page(copy, "fr").read_text(encoding="utf-8"), "lxml")
    found = problems_in(text_blocks(soup.body), "print-fr.html (PDF)", limit=5)
    _fail(found, "The French PDF would print text without French typography:")


def test_print_page_keeps_the_no_break_spaces_of_titles(site, tmp_path):
    """A French title with a colon (none today; a hundred synthetic topics
    had them) keeps its no-break space in the PDF's contents and chapter."""
    build_pdf, copy = load_script("build_pdf"), site_copy(site, tmp_path)
    page = copy / "cri" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    soup.select_one("article h1").append("\u00a0: un essai")
    page.write_text(str(soup), encoding="utf-8")
    printed = BeautifulSoup(build_pdf.print_page(copy, "fr").read_text(encoding="utf-8"), "lxml")
    found = problems_in(text_blocks(printed.body), "print-fr.html (PDF), title of cri/ with a colon", limit=5)
    _fail(found, "The French PDF would print a title without French typography:")


# -- English untouched -----------------------------------------------------------


def _visible_text(soup) -> str:
    return "".join(
        str(s) for s in soup.find_all(string=True)
        if not isinstance(s, NOT_TEXT) and s.parent.name not in ("script", "style")
    )


@pytest.mark.parametrize("page", pages("en"), ids=lambda p: p.rel)
def test_english_pages_are_untouched(site, page):
    """No French spacing or apostrophe in English pages beyond what their
    sources (page, diagram, abbreviations) already hold."""
    sources = page.text
    diagram = DOCS / "includes" / "diagrams" / "en" / page.rel.replace(".md", ".svg")
    if diagram.is_file():
        sources += diagram.read_text(encoding="utf-8")
    sources += (DOCS / "includes" / "abbreviations" / "en.md").read_text(encoding="utf-8")
    text = _visible_text(site.soup(page.built_rel))
    added = {
        name: text.count(char) - sources.count(char)
        for name, char in (("U+00A0", NBSP), ("U+202F", NNBSP), ("’", "’"), ("1er", "1er "))
        if text.count(char) > sources.count(char)
    }
    assert not added, f"{page.built_rel}: French typography leaked into the English page: {added}"
