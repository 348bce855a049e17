"""Translations stay fresh section by section, and a page knowingly behind says so.

tests/translations.yml holds a fingerprint of every section in both
languages, taken when they said the same (scripts/translations.py, make
translations). A section changed in one language only fails here, naming
both files, the heading and its line; a page marked ``translation_behind``
is accepted (xfail, listed by ``-ra``) and its twin shows a notice
(overrides/hooks/translation_notice.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from sitelib import DOCS, ROOT, Site, load_script, mkdocs_config, pages

SCRIPT = ROOT / "scripts" / "translations.py"
RECORD = ROOT / "tests" / "translations.yml"


tr = load_script("translations")
PAGES = tr.page_names(DOCS)


# -- The real pages ----------------------------------------------------------


def test_record_is_sorted_one_line_per_section_and_language():
    lines = [line for line in RECORD.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    entry = re.compile(r'^([\w./-]+\.md)#([\w-]+) (en|fr): "[0-9a-f]{12}"(  # .*)?$')
    bad = [f"tests/translations.yml:{i}: {line}" for i, line in enumerate(lines, 1) if not entry.match(line)]
    keys = [entry.match(line).groups()[:3] for line in lines if entry.match(line)]
    if keys != sorted(set(keys)):
        bad.append("tests/translations.yml: entries are not sorted or repeat one")
    sections = {(page, sid) for page, sid, _ in keys}
    bad += [f"tests/translations.yml: {page}#{sid} lacks one language" for page, sid in sorted(sections)
            if {(page, sid, "en"), (page, sid, "fr")} - set(keys)]
    if bad:
        pytest.fail("\n".join(bad + ["(the file is written by: make translations)"]), pytrace=False)


@pytest.mark.parametrize("page", PAGES)
def test_sections_are_translated(page):
    report = tr.compare(only={page})
    if report.failures:
        pytest.fail("\n".join(report.failures), pytrace=False)
    if report.behind:
        # Knowingly behind (translation_behind): accepted, and listed by -ra.
        pytest.xfail("; ".join(report.behind))


def test_record_names_no_deleted_page():
    gone = sorted({page for page, _, _ in tr.load_record(RECORD)} - set(PAGES))
    if gone:
        pytest.fail(f"tests/translations.yml names pages that no longer exist: {', '.join(gone)}: "
                    "run: make translations", pytrace=False)


def test_notice_hook_runs_before_french_typography():
    hooks = [Path(h).name for h in mkdocs_config()["hooks"]]
    if "translation_notice.py" not in hooks:
        pytest.fail("mkdocs.yml: hooks: lacks overrides/hooks/translation_notice.py", pytrace=False)
    if hooks.index("translation_notice.py") > hooks.index("french_typography.py"):
        pytest.fail("mkdocs.yml: hooks: translation_notice.py must come before french_typography.py "
                    "(which spaces the notice's French text)", pytrace=False)


def test_no_notice_unless_marked(site: Site):
    problems = []
    for page in pages("fr") + pages("en"):
        marked = page.twin().path.exists() and page.twin().front_matter.get(tr.MARK) is not None
        count = len(site.soup(page.built_rel).select("article .translation-notice"))
        if count != int(marked):
            why = f"{page.twin().display} says {tr.MARK}" if marked else f"{page.twin().display} is not marked"
            problems.append(f"{page.built_rel} (from {page.display}) shows {count} translation notices; {why}")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


# -- The tool, on a scratch copy of two pages --------------------------------


SAMPLE = {
    "fr": """---
title: GitOps
description: Le GitOps conserve l'état désiré d'un système dans Git ; un agent le réconcilie en permanence.
---

# GitOps

Le GitOps est une manière d'exploiter un système à partir de Git.

## Fonctionnement { #how-it-works }

### La boucle de réconciliation { #the-reconciliation-loop }

Un agent s'exécute dans le cluster et répète la même boucle tant qu'il fonctionne :

- Lire l'état désiré.
- Le comparer à l'état réel.

```yaml
syncPolicy:
  automated:
    # annule les changements manuels
    selfHeal: true
```

## Pour aller plus loin { #further-reading }

