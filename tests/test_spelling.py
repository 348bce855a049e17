"""Spelling of the pages, both languages: hunspell, driven by pyspelling.

.pyspelling.yml has one task per language (named like the language) and
says what counts as prose: no front matter, code, URLs or include lines.
tests/wordlists/<lang>.txt is that language's project word list: product
names, API kinds and technical terms the dictionary does not know, one a
line, sorted by str.casefold. A real misspelling is fixed in the page, never
added to the list.

Hunspell and its dictionaries come from Debian (hunspell, hunspell-fr,
hunspell-en-us). Without them the spelling tests skip, except under CI=true
where that is a failure: CI must not go green by testing less.
"""

from __future__ import annotations

import importlib
import os
import re
import shutil
import subprocess
import sys
from functools import lru_cache

import pytest
import yaml

from sitelib import LANGUAGES, ROOT, pages

CONFIG = ".pyspelling.yml"
WORDLISTS = ROOT / "tests" / "wordlists"


@lru_cache(maxsize=1)
def _tasks() -> dict:
    config = yaml.safe_load((ROOT / CONFIG).read_text(encoding="utf-8"))
    return {task["name"]: task for task in config["matrix"]}


def _task(lang: str) -> dict:
    assert lang in _tasks(), f"{CONFIG} has no task named {lang!r}"
    return _tasks()[lang]


def _wordlist_path(lang: str):
    return WORDLISTS / f"{lang}.txt"


def _wordlist(lang: str) -> list[str]:
    return _wordlist_path(lang).read_text(encoding="utf-8").split("\n")


# -- Hunspell ----------------------------------------------------------------


