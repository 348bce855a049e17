"""The onboarding path: learning path, self-checks, glossary, abbreviations,
comparison tables, related topics and last-updated dates, in both languages."""

from __future__ import annotations

import re
import unicodedata

import pytest

from sitelib import DOCS, HEADING_ID, LANGUAGES, Page, pages

SECTIONS = {
    "fr": {"check": "Testez-vous", "related": "Sujets liés"},
    "en": {"check": "Check yourself", "related": "Related topics"},
}
NOT_TOPICS = {"index.md", "glossary.md"}
TOPICS = [p.rel for p in pages("fr") if p.rel not in NOT_TOPICS]
# Where a reader must choose or tell things apart, the page has a table.
COMPARISONS = {
    "ci-cd.md": 2,  # delivery vs deployment; blue/green vs canary
    "gitops.md": 1,  # push vs pull
    "cri.md": 1,  # containerd vs CRI-O
    "service-mesh.md": 1,  # sidecar vs sidecarless
    "container-orchestration.md": 1,  # Kubernetes, Swarm, Nomad, Mesos
    "rbac.md": 1,  # Role vs ClusterRole
}
QUESTION = re.compile(r'^\?\?\?\+? question "(.+)"\s*$')
# A scenario question puts the reader in a situation; its title starts with
# this marker (CONTRIBUTING.md, "Rules for every page").
SCENARIO = {"fr": "Cas pratique :", "en": "Scenario:"}
MIN_SCENARIOS = 2
SECTION_LINK = re.compile(r"\]\(#([\w-]+)\)")


def section(page: Page, title: str) -> list:
    """Body lines of the H2 section ``title`` (without its heading)."""
    lines, inside = [], False
    for line in page.body_lines:
        if line.text.startswith("## "):
            inside = HEADING_ID.sub("", line.text[3:]).strip() == title
            continue
        if inside:
            lines.append(line)
    return lines


def questions(page: Page) -> list[tuple[int, str, str]]:
    """(line, question, answer) of the self-check section."""
    found = []
    lines = section(page, SECTIONS[page.lang]["check"])
    for i, line in enumerate(lines):
        m = QUESTION.match(line.text)
        if m:
            answer = []
            for nxt in lines[i + 1:]:
                if nxt.text.strip() and not nxt.text.startswith("    "):
                    break
                answer.append(nxt.text.strip())
            found.append((line.number, m.group(1), " ".join(a for a in answer if a)))
    return found


# -- Learning path -----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_links_every_topic_with_its_reading_time(site, lang):
    home = Page(lang, "index.md")
    linked = set(re.findall(r"\]\(([\w-]+\.md)\)", home.text))
    missing = [t for t in TOPICS if t not in linked]
    assert not missing, f"{home.display}: the learning path does not link {missing}"
    built = site.soup(home.built_rel).select_one("article")
    text = built.get_text(" ")
    assert "[[reading-time" not in text, f"{home.built_rel}: a reading time was not computed"
    rows = [row for row in built.select("table tr") if row.find("a")]
    times = [re.search(r"\b(\d+)[ \u00a0]min\b", row.get_text(" ")) for row in rows]
    assert len(rows) == len(TOPICS) and all(times), (
        f"{home.built_rel}: each topic row needs a reading time in minutes"
    )


# -- Self-checks -------------------------------------------------------------


@pytest.mark.parametrize("rel", TOPICS)
def test_every_topic_ends_with_a_self_check(rel):
    found = {lang: questions(Page(lang, rel)) for lang in LANGUAGES}
    for lang, items in found.items():
        display = Page(lang, rel).display
        assert 3 <= len(items) <= 5, (
            f"{display}: section '{SECTIONS[lang]['check']}' needs 3 to 5 '??? question' blocks, has {len(items)}"
        )
        for number, question, answer in items:
            assert len(answer.split()) >= 5, f"{display}:{number}: the question {question!r} has no real answer"
    assert len(found["fr"]) == len(found["en"]), (
        f"{rel}: {len(found['fr'])} questions in French, {len(found['en'])} in English"
    )


