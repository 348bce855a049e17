#!/usr/bin/env python3
"""Scaffold a topic page in both languages, or remove a scaffold not kept.

  python scripts/new_topic.py SLUG [--step N] [--title-en T] [--title-fr T]
                              [--term "English term=terme français"] [--abbr ABC]
  python scripts/new_topic.py --remove SLUG [--force]

Creates, from the skeleton in scripts/templates/ (its single source):
docs/fr/SLUG.md and docs/en/SLUG.md (front matter, every skeleton section
with its explicit id, a self-check with scenario questions), their diagrams
docs/includes/diagrams/{fr,en}/SLUG.svg, the entry in mkdocs.yml's nav at the
end of step N, the same row in the home page's learning path in both
languages, optional glossary and abbreviation stubs, and the page's sections
in the translation record (tests/translations.yml; the two languages say the
same: nothing yet). Whatever is still to write is marked TODO(new-topic);
tests/test_placeholders.py lists each one by file and line until it is gone.

--remove undoes all of it: the files, the nav and home page entries, the
stubs and the record. It refuses when the page holds no TODO(new-topic) any
more (it was kept and written), unless --force.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
TEMPLATES = Path(__file__).resolve().parent / "templates"
MKDOCS = ROOT / "mkdocs.yml"
RECORD = ROOT / "tests" / "translations.yml"
LANGUAGES = ("fr", "en")
MARK = "TODO(new-topic)"
# In Markdown the marker is inline code: shown as code in a preview, and left
# alone by the abbreviation, spelling and typography checks.
CODE = f"`{MARK}`"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
STEP = {"fr": re.compile(r"^###\s+Étape\s+(\d+)\s*:"), "en": re.compile(r"^###\s+Step\s+(\d+)\s*:")}
NAV_STEP = re.compile(r'^  - "?(\d+)\. .*"?:\s*$')
NOT_TOPICS = {"index.md", "glossary.md"}
WHAT = {"fr": f"{CODE} ce que le lecteur y trouve, en une ligne",
        "en": f"{CODE} what the reader will find there, in one line"}
RELATED = {"fr": f"{CODE} ce qui relie les deux pages, en une ligne.",
           "en": f"{CODE} what links the two pages, in one line."}
TITLE = {"fr": f"{MARK} titre de la page", "en": f"{MARK} page title"}
DEFINITION = {"fr": f"{CODE} la définition du terme en une phrase.", "en": f"{CODE} the term's definition in one sentence."}
SEE = {"fr": "Voir", "en": "See"}
ABBR_USE = {"fr": "Abréviations de la page, développées au survol : {list}.",
            "en": "Abbreviations of the page, spelled out on hover: {list}."}


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def read(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def write(path: Path, lines: list[str], done: list[str], what: str) -> None:
    path.write_text("\n".join(lines), encoding="utf-8")
    done.append(f"{rel(path)}: {what}")


def title_of(lang: str, page: str) -> str:
    text = (DOCS / lang / page).read_text(encoding="utf-8")
    m = re.search(r"^title:\s*(.+)$", text, re.M)
    return m.group(1).strip().strip("\"'") if m else page[:-3]


def section_at(lines: list[str], index: int) -> str | None:
    """The explicit id of the section that holds line ``index``."""
    for line in reversed(lines[: index + 1]):
        m = re.match(r"^#{2,6} .*\{\s*#([\w-]+)\s*\}\s*$", line)
        if m:
            return m.group(1)
    return None


def record(targets: list[str]) -> list[str]:
    """Record sections as translated (scripts/translations.py); what was refused.

    A glossary stub sits in one letter group per language ("Sidecar" under
    S, « conteneur annexe » under C): each group changed in one language
    only, and the entry is in both, so glossary groups are recorded as a
    change that needs no translation."""
    tr = load_translations()
    refused = []
    for group, one_sided in (([t for t in targets if not t.startswith("glossary.md#")], False),
                             ([t for t in targets if t.startswith("glossary.md#")], True)):
        if group:
            result = tr.record(sorted(set(group)), one_sided)
            refused += result[0] if isinstance(result, tuple) else result  # (refused, changed) or refused
    return refused


def fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()


# -- mkdocs.yml nav ------------------------------------------------------------


def nav_steps(lines: list[str]) -> dict[int, tuple[int, int]]:
    """{step number: (heading line index, index of its last page line)}."""
    start = next(i for i, line in enumerate(lines) if line.rstrip() == "nav:")
    steps, current = {}, None
    for i in range(start + 1, len(lines)):
        m = NAV_STEP.match(lines[i])
        if m:
            current = int(m.group(1))
            steps[current] = (i, i)
        elif current is not None and re.match(r"^      - \S+\.md\s*$", lines[i]):
            steps[current] = (steps[current][0], i)
        elif lines[i].startswith("  - ") or (lines[i] and not lines[i].startswith(" ")):
            current = None
    return steps


def nav_order(lines: list[str]) -> list[str]:
    start = next(i for i, line in enumerate(lines) if line.rstrip() == "nav:")
    return re.findall(r"-\s+(?:[^:\n]+:\s+)?([\w-]+\.md)\s*$", "\n".join(lines[start:]), re.M)


# -- Scaffold -------------------------------------------------------------------


def in_prose(text: str) -> str:
    """The marker as inline code, where Markdown shows it."""
    return text.replace(MARK, CODE)


def yaml_scalar(text: str) -> str:
    """A front matter value, quoted when YAML needs it."""
    return json.dumps(text, ensure_ascii=False) if re.search(r"[:#'\"`{}\[\]]|^[-?&*!|>%@ ]", text) else text


def fill(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace("{{" + key + "}}", value)
    return template


def related_pages(order: list[str], slug: str) -> list[str]:
    """The two topics nearest the new page in the reading order."""
    topics = [p for p in order if p not in NOT_TOPICS]
    at = topics.index(f"{slug}.md")
    before, after = topics[:at][::-1], topics[at + 1:]
    near = [p for pair in zip(before + [None] * len(after), after + [None] * len(before)) for p in pair if p]
    return near[:2]


def add_glossary_entry(lang: str, term: str, other: str, slug: str, title: str, done: list[str]) -> str:
    """Insert 'term — *other*{lang=…}' with a placeholder definition at its
    alphabetical place (test_onboarding.py sorts the same way)."""
    path = DOCS / lang / "glossary.md"
    lines = read(path)
    other_lang = "en" if lang == "fr" else "fr"
    entry = [f"{term} — *{other}*{{lang={other_lang}}}", f":   {DEFINITION[lang]} {SEE[lang]} [{title}]({slug}.md).", ""]
    groups = []  # (first letter, last letter, heading index)
    for i, line in enumerate(lines):
        m = re.match(r"^## (\w)(?:[–-](\w))?\s*(\{.*\})?\s*$", line)
        if m:
            groups.append((fold(m.group(1)), fold(m.group(2) or m.group(1)), i))
    first = fold(term)[:1]
    group = next((g for g in groups if g[0] <= first <= g[1]), groups[-1] if groups else ("", "", 0))
    end = next((g[2] for g in groups if g[2] > group[2]), len(lines))
    terms = [i - 1 for i in range(group[2] + 2, end) if lines[i].startswith(":   ") and lines[i - 1].strip()]
    at = next((i for i in terms if fold(lines[i]) > fold(term)), None)
    if at is None:  # after the group's last entry and its blank line
        at = terms[-1] + 3 if terms else group[2] + 2
    lines[at:at] = entry
    write(path, lines, done, f"glossary stub '{term}'")
    return f"glossary.md#{section_at(lines, at)}"


def add_abbreviation(lang: str, abbr: str, slug: str, done: list[str]) -> None:
    path = DOCS / "includes" / "abbreviations" / f"{lang}.md"
    lines = read(path)
    new = f"*[{abbr}]: {MARK} {slug}: {'développement' if lang == 'fr' else 'expansion'}"
    keys = [(i, re.match(r"^\*\[(.+?)\]:", line)) for i, line in enumerate(lines)]
    at = next((i for i, m in keys if m and m.group(1).casefold() > abbr.casefold()), None)
    if at is None:
        at = max((i for i, m in keys if m), default=-1) + 1
    lines.insert(at, new)
    write(path, lines, done, f"abbreviation stub {abbr}")


def load_translations():
    spec = importlib.util.spec_from_file_location("translations", ROOT / "scripts" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["translations"] = module
    spec.loader.exec_module(module)
    return module


def scaffold(args) -> int:
    slug = args.slug
    page = f"{slug}.md"
    if any((DOCS / lang / page).exists() for lang in LANGUAGES):
        return fail(f"docs/fr/{page} or docs/en/{page} exists already: choose another slug, or --remove {slug}")
    nav = read(MKDOCS)
    steps = nav_steps(nav)
    step = args.step or max(steps)
    if step not in steps:
        return fail(f"mkdocs.yml: the nav has steps {sorted(steps)}, not {step}: choose one with --step")
    titles = {"fr": args.title_fr or TITLE["fr"], "en": args.title_en or TITLE["en"]}
    homes = {lang: read(DOCS / lang / "index.md") for lang in LANGUAGES}
    tables = {}
    for lang, lines in homes.items():
        heading = next((i for i, line in enumerate(lines) if (m := STEP[lang].match(line)) and int(m.group(1)) == step), None)
        if heading is None:
            return fail(f"docs/{lang}/index.md: no step {step} in the learning path")
        rows = [i for i in range(heading + 1, len(lines)) if lines[i].startswith("|")]
        end = heading + 1
        while end < len(lines) and (not lines[end].startswith("#")):
            end += 1
        rows = [i for i in rows if i < end]
        if not rows:
            return fail(f"docs/{lang}/index.md:{heading + 1}: step {step} has no table")
        tables[lang] = rows[-1]

    done: list[str] = []
    # 1. The nav, at the end of the step: the reading order everything follows.
    nav.insert(steps[step][1] + 1, f"      - {page}")
    write(MKDOCS, nav, done, f"nav, step {step}")
    order = nav_order(nav)
    # 2. The home page's learning path, same place, both languages.
    touched = [f"index.md#{section_at(homes['en'], tables['en'])}"]
    for lang, lines in homes.items():
        lines.insert(tables[lang] + 1, f"| [{in_prose(titles[lang])}]({page}) | {WHAT[lang]} | [[reading-time: {page}]] |")
        write(DOCS / lang / "index.md", lines, done, f"learning path, step {step}")
    # 3. The pages and their diagrams, from the skeleton.
    near = related_pages(order, slug)
    for lang in LANGUAGES:
        related = "\n".join(f"- [{title_of(lang, p)}]({p}) — {RELATED[lang]}" for p in near)
        text = fill((TEMPLATES / f"topic.{lang}.md").read_text(encoding="utf-8"),
                    {"slug": slug, "title": yaml_scalar(titles[lang]), "heading": in_prose(titles[lang]),
                     "related": related})
        if args.abbr:
            abbrs = ", ".join(args.abbr)
            text = text.replace("\n\n## ", f" {ABBR_USE[lang].format(list=abbrs)}\n\n## ", 1)
        (DOCS / lang / page).write_text(text, encoding="utf-8")
        done.append(f"docs/{lang}/{page}: new page")
        svg = DOCS / "includes" / "diagrams" / lang / f"{slug}.svg"
        svg.write_text(fill((TEMPLATES / f"diagram.{lang}.svg").read_text(encoding="utf-8"), {"slug": slug}),
                       encoding="utf-8")
        done.append(f"{rel(svg)}: new diagram")
    # 4. Glossary and abbreviation stubs.
    for pair in args.term or []:
        en, _, fr = pair.partition("=")
        touched.append(add_glossary_entry("en", en.strip(), fr.strip(), slug, in_prose(titles["en"]), done))
        touched.append(add_glossary_entry("fr", fr.strip(), en.strip(), slug, in_prose(titles["fr"]), done))
    for abbr in args.abbr or []:
        for lang in LANGUAGES:
            add_abbreviation(lang, abbr, slug, done)
    # 5. The translation record: both languages hold the same skeleton, and
    # the home page's step (and glossary groups) changed the same way in both.
    refused = record([page] + touched)
    if refused:
        print("\n".join(refused), file=sys.stderr)
    done.append(f"tests/translations.yml: {', '.join(sorted(set([page] + touched)))} recorded (both languages say the same)")
    print("\n".join(done))
    print(f"\nNext: fill every {MARK} (the placeholder test lists them: "
          f"pytest tests/test_placeholders.py), then `make serve` and look at the page.")
    return 0


# -- Remove ---------------------------------------------------------------------


def remove(args) -> int:
    slug = args.slug
    page = f"{slug}.md"
    pages = [DOCS / lang / page for lang in LANGUAGES]
    kept = [p for p in pages if p.exists() and MARK not in p.read_text(encoding="utf-8")]
    if kept and not args.force:
        return fail(f"{rel(kept[0])} has no {MARK} left: it looks kept and written; --force removes it anyway")
    done: list[str] = []
    for path in pages + [DOCS / "includes" / "diagrams" / lang / f"{slug}.svg" for lang in LANGUAGES]:
        if path.exists():
            path.unlink()
            done.append(f"{rel(path)}: deleted")
    nav = read(MKDOCS)
    kept_nav = [line for line in nav if line.rstrip() != f"      - {page}"]
    if kept_nav != nav:
        write(MKDOCS, kept_nav, done, "nav entry removed")
    touched = []
    for lang in LANGUAGES:
        path = DOCS / lang / "index.md"
        lines = read(path)
        touched += [f"index.md#{section_at(lines, i)}" for i, line in enumerate(lines)
                    if line.startswith("|") and f"]({page})" in line]
        kept_lines = [line for line in lines if not (line.startswith("|") and f"]({page})" in line)]
        if kept_lines != lines:
            write(path, kept_lines, done, "learning path row removed")
        path = DOCS / lang / "glossary.md"
        lines = read(path)
        out, i = [], 0
        while i < len(lines):
            if (i + 1 < len(lines) and lines[i + 1].startswith(":   ") and MARK in lines[i + 1]
                    and f"]({page})" in lines[i + 1]):
                touched.append(f"glossary.md#{section_at(lines, i)}")
                i += 3 if i + 2 < len(lines) and not lines[i + 2].strip() else 2
                continue
            out.append(lines[i])
            i += 1
        if out != lines:
            write(path, out, done, "glossary stubs removed")
        path = DOCS / "includes" / "abbreviations" / f"{lang}.md"
        lines = read(path)
        out = [line for line in lines if not (MARK in line and f"{MARK} {slug}:" in line)]
        if out != lines:
            write(path, out, done, "abbreviation stubs removed")
    lines = read(RECORD)
    out = [line for line in lines if not line.startswith(f"{page}#")]
    if out != lines:
        write(RECORD, out, done, f"{page} removed from the record")
    if touched:
        # Back to the text recorded before the scaffold, in both languages.
        refused = record(touched)
        if refused:
            print("\n".join(refused), file=sys.stderr)
        done.append(f"tests/translations.yml: {', '.join(sorted(set(touched)))} recorded again")
    print("\n".join(done) if done else f"nothing of {slug} to remove")
    return 0


def fail(message: str) -> int:
    print(message, file=sys.stderr)
    return 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("slug", help="file name without .md, English words in lower case: 'service-mesh'")
    parser.add_argument("--step", type=int, help="learning-path step to add the page to (default: the last)")
    parser.add_argument("--title-en", help="English title (default: a placeholder)")
    parser.add_argument("--title-fr", help="French title (default: a placeholder)")
    parser.add_argument("--term", action="append", metavar="EN=FR",
                        help="add a glossary stub in both languages: --term 'Sidecar=conteneur annexe'")
    parser.add_argument("--abbr", action="append", metavar="ABC", help="add an abbreviation stub in both languages")
    parser.add_argument("--remove", action="store_true", help="undo the scaffold of SLUG")
    parser.add_argument("--force", action="store_true", help="with --remove: also when the page is written")
    args = parser.parse_args()
    if not SLUG.match(args.slug):
        parser.error(f"{args.slug!r}: a slug is lower-case words joined by '-', such as 'service-mesh'")
    return remove(args) if args.remove else scaffold(args)


if __name__ == "__main__":
    sys.exit(main())
