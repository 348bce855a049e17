"""Settled vocabulary: no discouraged form in what readers see.

tests/terminology.yml lists, per language, the discouraged forms (regular
expressions, whole words, any case) and the preferred term. This test scans

- the pages, docs/<lang>/*.md (front matter included; fenced code, inline
  code, link targets, URLs, HTML tags and text marked as another language
  left out);
- the diagrams, docs/includes/diagrams/<lang>/*.svg (their text only);
- the abbreviations, docs/includes/abbreviations/<lang>.md;
- the French interface strings: mkdocs.yml's French values and the text of
  the templates in overrides/ (Jinja comments and tags left out);

and fails with "file:line: 'found' → prefer 'term'".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

from sitelib import DOCS, LANGUAGES, ROOT, mkdocs_config

TERMS = ROOT / "tests" / "terminology.yml"
FENCE = re.compile(r"^\s*(```|~~~)")
OTHER = {"fr": "en", "en": "fr"}
KINDS = {"heading", "table", "definition"}


@dataclass
class Rule:
    avoid: re.Pattern
    prefer: str
    where: frozenset[str]


@lru_cache(maxsize=1)
def rules() -> dict[str, list[Rule]]:
    data = yaml.safe_load(TERMS.read_text(encoding="utf-8"))
    out = {}
    for lang in LANGUAGES:
        out[lang] = []
        for entry in data[lang]:
            where = frozenset(entry.get("where", ()))
            assert where <= KINDS, f"{TERMS.name}: unknown 'where' {sorted(where - KINDS)} for {entry['avoid']!r}"
            pattern = re.compile(rf"(?<!\w)(?:{entry['avoid']})(?!\w)", re.IGNORECASE)
            out[lang].append(Rule(pattern, entry["prefer"], where))
    return out


def kind(line: str) -> str:
    stripped = line.lstrip()
    if stripped.startswith("#"):
        return "heading"
    if stripped.startswith("|"):
        return "table"
    if stripped.startswith(":"):
        return "definition"
    return "text"


def prose(line: str, lang: str) -> str:
    """The words of a Markdown line, without code, links' targets, tags or
    phrases marked as the other language."""
    other = OTHER[lang]
    line = re.sub(r"(`+).+?\1", " ", line)  # inline code
    line = re.sub(rf"\*[^*]+\*\{{lang={other}\}}", " ", line)  # *phrase*{lang=en}
    line = re.sub(rf"<(\w+)[^>]*\blang=\"{other}\"[^>]*>.*?</\1>", " ", line)
    line = re.sub(r"\]\([^)]*\)", "]", line)  # link targets
    line = re.sub(r"https?://\S+", " ", line)
    line = re.sub(r"<[^>]+>|\{[:.#][^}]*\}|\{lang=\w+\}|^--8<--.*", " ", line)
    return line.replace("’", "'").replace("\u00a0", " ").replace("\u202f", " ")


def markdown_lines(path: Path, lang: str):
    fenced = False
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, kind(line), prose(line, lang)


def svg_lines(path: Path, lang: str):
    in_style = False
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        if "<style" in line:
            in_style = True
        if in_style:
            in_style = "</style>" not in line
            continue
        yield number, "text", prose(re.sub(r"<[^>]*>", " ", line), lang)


def template_lines(path: Path):
    """Text of a Jinja template: no comments, tags or expressions; text
    marked lang="en" (the 404 page's English half) left out."""
    source = path.read_text(encoding="utf-8")
    blank = lambda m: re.sub(r"[^\n]", " ", m.group(0))  # keep line numbers
    source = re.sub(r"\{#.*?#\}", blank, source, flags=re.S)
    source = re.sub(r"<(\w+)[^>]*\blang=\"en\"[^>]*>.*?</\1>", blank, source, flags=re.S)
    source = re.sub(r"\{%.*?%\}|\{\{.*?\}\}|<[^>]*>", blank, source, flags=re.S)
    for number, line in enumerate(source.split("\n"), 1):
        yield number, "text", line.replace("’", "'")


def french_config_lines():
    """mkdocs.yml's French strings (site name and description, palette
    labels, navigation titles), with the line where each starts."""
    config = mkdocs_config()
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\n")
    strings = [config.get("site_name", ""), config.get("site_description", "")]
    strings += [p.get("toggle", {}).get("name", "") for p in config["theme"].get("palette", [])]

    def nav_titles(items):
        for item in items:
            if isinstance(item, dict):
                for title, value in item.items():
                    yield title
                    if isinstance(value, list):
                        yield from nav_titles(value)

    strings += list(nav_titles(config["nav"]))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"]["languages"]:
                if language["locale"] == "fr":
                    strings += [language.get("site_name", ""), language.get("site_description", "")]
    for string in filter(None, strings):
        # The line that holds the string, or its first words when YAML folds it.
        start = " ".join(string.split()[:4])
        number = next((n for n, line in enumerate(text, 1) if start in line and not line.lstrip().startswith("#")), 0)
        yield number, "text", string.replace("’", "'")


def sources(lang: str):
    """(display name, lines) of every file checked for the language."""
    for path in sorted((DOCS / lang).rglob("*.md")):
        yield path, markdown_lines(path, lang)
    for path in sorted((DOCS / "includes" / "diagrams" / lang).glob("*.svg")):
        yield path, svg_lines(path, lang)
    abbreviations = DOCS / "includes" / "abbreviations" / f"{lang}.md"
    if abbreviations.is_file():
        yield abbreviations, markdown_lines(abbreviations, lang)
    if lang == "fr":
        yield ROOT / "mkdocs.yml", french_config_lines()
        for path in sorted((ROOT / "overrides").rglob("*.html")):
            yield path, template_lines(path)


def hits(lang: str) -> list[str]:
    found = []
    for path, lines in sources(lang):
        shown = path.relative_to(ROOT).as_posix()
        for number, line_kind, text in lines:
            for rule in rules()[lang]:
                if rule.where and line_kind not in rule.where:
                    continue
                for match in rule.avoid.finditer(text):
                    found.append(f"{shown}:{number}: {match.group(0)!r} → prefer {rule.prefer!r}")
    return found


def test_terminology_file_is_well_formed():
    for lang in LANGUAGES:
        assert rules()[lang], f"{TERMS.name} has no entries for {lang}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_discouraged_term(lang):
    found = hits(lang)
    if found:
        pytest.fail(
            f"Discouraged terms ({len(found)}; the settled vocabulary is tests/terminology.yml):\n"
            + "\n".join(found),
            pytrace=False,
        )


@pytest.mark.parametrize(
    "lang, line, expected",
    [
        ("fr", "Le runtime de conteneurs démarre.", "runtime de conteneurs"),
        ("fr", "Une porte d’approbation bloque.", "porte d'approbation"),
        ("fr", "## Comment ça marche", "Comment ça marche"),
        ("fr", "Les identifiants (ex. un jeton)", "ex."),
        ("en", "Then simply run the tests.", "simply run"),
    ],
)
def test_rules_catch_the_discouraged_forms(lang, line, expected):
    found = [m.group(0) for r in rules()[lang] for m in r.avoid.finditer(prose(line, lang))]
    assert expected in found, f"{TERMS.name}: {line!r} should be flagged ({expected!r}), found {found}"


@pytest.mark.parametrize(
    "lang, line",
    [
        ("fr", "On exécute `docker build` puis p. ex. le test, en fonction de la charge."),
        ("fr", "Un opérateur Kubernetes, des opérateurs Kubernetes, une fonction métier."),
        ("fr", "Le *build*{lang=en} (compilation) et [lien](https://example.com/master/build)."),
        ("fr", "Tout ce qui peut mal tourner finira par mal tourner."),
        ("en", "It reveals the contents just as `get` does; see [the spec](https://github.com/x/blob/master/spec.md)."),
    ],
)
def test_rules_spare_correct_uses(lang, line):
    found = [
        m.group(0) for r in rules()[lang] if not r.where for m in r.avoid.finditer(prose(line, lang))
    ]
    assert not found, f"{TERMS.name}: {line!r} is correct but was flagged: {found}"