def test_self_checks_need_no_javascript(site):
    """Answers fold with <details> (pymdownx.details), not with a script."""
    for lang in LANGUAGES:
        for rel in TOPICS:
            page = Page(lang, rel)
            details = site.soup(page.built_rel).select("article details.question")
            assert len(details) == len(questions(page)), (
                f"{page.built_rel}: {len(details)} <details class=question>, expected {len(questions(page))}"
            )


@pytest.mark.parametrize("rel", TOPICS)
def test_self_checks_test_understanding(rel):
    """At least two scenario questions ("Scenario:" / « Cas pratique : »), at
    the same positions in both languages; every answer links the section of
    the page that covers it, the same sections in both languages."""
    problems, found = [], {}
    for lang in LANGUAGES:
        page = Page(lang, rel)
        ids = {section[2] for section in page.sections}
        found[lang] = []
        for number, question, answer in questions(page):
            scenario = question.startswith(SCENARIO[lang])
            targets = SECTION_LINK.findall(answer)
            found[lang].append((number, scenario, sorted(set(targets))))
            if not targets:
                problems.append(f"{page.display}:{number}: the answer links no section of the page ([Title](#id))")
            problems += [f"{page.display}:{number}: #{t} is no section id of the page" for t in targets if t not in ids]
        count = sum(scenario for _, scenario, _ in found[lang])
        if count < MIN_SCENARIOS:
            first = found[lang][0][0] if found[lang] else 1
            problems.append(f"{page.display}:{first}: {count} scenario question(s) (title starting with "
                            f"'{SCENARIO[lang]}'), needs at least {MIN_SCENARIOS}")
    for (fr_line, fr_scenario, fr_targets), (en_line, en_scenario, en_targets) in zip(found["fr"], found["en"]):
        where = f"docs/fr/{rel}:{fr_line} / docs/en/{rel}:{en_line}"
        if fr_scenario != en_scenario:
            problems.append(f"{where}: a scenario question in {'French' if fr_scenario else 'English'} only")
        if fr_targets != en_targets:
            problems.append(f"{where}: the answers link different sections ({fr_targets} / {en_targets})")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


# -- Related topics and comparisons ------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_topic_ends_with_related_topics(lang):
    problems = []
    for rel in TOPICS:
        page = Page(lang, rel)
        lines = section(page, SECTIONS[lang]["related"])
        links = re.findall(r"\]\(([\w-]+\.md)[^)]*\)", "\n".join(line.text for line in lines))
        if len(links) < 2:
            problems.append(f"{page.display}: '{SECTIONS[lang]['related']}' needs at least 2 links to other pages")
        if page.headings[-1][1] != SECTIONS[lang]["related"]:
            problems.append(f"{page.display}: '{SECTIONS[lang]['related']}' must be the last section")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("rel,minimum", COMPARISONS.items())
def test_comparison_tables(site, rel, minimum):
    for lang in LANGUAGES:
        page = Page(lang, rel)
        tables = site.soup(page.built_rel).select("article table")
        assert len(tables) >= minimum, f"{page.built_rel}: needs {minimum} comparison table(s), has {len(tables)}"


# -- Glossary ----------------------------------------------------------------


GLOSSARY_TERM = re.compile(r"^(?P<term>\S.*?) — \*(?P<other>[^*]+)\*\{lang=(?P<lang>[a-z]+)\}$")


def glossary_entries(lang: str) -> list[tuple[int, list[str]]]:
    """(line, [term, term in the other language, definition]) per entry.

    An entry is a definition list item:
        Actual state — *état réel*{lang=fr}
        :   What really exists ... See [GitOps](gitops.md).
    Anything else that looks like a term line is an error, so that a
    malformed entry is named rather than skipped.
    """
    page = Page(lang, "glossary.md")
    other = "fr" if lang == "en" else "en"
    lines = page.prose_lines
    entries, problems = [], []
    for previous, line in zip(lines, lines[1:]):
        if not line.text.startswith(":   "):
            continue
        match = GLOSSARY_TERM.match(previous.text)
        if not match or match["lang"] != other:
            problems.append(f"{page.display}:{previous.number}: expected 'Term — *{other} term*{{lang={other}}}', "
                            f"found {previous.text!r}")
            continue
        entries.append((previous.number, [match["term"], match["other"], line.text[4:].strip()]))
    assert not problems, "\n".join(problems)
    return entries