- [OpenGitOps](https://opengitops.dev/) (en anglais)
""",
    "en": """---
title: GitOps
description: GitOps keeps the desired state of a system in Git, and an agent reconciles the system with it.
---

# GitOps

GitOps is a way of operating a system from Git.

## How it works { #how-it-works }

### The reconciliation loop { #the-reconciliation-loop }

An agent runs in the cluster and repeats the same loop for as long as it runs:

- Read the desired state.
- Compare it with the actual state.

```yaml
syncPolicy:
  automated:
    # reverts manual changes
    selfHeal: true
```

## Further reading { #further-reading }

- [OpenGitOps](https://opengitops.dev/)
""",
}


@pytest.fixture
def project(tmp_path):
    """tmp/docs/{fr,en}/gitops.md (a small sample page), tmp/scripts/translations.py, its record."""
    for lang in ("fr", "en"):
        (tmp_path / "docs" / lang).mkdir(parents=True)
        (tmp_path / "docs" / lang / "gitops.md").write_text(SAMPLE[lang], encoding="utf-8")
    (tmp_path / "scripts").mkdir()
    (tmp_path / "tests").mkdir()
    shutil.copy(SCRIPT, tmp_path / "scripts" / "translations.py")
    assert cli(tmp_path, "record").returncode == 0
    assert check(tmp_path).failures == []
    return tmp_path


def cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(root / "scripts" / "translations.py"), *args],
                          cwd=root, capture_output=True, text=True)


def check(root: Path):
    return tr.compare(root / "docs", root / "tests" / "translations.yml")


def edit(root: Path, lang: str, old: str, new: str) -> None:
    path = root / "docs" / lang / "gitops.md"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: test text not found: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def heading_line(root: Path, lang: str, sid: str) -> int:
    lines = (root / "docs" / lang / "gitops.md").read_text(encoding="utf-8").split("\n")
    return next(i + 1 for i, line in enumerate(lines) if f"{{ #{sid} }}" in line)


FR_SENTENCE = "Un agent s'exécute dans le cluster et répète la même boucle tant qu'il fonctionne :"
EN_SENTENCE = "An agent runs in the cluster and repeats the same loop for as long as it runs:"


def test_french_only_edit_fails_naming_both_files_heading_and_line(project):
    edit(project, "fr", FR_SENTENCE, FR_SENTENCE.replace("répète", "reprend"))
    fr, en = heading_line(project, "fr", "the-reconciliation-loop"), heading_line(project, "en", "the-reconciliation-loop")
    assert check(project).failures == [
        f"docs/fr/gitops.md:{fr} « La boucle de réconciliation » (#the-reconciliation-loop) changed, "
        f'docs/en/gitops.md:{en} "The reconciliation loop" did not: update the English, then run: make translations\n'
        "  (a change that does not affect meaning: python scripts/translations.py record "
        "--no-translation-needed gitops.md#the-reconciliation-loop)"
    ]


def test_english_may_lead_too(project):
    edit(project, "en", EN_SENTENCE, EN_SENTENCE.replace("repeats", "runs again"))
    [failure] = check(project).failures
    assert failure.startswith('docs/en/gitops.md:') and "did not: update the French" in failure, failure


def test_record_refuses_a_one_sided_change_and_records_the_translation(project):
    edit(project, "fr", FR_SENTENCE, FR_SENTENCE.replace("répète", "reprend"))
    proc = cli(project, "record")
    assert proc.returncode == 1 and "gitops.md#the-reconciliation-loop changed in docs/fr/gitops.md only" in proc.stderr
    assert check(project).failures, "a refused section must stay unrecorded"
    edit(project, "en", EN_SENTENCE, EN_SENTENCE.replace("repeats", "runs again"))
    assert cli(project, "record").returncode == 0
    assert check(project).failures == []


def test_no_translation_needed_records_one_side(project):
    edit(project, "fr", FR_SENTENCE, FR_SENTENCE.replace("la même", "la meme"))  # a typo, then its fix
    assert cli(project, "record", "--no-translation-needed", "gitops.md#the-reconciliation-loop").returncode == 0
    edit(project, "fr", "la meme boucle", "la même boucle")
    assert len(check(project).failures) == 1
    proc = cli(project, "record", "--no-translation-needed", "docs/fr/gitops.md#the-reconciliation-loop")
    assert proc.returncode == 0, proc.stderr
    assert check(project).failures == []


def test_both_sides_changed_must_be_recorded(project):
    edit(project, "fr", FR_SENTENCE, FR_SENTENCE.replace("répète", "reprend"))
    edit(project, "en", EN_SENTENCE, EN_SENTENCE.replace("repeats", "runs again"))
    [failure] = check(project).failures
    assert "both changed since tests/translations.yml" in failure and failure.endswith("run: make translations")


def test_new_section_must_be_recorded(project):
    for lang, heading in (("fr", "## Pour finir { #wrap-up }\n\nFin.\n"), ("en", "## Wrap-up { #wrap-up }\n\nThe end.\n")):
        path = project / "docs" / lang / "gitops.md"
        path.write_text(path.read_text(encoding="utf-8") + "\n" + heading, encoding="utf-8")
    [failure] = check(project).failures
    assert "(#wrap-up) is not in tests/translations.yml yet" in failure and "run: make translations" in failure
    assert cli(project, "record").returncode == 0 and check(project).failures == []


def test_section_in_one_language_only_fails(project):
    path = project / "docs" / "fr" / "gitops.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n## Pour finir { #wrap-up }\n\nFin.\n", encoding="utf-8")
    [failure] = check(project).failures
    assert "(#wrap-up) has no twin section in docs/en/gitops.md" in failure


def test_front_matter_and_intro_are_sections(project):
    edit(project, "en", "description: ", "description: In short, ")
    edit(project, "en", "GitOps is ", "GitOps is, in short, ")
    failures = check(project).failures
    assert len(failures) == 2 and "docs/en/gitops.md:2 front matter (#_front-matter) changed" in failures[0]
    assert '(#_intro) changed' in failures[1] and 'intro "GitOps"' in failures[1], failures


def test_formatting_and_typography_do_not_count(project):
    edit(project, "fr", "Un agent s'exécute", "Un *agent* s’exécute")
    edit(project, "fr", "tant qu'il fonctionne :", "tant qu'il\nfonctionne\u00a0:")
    edit(project, "fr", "## La boucle de réconciliation { #the-reconciliation-loop }",
         "## La boucle de réconciliation {  #the-reconciliation-loop  }")
    edit(project, "en", "An agent runs", "An **agent**  runs")
    assert check(project).failures == []


def test_code_comments_count(project):
    edit(project, "fr", "# annule les changements manuels", "# annule toute modification manuelle")
    [failure] = check(project).failures
    assert "docs/fr/gitops.md" in failure and "did not: update the English" in failure


def test_diagram_words_count_not_its_drawing(project):
    svg = '<svg viewBox="0 0 400 90"><style>.a {{ fill: red }}</style><title>{t}</title><text x="{x}">{w}</text></svg>'
    for lang, title, word in (("fr", "Boucle", "Dépôt Git"), ("en", "Loop", "Git repository")):
        (project / "docs" / "includes" / "diagrams" / lang).mkdir(parents=True)
        (project / "docs" / "includes" / "diagrams" / lang / "loop.svg").write_text(
            svg.format(t=title, x=10, w=word), encoding="utf-8")
        edit(project, lang, "\n\n```yaml", f'\n\n<figure>\n--8<-- "diagrams/{lang}/loop.svg"\n</figure>\n\n```yaml')
    assert cli(project, "record", "--baseline").returncode == 0
    fr_svg = project / "docs" / "includes" / "diagrams" / "fr" / "loop.svg"
    fr_svg.write_text(svg.format(t="Boucle", x=30, w="Dépôt Git").replace("red", "blue"), encoding="utf-8")
    assert check(project).failures == [], "moving or colouring a label is no change of meaning"
    fr_svg.write_text(svg.format(t="Boucle", x=30, w="Dépôt"), encoding="utf-8")
    [failure] = check(project).failures
    assert "(#the-reconciliation-loop) changed" in failure and "update the English" in failure


def test_marked_one_sided_change_is_accepted_and_named(project):
    edit(project, "fr", "title: GitOps\n", "title: GitOps\ntranslation_behind: 2026-12-01\n")
    edit(project, "fr", FR_SENTENCE, FR_SENTENCE.replace("répète", "reprend"))
    report = check(project)
    assert report.failures == []
    [behind] = report.behind
    assert "(#the-reconciliation-loop) changed" in behind and "knowingly behind (translation_behind: 2026-12-01" in behind
    proc = cli(project, "check")
    assert proc.returncode == 0 and "knowingly behind" in proc.stdout
    assert cli(project, "record").returncode == 1, "recording must not call a marked page translated"


def test_marked_page_whose_twin_is_up_to_date_fails(project):
    edit(project, "fr", "title: GitOps\n", "title: GitOps\ntranslation_behind: 2026-12-01\n")
    assert check(project).failures == [
        "docs/fr/gitops.md:3: translation_behind: 2026-12-01, but docs/en/gitops.md is up to date per "
        "tests/translations.yml: remove the mark (then run: make translations)"
    ]


def test_mark_must_be_a_date_on_one_side(project):
    edit(project, "fr", "title: GitOps\n", "title: GitOps\ntranslation_behind: soon\n")
    edit(project, "en", "title: GitOps\n", "title: GitOps\ntranslation_behind: 2026-12-01\n")
    failures = check(project).failures
    assert any("translation_behind: 'soon' is not a date" in f for f in failures), failures
    assert any("both say translation_behind" in f for f in failures), failures


def test_cli_help():
    proc = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and "no-translation-needed" in proc.stdout and "translation_behind" in proc.stdout


# -- The notice, on a small fixture site -------------------------------------

PAGE = {
    "fr": "---\ntitle: {t}\n{mark}---\n\n# {t}\n\nUn paragraphe.\n\n## Suite {{ #next }}\n\nFin.\n",
    "en": "---\ntitle: {t}\n{mark}---\n\n# {t}\n\nA paragraph.\n\n## Next {{ #next }}\n\nThe end.\n",
}


def build_fixture(tmp_path: Path, marks: dict[tuple[str, str], str], directory_urls: bool = True):
    """A two-page bilingual site with the real notice and typography hooks."""
    for lang in ("fr", "en"):
        (tmp_path / "docs" / lang).mkdir(parents=True, exist_ok=True)
        for name in ("index", "gitops"):
            mark = f"translation_behind: {marks[(lang, name)]}\n" if (lang, name) in marks else ""
            (tmp_path / "docs" / lang / f"{name}.md").write_text(PAGE[lang].format(t=name.title(), mark=mark),
                                                                 encoding="utf-8")
    hooks = ROOT / "overrides" / "hooks"
    (tmp_path / "mkdocs.yml").write_text(textwrap.dedent(f"""\
        site_name: Fixture
        site_url: https://example.org/fixture/
        use_directory_urls: {str(directory_urls).lower()}
        theme: {{name: material, language: fr}}
        nav: [index.md, gitops.md]
        plugins:
          - i18n:
              docs_structure: folder
              fallback_to_default: false
              languages:
                - {{locale: fr, name: Français, default: true, build: true}}
                - {{locale: en, name: English, build: true}}
        hooks:
          - {hooks / 'translation_notice.py'}
          - {hooks / 'french_typography.py'}
        """), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")],
                          cwd=tmp_path, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    return proc, Site(tmp_path / "site")


def notices(site: Site, rel: str):
    return site.soup(rel).select("article .translation-notice")


@pytest.mark.parametrize("directory_urls", [True, False], ids=["online", "offline"])
def test_marked_page_puts_a_notice_on_its_twin(tmp_path, directory_urls):
    proc, site = build_fixture(tmp_path, {("fr", "gitops"): "2026-12-01", ("en", "index"): "2026-03-05"},
                               directory_urls)
    assert proc.returncode == 0, proc.stderr
    ext = (lambda p: f"{p}/index.html") if directory_urls else (lambda p: f"{p}.html")
    en_gitops, fr_gitops, fr_index, en_index = ext("en/gitops"), ext("gitops"), "index.html", "en/index.html"
    assert not notices(site, fr_gitops) and not notices(site, en_index), "the up-to-date page shows no notice"
    [en] = notices(site, en_gitops)
    assert en.get_text() == ("This page was updated in French on December 1, 2026; the English translation "
                             "will follow. Read the up-to-date version.")
    assert en.find_previous_sibling().name == "h1", "the notice sits under the title"
    link = en.find("a")
    assert link["hreflang"] == "fr" and en.find("time")["datetime"] == "2026-12-01"
    target = (site.root / en_gitops).parent / link["href"]
    assert (target / "index.html" if directory_urls else target).resolve() == (site.root / fr_gitops).resolve()
    [fr] = notices(site, fr_index)
    # French typography applied by the last hook: narrow no-break space before ';'.
    assert fr.get_text() == ("Cette page a été mise à jour en anglais le 5\u00a0mars 2026\u202f; la traduction "
                             "française suit. Lire la version à jour.")
    href = fr.find("a")["href"]
    assert href == ("en/" if directory_urls else "en/index.html") and fr.find("a")["hreflang"] == "en"


def test_first_of_the_month_is_1er(tmp_path):
    proc, site = build_fixture(tmp_path, {("en", "gitops"): "2026-12-01"})
    assert proc.returncode == 0, proc.stderr
    [fr] = notices(site, "gitops/index.html")
    assert "le 1er\u00a0décembre 2026\u202f;" in fr.get_text() and fr.find("a")["href"] == "../en/gitops/"


def test_no_notice_in_fixture_without_mark(tmp_path):
    proc, site = build_fixture(tmp_path, {})
    assert proc.returncode == 0, proc.stderr
    assert not any(notices(site, rel) for rel in ("index.html", "gitops/index.html", "en/index.html",
                                                   "en/gitops/index.html"))


def test_a_mark_that_is_no_date_fails_the_build(tmp_path):
    proc, _ = build_fixture(tmp_path, {("fr", "gitops"): "soon"})
    assert proc.returncode != 0 and "docs/fr/gitops.md: translation_behind: 'soon' is not a date" in proc.stderr


def test_baseline_takes_every_section_as_it_is(project):
    edit(project, "fr", FR_SENTENCE, FR_SENTENCE.replace("répète", "reprend"))
    proc = cli(project, "record", "--no-translation-needed")
    assert proc.returncode == 2 and "needs the sections it applies to" in proc.stderr, "no silent record-everything"
    assert cli(project, "record", "--baseline").returncode == 0
    assert check(project).failures == []
