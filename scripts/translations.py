#!/usr/bin/env python3
"""Translation freshness per section: record and check that twins say the same.

Each page (docs/fr/X.md and docs/en/X.md) is cut into sections: its front
matter (title and description, #_front-matter), its intro (the title
heading and the text before the first ``##``, #_intro) and each h2-h6
heading with the text under it down to the next heading, named by its
explicit id (``## Fonctionnement { #how-it-works }``, the same in both
languages). tests/translations.yml holds a fingerprint of each section in
each language, taken when both said the same. A section that has changed
since then in one language and not in the other needs translating.

The fingerprint ignores what does not change meaning: Markdown and HTML
markup, attribute lists, line wrapping and whitespace, French spacing,
’ and ', « » and quotes, dashes. Code blocks count, comments included:
their code is the same in both languages (tests/test_examples.py) and
their comments are translated, so a changed comment needs its twin too.
The words of an included diagram (docs/includes/, ``--8<--``) count in the
section that includes it; its drawing does not.
No git history is needed: the record is the reference.

Commands:

  check                    list what needs translating or recording (exit 1)
  record [PAGE[#ID] ...]   record sections as translated (default: every page);
                           a section changed in one language only is refused
  record --no-translation-needed PAGE#ID ...
                           accept a change that does not affect meaning (a typo
                           fix) without changing the other language
  record --baseline        take every section as it is now as the reference,
                           one-sided changes included (after a batch of pages
                           written in both languages together)

A writer who publishes a page whose twin is knowingly behind puts
``translation_behind: 2026-12-01`` (the date of the update) in the front
matter of the up-to-date page; the twin then shows a notice that links to it
(overrides/hooks/translation_notice.py), and the check accepts that page's
one-sided changes. Once the twin is updated: remove the mark, then record.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import hashlib
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
RECORD = ROOT / "tests" / "translations.yml"
LANGUAGES = ("fr", "en")
NAMES = {"fr": "French", "en": "English"}
MARK = "translation_behind"
FRONT, INTRO = "_front-matter", "_intro"
COMMAND = "make translations"
SCRIPT = "python scripts/translations.py"

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
SNIPPET = re.compile(r'^\s*--8<--\s*"([^"]+)"\s*$')
ATTR_ID = re.compile(r"\s*\{\s*#([\w-]+)\s*\}\s*$")
HEADER = """\
# Translation record: a fingerprint of each section's text, per language,
# taken when both languages said the same. Written by scripts/translations.py
# (make translations), checked by tests/test_translations.py; not edited by hand.
"""


@dataclass
class Section:
    id: str
    title: str  # heading text, or a name for the pseudo-sections
    line: int
    fingerprint: str


# -- Reading pages -----------------------------------------------------------


def normalise(text: str) -> str:
    """Prose as a reader understands it: no markup, typography or wrapping."""
    text = unicodedata.normalize("NFKC", text)  # no-break spaces, …, ligatures
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"\{:?\s*[#.]?[\w-]+(=[^}]*)?(\s+[#.]?[\w-]+(=[^}]*)?)*\s*\}", " ", text)  # { #id } {lang=en}
    text = re.sub(r"!?\[([^\]]*)\]\(\s*<?([^)\s>]*)>?[^)]*\)", r"\1 (\2)", text)  # links keep their target
    text = re.sub(r'--8<--\s*"([^"]*)"', r" include(\1) ", text)  # snippets: diagrams
    text = re.sub(r"<[^>\s][^>]*>", " ", text)  # HTML tags
    text = re.sub(r"^\s*(#+|[-*+]|\d+[.)]|>|:|(!!!|\?\?\?\+?)\s+\w+)\s", " ", text, flags=re.M)
    text = re.sub(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$", " ", text, flags=re.M)  # table rule
    text = re.sub(r"[*`|]+", " ", text)
    text = re.sub(r"(?<!\w)_+|_+(?!\w)", " ", text)  # _emphasis_, not snake_case
    text = re.sub(r"[’‘ʼ`´]", "'", text)
    text = re.sub(r"«\s*|\s*»|[“”„]", '"', text)
    text = re.sub(r"[‐‑‒–—−]", "-", text)
    text = re.sub(r"\s+([:;!?%,.)\"])", r"\1", text)
    return " ".join(text.split())


def fingerprint(parts: list[tuple[str, str]]) -> str:
    """12 hex digits of the section's normalised prose and code."""
    canonical = "\n".join(
        f"{kind}:{normalise(text) if kind == 'prose' else ' '.join(text.split())}"
        for kind, text in parts
        if text.strip()
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def read_page(docs: Path, lang: str, page: str) -> tuple[dict, list[Section], list[str]]:
    """(front matter, sections, problems) of docs/<lang>/<page>."""
    lines = (docs / lang / page).read_text(encoding="utf-8").split("\n")
    meta, start = {}, 0
    if lines and lines[0] == "---":
        start = lines.index("---", 1) + 1
        meta = yaml.safe_load("\n".join(lines[1 : start - 1])) or {}
    title_line = next((i + 1 for i in range(start) if lines[i].startswith("title:")), 1)
    front = [("prose", str(meta.get("title", ""))), ("prose", str(meta.get("description", "")))]
    sections = [Section(FRONT, "front matter", title_line, fingerprint(front))]
    problems: list[str] = []
    current = [INTRO, "intro", start + 1, []]
    found = []
    fenced = False
    for i in range(start, len(lines)):
        text = lines[i]
        if FENCE.match(text):
            fenced = not fenced
            current[3].append(("fence", text.strip()))
            continue
        if fenced:
            current[3].append(("code", text))
            continue
        m = HEADING.match(text)
        if m and len(m.group(1)) == 1 and current[0] == INTRO:
            current[1], current[2] = ATTR_ID.sub("", m.group(2)), i + 1
            current[3].append(("prose", text))
        elif m:
            found.append(current)
            attr = ATTR_ID.search(m.group(2))
            if not attr:
                problems.append(f"docs/{lang}/{page}:{i + 1}: heading "
                                f"'{m.group(2)}' has no {{ #id }}: run python scripts/section_ids.py")
            current = [attr.group(1) if attr else f"line-{i + 1}", ATTR_ID.sub("", m.group(2)), i + 1,
                       [("prose", text)]]
        else:
            current[3].append(("prose", text))
            include = SNIPPET.match(text)
            if include and (docs / "includes" / include.group(1)).is_file():
                # A diagram's words (labels, title, desc) belong to its section.
                svg = (docs / "includes" / include.group(1)).read_text(encoding="utf-8")
                svg = re.sub(r"<(style|script)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", " ", svg, flags=re.S)
                current[3].append(("included", normalise(svg)))
    found.append(current)
    for sid, title, line, parts in found:
        # One prose part per paragraph run, so that wrapping does not count.
        merged: list[tuple[str, str]] = []
        for kind, text in parts:
            if merged and merged[-1][0] == kind and kind != "fence":
                merged[-1] = (kind, merged[-1][1] + "\n" + text)
            else:
                merged.append((kind, text))
        sections.append(Section(sid, title, line, fingerprint(merged)))
    return meta, sections, problems


def page_names(docs: Path) -> list[str]:
    names = set()
    for lang in LANGUAGES:
        names |= {p.relative_to(docs / lang).as_posix() for p in (docs / lang).rglob("*.md")}
    return sorted(names)


# -- The record --------------------------------------------------------------


def load_record(path: Path) -> dict[tuple[str, str, str], str]:
    """{(page, section id, lang): fingerprint} from tests/translations.yml."""
    if not path.exists():
        return {}
    return dict(_parse_record(path.read_text(encoding="utf-8")))


# The record grows with the site (about 3,000 lines at 100 topics per
# language) and the tests check it one page at a time: PyYAML's pure-Python
# parser took 1.2 s per page there. Parsed once per content, with libyaml
# when PyYAML has it.
@functools.lru_cache(maxsize=4)
def _parse_record(text: str) -> tuple[tuple[tuple[str, str, str], str], ...]:
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    out = []
    for key, value in data.items():
        where, lang = key.rsplit(" ", 1)
        page, sid = where.split("#", 1)
        out.append(((page, sid, lang), str(value)))
    return tuple(out)


def dump_record(record: dict[tuple[str, str, str], str], titles: dict[tuple[str, str, str], str]) -> str:
    """One sorted line per section and language, the heading as a comment."""
    lines = [HEADER]
    for key in sorted(record):
        page, sid, lang = key
        title = " ".join(titles.get(key, "").split())
        lines.append(f'{page}#{sid} {lang}: "{record[key]}"' + (f"  # {title}" if title else ""))
    return "\n".join(lines) + "\n"


# -- Comparing ---------------------------------------------------------------


def quote(text: str, lang: str) -> str:
    return f"« {text} »" if lang == "fr" else f'"{text}"'


def where(lang: str, page: str, s: Section) -> str:
    name = {FRONT: "front matter", INTRO: "intro "}.get(s.id, "")
    heading = "" if s.id == FRONT else quote(s.title, lang)
    return f"docs/{lang}/{page}:{s.line} {name}{heading}".rstrip()


def mark_line(docs: Path, lang: str, page: str) -> int:
    lines = (docs / lang / page).read_text(encoding="utf-8").split("\n")
    return next((i + 1 for i, line in enumerate(lines) if line.startswith(f"{MARK}:")), 1)


def as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


@dataclass
class Report:
    failures: list[str]
    behind: list[str]  # accepted: marked as knowingly behind
    state: dict  # page -> {lang: (meta, sections)}, for record()


def compare(docs: Path = DOCS, record_path: Path = RECORD, only: set[str] | None = None) -> Report:
    record = load_record(record_path)
    failures, behind, state = [], [], {}
    pages = page_names(docs)
    for page in pages:
        if only is not None and page not in only:
            continue
        if not all((docs / lang / page).exists() for lang in LANGUAGES):
            continue  # tests/test_i18n.py names the missing twin
        read = {lang: read_page(docs, lang, page) for lang in LANGUAGES}
        state[page] = read
        for lang in LANGUAGES:
            failures += read[lang][2]
        marks = {lang: read[lang][0].get(MARK) for lang in LANGUAGES if read[lang][0].get(MARK) is not None}
        for lang, value in marks.items():
            if as_date(value) is None:
                failures.append(f"docs/{lang}/{page}:{mark_line(docs, lang, page)}: {MARK}: {value!r} is not a date (write {MARK}: 2026-12-01)")
        if len(marks) == 2:
            failures.append(f"docs/fr/{page} and docs/en/{page} both say {MARK}: only the up-to-date page says it")
        by_id = {lang: {s.id: s for s in read[lang][1]} for lang in LANGUAGES}
        lagging = {lang: 0 for lang in LANGUAGES}  # one-sided changes each language leads
        for lang in LANGUAGES:
            other = "en" if lang == "fr" else "fr"
            for s in read[lang][1]:
                if s.id not in by_id[other]:
                    failures.append(f"{where(lang, page, s)} (#{s.id}) has no twin section in docs/{other}/{page}: "
                                    f"write it (same {{ #id }}), then run: {COMMAND}")
        for s in read["fr"][1]:
            e = by_id["en"].get(s.id)
            if e is None:
                continue
            cur = {"fr": s, "en": e}
            old = {lang: record.get((page, s.id, lang)) for lang in LANGUAGES}
            if None in old.values():
                failures.append(f"{where('fr', page, s)} (#{s.id}) is not in tests/translations.yml yet: once "
                                f"{where('en', page, e)} says the same, run: {COMMAND}")
                continue
            changed = [lang for lang in LANGUAGES if cur[lang].fingerprint != old[lang]]
            if len(changed) == 2:
                failures.append(f"{where('fr', page, s)} and {where('en', page, e)} (#{s.id}) both changed since "
                                f"tests/translations.yml: check that they say the same, then run: {COMMAND}")
            elif len(changed) == 1:
                lead = changed[0]
                other = "en" if lead == "fr" else "fr"
                lagging[lead] += 1
                text = (f"{where(lead, page, cur[lead])} (#{s.id}) changed, "
                        f"{where(other, page, cur[other])} did not")
                if lead in marks:
                    behind.append(f"{text}: knowingly behind ({MARK}: {marks[lead]} in docs/{lead}/{page})")
                else:
                    failures.append(
                        f"{text}: update the {NAMES[other]}, then run: {COMMAND}\n"
                        f"  (a change that does not affect meaning: {SCRIPT} record --no-translation-needed "
                        f"{page}#{s.id})")
        for lang, value in marks.items():
            other = "en" if lang == "fr" else "fr"
            if not lagging[lang] and as_date(value) is not None:
                failures.append(f"docs/{lang}/{page}:{mark_line(docs, lang, page)}: {MARK}: {value}, but docs/{other}/{page} is up to date per "
                                f"tests/translations.yml: remove the mark (then run: {COMMAND})")
    for page, sid, lang in sorted(load_record(record_path)):
        if (only is None or page in only) and page in state and sid not in {s.id for s in state[page][lang][1]}:
            failures.append(f"tests/translations.yml: {page}#{sid} ({lang}) is no section of docs/{lang}/{page} "
                            f"any more: run: {COMMAND}")
    if only is None:
        for page in sorted({p for p, _, _ in record} - set(pages)):
            failures.append(f"tests/translations.yml: {page} is no page any more: run: {COMMAND}")
    return Report(failures, behind, state)


def record(targets: list[str], no_translation_needed: bool, docs: Path = DOCS,
           record_path: Path = RECORD) -> list[str]:
    """Write the current fingerprints of the targets; return what was refused."""
    wanted: dict[str, set[str] | None] = {}
    for target in targets:
        target = re.sub(r"^(\./)?docs/(fr|en)/", "", target)
        page, _, sid = target.partition("#")
        if sid:
            if wanted.get(page, set()) is not None:
                wanted.setdefault(page, set()).add(sid)
        else:
            wanted[page] = None
    old = load_record(record_path)
    report = compare(docs, record_path)
    unknown = [p for p in wanted if p not in report.state]
    if unknown:
        return [f"no page {p} in both docs/fr/ and docs/en/" for p in unknown]
    new = {k: v for k, v in old.items() if k[0] in report.state}  # deleted pages leave
    titles, refused = {}, []
    for page, read in report.state.items():
        by_id = {lang: {s.id: s for s in read[lang][1]} for lang in LANGUAGES}
        for sid in set(by_id["fr"]) | set(by_id["en"]):
            for lang in LANGUAGES:
                if sid in by_id[lang]:
                    titles[(page, sid, lang)] = by_id[lang][sid].title
        if targets and page not in wanted:
            continue
        if read["fr"][2] or read["en"][2]:
            refused += read["fr"][2] + read["en"][2]
            continue
        ids = wanted.get(page) if targets else None
        for sid in ids or []:
            if sid not in by_id["fr"] or sid not in by_id["en"]:
                refused.append(f"{page}#{sid}: no such section in both languages")
        for key in [k for k in new if k[0] == page and k[1] not in by_id[k[2]]]:
            del new[key]  # sections that are gone
        for sid in by_id["fr"]:
            if (ids is not None and sid not in ids) or sid not in by_id["en"]:
                continue
            cur = {lang: by_id[lang][sid].fingerprint for lang in LANGUAGES}
            prev = {lang: old.get((page, sid, lang)) for lang in LANGUAGES}
            changed = [lang for lang in LANGUAGES if prev[lang] is not None and cur[lang] != prev[lang]]
            if len(changed) == 1 and not no_translation_needed:
                lead = changed[0]
                other = "en" if lead == "fr" else "fr"
                refused.append(
                    f"{page}#{sid} changed in docs/{lead}/{page} only: update docs/{other}/{page} first; if the "
                    f"change does not affect meaning: {SCRIPT} record --no-translation-needed {page}#{sid}")
                continue
            for lang in LANGUAGES:
                new[(page, sid, lang)] = cur[lang]
    # Write then rename: a reader (a test, git add) never sees a half-written file.
    temporary = record_path.with_name(record_path.name + ".tmp")
    temporary.write_text(dump_record(new, titles), encoding="utf-8")
    os.replace(temporary, record_path)
    return refused


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="list sections that need translating or recording; exit 1 if any")
    rec = sub.add_parser("record", help="record sections as translated in both languages")
    rec.add_argument("targets", nargs="*", metavar="PAGE[#ID]",
                     help="gitops.md (every section) or gitops.md#how-it-works; default: every page")
    rec.add_argument("--no-translation-needed", action="store_true",
                     help="accept a change made in one language only (it does not affect meaning)")
    rec.add_argument("--baseline", action="store_true",
                     help="every page as it is now, one-sided changes included")
    args = parser.parse_args()
    if args.command == "check":
        report = compare()
        for line in report.behind:
            print(line)
        for line in report.failures:
            print(line, file=sys.stderr)
        return 1 if report.failures else 0
    if args.no_translation_needed and not args.targets:
        parser.error("--no-translation-needed needs the sections it applies to (PAGE#ID ...); see --baseline")
    if args.baseline and args.targets:
        parser.error("--baseline records every page: give no PAGE#ID")
    old = load_record(RECORD)
    refused = record(args.targets, args.no_translation_needed or args.baseline)
    new = load_record(RECORD)
    touched = sorted({f"{p}#{i}" for p, i, lang in set(old) | set(new) if old.get((p, i, lang)) != new.get((p, i, lang))})
    for line in refused:
        print(line, file=sys.stderr)
    shown = ", ".join(touched[:8]) + (f" and {len(touched) - 8} more" if len(touched) > 8 else "")
    print(f"{RECORD.relative_to(ROOT)}: {len(touched)} sections recorded or dropped" + (f" ({shown})" if touched else "")
          + (f"; {len(refused)} refused" if refused else ""))
    return 1 if refused else 0


if __name__ == "__main__":
    sys.exit(main())