def _no_hunspell(reason: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(
            f"CI=true but {reason}: .ci/run must install Debian's hunspell, "
            "hunspell-fr and hunspell-en-us",
            pytrace=False,
        )
    pytest.skip(reason)


@lru_cache(maxsize=1)
def _dictionaries() -> frozenset[str] | None:
    """Names of the dictionaries hunspell finds (fr_FR, en_US...), or None."""
    binary = shutil.which("hunspell")
    if binary is None:
        return None
    proc = subprocess.run(
        [binary, "-D"], stdin=subprocess.DEVNULL, capture_output=True, text=True
    )
    # "AVAILABLE DICTIONARIES ..." is followed by one path a line, then
    # "LOADED DICTIONARY" (or nothing when there is no default dictionary).
    listing = (proc.stdout + proc.stderr).split("AVAILABLE DICTIONARIES", 1)[-1]
    listing = listing.split("LOADED DICTIONARY", 1)[0]
    names = {line.strip().rsplit("/", 1)[-1] for line in listing.splitlines()[1:]}
    return frozenset(n for n in names if n)


def _require_dictionary(lang: str) -> None:
    wanted = _task(lang)["hunspell"]["d"]
    found = _dictionaries()
    if found is None:
        _no_hunspell("hunspell is not installed")
    if wanted not in found:
        _no_hunspell(f"hunspell has no {wanted} dictionary (found: {', '.join(sorted(found)) or 'none'})")


# -- pyspelling output -------------------------------------------------------

# pyspelling prints one block per checked text:
#   Misspelled words:
#   <url-free> docs/fr/cri.md: html
#   ------------------------------------------------------------------------
#   word
#   ------------------------------------------------------------------------
BLOCK = re.compile(
    r"^Misspelled words:\n<[^>\n]*> (?P<context>[^\n]*)\n-+\n(?P<words>.*?)\n?-+$",
    re.M | re.S,
)
ERROR = re.compile(r"^ERROR: (?P<context>.*?) -- (?P<error>.*)$", re.M)


def _misspelled(output: str) -> dict[str, set[str]]:
    """{file: misspelled words} from pyspelling's output."""
    found: dict[str, set[str]] = {}
    for match in BLOCK.finditer(output):
        # The context is "<file>: <where in the HTML>".
        path = match.group("context").split(": ", 1)[0]
        words = {w.strip() for w in match.group("words").splitlines() if w.strip()}
        found.setdefault(path, set()).update(words)
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_spelling(lang):
    _require_dictionary(lang)
    proc = subprocess.run(
        [sys.executable, "-m", "pyspelling", "-c", CONFIG, "-n", lang],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    errors = [f"{m['context']}: {m['error']}" for m in ERROR.finditer(proc.stdout)]
    found = _misspelled(proc.stdout)
    if errors or (proc.returncode != 0 and not found):
        pytest.fail(
            f"pyspelling could not check the {lang} pages (exit {proc.returncode}):\n"
            + "\n".join(errors)
            + "\n"
            + proc.stdout[-3000:]
            + proc.stderr[-3000:],
            pytrace=False,
        )
    if found:
        lines = [
            f"{path}: {', '.join(sorted(words, key=str.casefold))}"
            for path, words in sorted(found.items())
        ]
        pytest.fail(
            f"Misspelled words in the {lang} pages (fix the page; only a genuine "
            f"term goes in tests/wordlists/{lang}.txt):\n" + "\n".join(lines),
            pytrace=False,
        )


# -- Word lists --------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_wordlist_is_sorted_without_duplicates(lang):
    """One word a line, sorted by str.casefold, each word once.

    Words that differ only in case count as duplicates: for hunspell a
    lowercase entry already accepts the capitalized and all-caps forms.
    """
    name = f"tests/wordlists/{lang}.txt"
    lines = _wordlist(lang)
    words = lines[:-1] if lines[-1] == "" else lines
    problems = [] if lines[-1] == "" else ["the last line has no newline"]
    for number, word in enumerate(words, 1):
        if not word or word != word.strip() or len(word.split()) != 1:
            problems.append(f"line {number}: {word!r} is not one word")
    seen: dict[str, int] = {}
    for number, word in enumerate(words, 1):
        key = word.casefold()
        if key in seen:
            problems.append(
                f"line {number}: {word!r} duplicates {words[seen[key] - 1]!r} (line {seen[key]})"
            )
        else:
            seen[key] = number
    for number, (before, word) in enumerate(zip(words, words[1:]), 2):
        if word.casefold() < before.casefold():
            problems.append(f"line {number}: {word!r} should come before {before!r}")
    if problems:
        pytest.fail(f"{name} (sort key: str.casefold):\n" + "\n".join(problems), pytrace=False)


def _pipeline(lang: str) -> list:
    """The filters of the language's pyspelling task, built from .pyspelling.yml."""
    # The project's own filter is named as tests.spelling_filter, importable
    # from the repository root, as when pyspelling runs there.
    if str(ROOT) not in sys.path:
        sys.path.append(str(ROOT))
    steps = []
    for step in _task(lang)["pipeline"]:
        name, options = next(iter(step.items())) if isinstance(step, dict) else (step, None)
        plugin = importlib.import_module(name).get_plugin()
        steps.append(plugin(options or {}))
    return steps


def _checked_text(lang: str) -> str:
    """The text pyspelling hands to hunspell for every page of the language."""
    steps = _pipeline(lang)
    texts = []
    for page in pages(lang):
        sources = steps[0].filter(str(page.path), "utf-8")
        for step in steps[1:]:
            sources = [out for source in sources for out in step.sfilter(source)]
        texts.extend(source.text for source in sources)
    return "\n".join(texts)


def _forms(word: str) -> set[str]:
    """The forms of a word-list entry that hunspell accepts in a page."""
    forms = {word, word.upper()}
    if word == word.lower():
        forms.add(word[:1].upper() + word[1:])
    return forms


@pytest.mark.parametrize("lang", LANGUAGES)
def test_wordlist_has_no_stale_words(lang):
    """Every entry still appears in the prose that is spell checked."""
    text = _checked_text(lang)
    # A form made only of word characters is in the text exactly when it is
    # one of the text's runs of word characters: a set lookup, where a
    # search through the whole text per form took seconds at 100 topics.
    runs = set(re.findall(r"\w+", text))

    def used(form: str) -> bool:
        if re.fullmatch(r"\w+", form):
            return form in runs
        return re.search(rf"(?<!\w){re.escape(form)}(?!\w)", text) is not None

    stale = [word for word in _wordlist(lang) if word and not any(used(form) for form in _forms(word))]
    if stale:
        pytest.fail(
            f"tests/wordlists/{lang}.txt has words that no {lang} page uses any more "
            f"(remove them): {', '.join(stale)}",
            pytrace=False,
        )