def test_glossary_entries_exist_in_both_languages():
    def key(text):
        return text.casefold().strip()

    fr = {(key(c[0]), key(c[1])): n for n, c in glossary_entries("fr")}
    en = {(key(c[1]), key(c[0])): n for n, c in glossary_entries("en")}
    assert len(fr) >= 30, "the glossary should hold the site's terms"
    only_fr = [f"docs/fr/glossary.md:{n}: {k}" for k, n in fr.items() if k not in en]
    only_en = [f"docs/en/glossary.md:{n}: {k[::-1]}" for k, n in en.items() if k not in fr]
    assert not only_fr and not only_en, "glossary entries in one language only:\n" + "\n".join(only_fr + only_en)


def glossary_links(definition: str, lang: str) -> tuple[str, list[tuple[str, str]]]:
    """The definition's sentence and the (page, section id or "") links of
    its closing "See [Page](page.md#section)." pointer."""
    see = {"en": "See", "fr": "Voir"}[lang]
    sentence, _, pointer = definition.rpartition(f" {see} ")
    return sentence, [(page, anchor.lstrip("#")) for page, anchor in re.findall(r"\]\(([^)#]+)(#[^)]*)?\)", pointer)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_glossary_entries_link_to_an_existing_page(lang):
    see = {"en": "See", "fr": "Voir"}[lang]
    problems = []
    for number, (term, _, definition) in glossary_entries(lang):
        sentence, links = glossary_links(definition, lang)
        if not links:
            problems.append(f"docs/{lang}/glossary.md:{number + 1}: '{term}' must end with '{see} [Page](page.md).'")
        for target, anchor in links:
            if not (DOCS / lang / target).is_file():
                problems.append(f"docs/{lang}/glossary.md:{number + 1}: '{term}' links to missing {target}")
            elif anchor and anchor not in {s[2] for s in Page(lang, target).sections}:
                problems.append(f"docs/{lang}/glossary.md:{number + 1}: '{term}' links to #{anchor}, "
                                f"which is no section id of docs/{lang}/{target}")
        if len(sentence.split()) < 4:
            problems.append(f"docs/{lang}/glossary.md:{number + 1}: '{term}' needs a one-line definition")
    assert not problems, "\n".join(problems)


def test_glossary_pairs_point_to_the_same_section():
    """A term and its translation send both languages' readers to the same
    page and section (section ids are the same in both languages)."""
    def key(text):
        return text.casefold().strip()

    en = {(key(c[1]), key(c[0])): (n, glossary_links(c[2], "en")[1]) for n, c in glossary_entries("en")}
    problems = []
    for number, (term, other, definition) in glossary_entries("fr"):
        match = en.get((key(term), key(other)))
        fr_links = glossary_links(definition, "fr")[1]
        if match and sorted(match[1]) != sorted(fr_links):
            show = lambda links: ", ".join(p + (f"#{a}" if a else "") for p, a in links) or "nothing"
            problems.append(f"docs/fr/glossary.md:{number + 1}: '{term}' links to {show(fr_links)}, "
                            f"docs/en/glossary.md:{match[0] + 1}: '{other}' to {show(match[1])}")
    if problems:
        pytest.fail("the two languages send a term to different places:\n" + "\n".join(problems), pytrace=False)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_glossary_is_sorted(lang):
    """The intro promises alphabetical order."""

    def key(text):
        return unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()

    entries = glossary_entries(lang)
    problems = [
        f"docs/{lang}/glossary.md:{b[0]}: '{b[1][0]}' comes after '{a[1][0]}'"
        for a, b in zip(entries, entries[1:])
        if key(b[1][0]) < key(a[1][0])
    ]
    assert not problems, "\n".join(problems)


# -- Abbreviations -----------------------------------------------------------

WORD = re.compile(r"(?<![\w-])([A-Za-z][A-Za-z0-9]*)(?![\w-])")


def is_abbreviation(word: str) -> bool:
    """CNI, IaC, mTLS, gRPC, SLOs: two capitals or more, never two lower-case
    letters in a row (which GitOps, CoreDNS or DaemonSet have)."""
    return sum(c.isupper() for c in word) >= 2 and not re.search(r"[a-z]{2}", word)


def defined(lang: str) -> dict[str, int]:
    path = DOCS / "includes" / "abbreviations" / f"{lang}.md"
    out = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = re.match(r"^\*\[(.+?)\]:\s*\S", line)
        assert m or not line.strip(), f"{path.relative_to(DOCS.parent)}:{number}: not an abbreviation: {line!r}"
        if m:
            out[m.group(1)] = number
    return out


def used(page: Page) -> dict[str, int]:
    """Abbreviations in the text that the abbr extension marks up: prose
    outside code, link targets and raw HTML blocks (diagram figures)."""
    found, in_html = {}, False
    for line in page.prose_lines:
        text = line.text
        if text.startswith("<figure"):
            in_html = True
        if in_html:
            in_html = not text.startswith("</figure>")
            continue
        text = re.sub(r"`[^`]*`", "", text)
        text = re.sub(r"\]\([^)]*\)", "]", text)
        for word in WORD.findall(text):
            if is_abbreviation(word):
                found.setdefault(word, line.number)
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_abbreviation_is_defined_and_used(lang):
    definitions = defined(lang)
    usage = {}
    for page in pages(lang):
        for word, number in used(page).items():
            usage.setdefault(word, f"{page.display}:{number}")
    undefined = [f"{where}: {word}" for word, where in sorted(usage.items()) if word not in definitions]
    unused = [f"docs/includes/abbreviations/{lang}.md:{n}: {w}" for w, n in definitions.items() if w not in usage]
    assert not undefined, f"abbreviations without an expansion in docs/includes/abbreviations/{lang}.md:\n" + "\n".join(undefined)
    assert not unused, "expansions that no page uses:\n" + "\n".join(unused)


def test_both_languages_define_the_same_abbreviations():
    fr, en = set(defined("fr")), set(defined("en"))
    # English plurals (SLOs) have no French form: French writes "des SLO".
    en_singular = {w[:-1] if w.endswith("s") and w[:-1] in en else w for w in en}
    assert fr == en_singular, f"defined in one language only: fr {sorted(fr - en_singular)}, en {sorted(en_singular - fr)}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_abbreviations_show_their_expansion(site, lang):
    page = Page(lang, "sre.md")
    titles = {a.get_text(): a.get("title") for a in site.soup(page.built_rel).select("article abbr")}
    for word in ("SLO", "SRE"):
        assert titles.get(word), f"{page.built_rel}: <abbr>{word}</abbr> has no expansion"
    own_word = {"fr": "objectif", "en": "objective"}[lang]
    assert own_word in titles["SLO"].lower(), f"{page.built_rel}: the SLO tooltip {titles['SLO']!r} is not in {lang}"


# -- Last updated ------------------------------------------------------------

MONTHS = {
    "fr": "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre",
    "en": "January|February|March|April|May|June|July|August|September|October|November|December",
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_shows_when_it_was_last_updated(site, lang):
    label = {"fr": r"Dernière mise à jour : (?:1er|\d{1,2}) (%s) \d{4}", "en": r"Last update: (%s) \d{1,2}, \d{4}"}[lang]
    pattern = re.compile(label % MONTHS[lang])
    problems = []
    for page in pages(lang):
        fact = site.soup(page.built_rel).select_one(".md-source-file")
        text = " ".join(fact.get_text(" ").split()) if fact else ""
        if not pattern.search(text):
            problems.append(f"{page.built_rel}: last-updated line is {text!r}")
    assert not problems, "\n".join(problems)
