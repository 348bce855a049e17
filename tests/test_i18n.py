"""Both languages have the same pages, in their own language, with the same shape."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

import pytest

from sitelib import DOCS, LANGUAGES, Page, pages

PAIRS = [(page, page.twin()) for page in pages("fr") if page.twin().path.exists()]
PAIR_IDS = [p.rel for p, _ in PAIRS]

# Frequent short words that exist in one language only.
STOPWORDS = {
    "fr": {"le", "la", "les", "des", "du", "un", "une", "et", "est", "qui", "que", "dans", "pour", "avec", "sur", "pas", "au", "aux", "ce", "cette", "sont", "ou", "vous"},
    "en": {"the", "of", "and", "is", "to", "in", "that", "it", "for", "with", "on", "are", "this", "be", "by", "you", "what", "which", "from", "an"},
}


def words(text: str) -> list[str]:
    return re.findall(r"[a-zàâçéèêëîïôûùüÿœ]+", text.lower())


def language_score(text: str) -> dict[str, int]:
    found = words(text)
    return {lang: sum(w in STOPWORDS[lang] for w in found) for lang in LANGUAGES}


def prose(page: Page) -> str:
    """The page's words without code, URLs and link targets."""
    text = "\n".join(line.text for line in page.prose_lines)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"https?://\S+", "", text)
    return re.sub(r"`[^`]*`", "", text)


def test_same_file_tree():
    trees = {
        lang: {p.relative_to(DOCS / lang).as_posix() for p in (DOCS / lang).rglob("*") if p.is_file()}
        for lang in LANGUAGES
    }
    missing = [
        f"docs/{other}/{rel} is missing (docs/{lang}/{rel} exists)"
        for lang in LANGUAGES
        for other in LANGUAGES
        if other != lang
        for rel in sorted(trees[lang] - trees[other])
    ]
    assert not missing, "every file needs its translation:\n" + "\n".join(missing)


@pytest.mark.parametrize("page", pages("fr") + pages("en"), ids=lambda p: p.display)
def test_front_matter_has_title_and_description(page):
    meta = page.front_matter
    assert meta.get("title"), f"{page.display}:1: front matter has no 'title'"
    description = meta.get("description") or ""
    assert 50 <= len(description) <= 160, (
        f"{page.display}:1: front matter 'description' must be 50 to 160 characters "
        f"(search engines cut longer ones), it has {len(description)}"
    )
    h1 = [h for h in page.headings if h[0] == 1]
    assert len(h1) == 1, f"{page.display}: needs exactly one '# ' heading, has {len(h1)}"


@pytest.mark.parametrize("page", pages("fr") + pages("en"), ids=lambda p: p.display)
def test_page_is_written_in_its_language(page):
    score = language_score(prose(page) + " " + " ".join(map(str, page.front_matter.values())))
    other = "en" if page.lang == "fr" else "fr"
    assert score[page.lang] > 3 * score[other], (
        f"{page.display}: reads like {other}, not {page.lang} "
        f"(common {page.lang} words: {score[page.lang]}, {other} words: {score[other]})"
    )


@pytest.mark.parametrize("fr,en", PAIRS, ids=PAIR_IDS)
def test_english_is_not_a_copy_of_french(fr, en):
    ratio = SequenceMatcher(None, words(prose(fr)), words(prose(en)), autojunk=False).ratio()
    assert ratio < 0.5, (
        f"{en.display} is {ratio:.0%} identical to {fr.display}: it looks copied, not translated"
    )


@pytest.mark.parametrize("fr,en", PAIRS, ids=PAIR_IDS)
def test_same_heading_skeleton(fr, en):
    a = [level for level, _, _ in fr.headings]
    b = [level for level, _, _ in en.headings]
    if a == b:
        return
    for i in range(max(len(a), len(b))):
        left = fr.headings[i] if i < len(fr.headings) else None
        right = en.headings[i] if i < len(en.headings) else None
        if left is None or right is None or left[0] != right[0]:
            def show(page, h):
                return f"{page.display}:{h[2]}: {'#' * h[0]} {h[1]}" if h else f"{page.display}: (no heading)"
            pytest.fail(
                f"heading #{i + 1} differs between the languages:\n  {show(fr, left)}\n  {show(en, right)}",
                pytrace=False,
            )


@pytest.mark.parametrize("fr,en", PAIRS, ids=PAIR_IDS)
def test_sections_have_the_same_explicit_id(fr, en):
    """Every section below the title carries an explicit id, the same in both
    languages, so that links, search results and the language switch land on
    the same section (scripts/section_ids.py writes the missing ones)."""
    problems, seen = [], set()
    for (level, text, fid, fline), (_, etext, eid, eline) in zip(fr.sections, en.sections):
        if level == 1:
            continue
        if fid is None or eid is None:
            for page, t, i, n in ((fr, text, fid, fline), (en, etext, eid, eline)):
                if i is None:
                    problems.append(f"{page.display}:{n}: heading '{t}' has no {{ #id }}")
        elif fid != eid:
            problems.append(f"{fr.display}:{fline}: #{fid} but {en.display}:{eline}: #{eid}")
        elif fid in seen:
            problems.append(f"{fr.display}:{fline} and {en.display}:{eline}: #{fid} is used twice")
        seen.add(fid)
    if problems:
        pytest.fail("\n".join(problems + ["(python scripts/section_ids.py adds the missing ids)"]), pytrace=False)


BLOCKS = {
    "images": re.compile(r"!\[|<img\b|--8<--\s+\"diagrams/"),
    "figures": re.compile(r"<figure\b"),
    "tables": re.compile(r"^\s*\|?\s*:?-{3,}:?\s*\|"),
    "admonitions": re.compile(r"^\s*(!!!|\?\?\?\+?)\s"),
}


def block_lines(page: Page) -> dict[str, list[int]]:
    found = {kind: [] for kind in BLOCKS}
    found["code blocks"] = []
    fenced = False
    for line in page.body_lines:
        if re.match(r"^\s*(```|~~~)", line.text):
            if not fenced:
                found["code blocks"].append(line.number)
            fenced = not fenced
            continue
        if fenced:
            continue
        for kind, pattern in BLOCKS.items():
            if pattern.search(line.text):
                found[kind].append(line.number)
    return found


@pytest.mark.parametrize("fr,en", PAIRS, ids=PAIR_IDS)
def test_same_blocks(fr, en):
    a, b = block_lines(fr), block_lines(en)
    diffs = [
        f"{kind}: {len(a[kind])} in {fr.display} (lines {a[kind]}), "
        f"{len(b[kind])} in {en.display} (lines {b[kind]})"
        for kind in a
        if len(a[kind]) != len(b[kind])
    ]
    assert not diffs, "the two languages differ in structure:\n" + "\n".join(diffs)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_built_pages_are_not_a_fallback(site, lang):
    """A page built from the other language's text is a silent fallback."""
    problems = []
    for page in pages(lang):
        soup = site.soup(page.built_rel)
        text = soup.select_one("article").get_text(" ")
        score = language_score(text)
        other = "en" if lang == "fr" else "fr"
        if score[lang] <= 3 * score[other]:
            problems.append(f"{page.built_rel} (from {page.display}) reads like {other}")
    assert not problems, "\n".join(problems)
