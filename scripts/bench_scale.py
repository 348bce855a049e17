#!/usr/bin/env python3
"""How the site grows: build, tests, search and offline copy with N more topics.

For each N (default: 0, 50 and 100 more topics per language) the project is
copied to a temporary folder and N synthetic topics per language are written
into the copy only: the real topic skeleton (problem, how it works with its
diagram, tools, key takeaways, self-check, further reading, related topics),
headings with explicit ids, code blocks, tables, a nav section and a step of
the home page's learning path, so that the copy's tests run. Their prose is
new text, not copies (which gzip would flatter): sentences drawn from a
seeded word-level Markov chain (order 2) over each language's real pages.

Then, per N: `mkdocs build --strict` time, the search index per language
(raw and gzip, both parts: the first one and the rest of the text), what
the first search downloads (worker, index and lunr files, gzip, as the
browser receives them) before its first results appear, and in brackets
until search is complete (the rest of the text, after the first results,
included), the median time from the last
keystroke to the results on screen (bench_search.py's method and queries),
the offline zip's size, and `make test` time in the copy (skip it with
--skip-tests). The load average is printed next to the timings: on a shared
machine they are noisy.

A benchmark, not a test: it exits non-zero when the largest N misses a
target (--max-build-s, --max-test-min, --max-first-search-kb, --max-ms).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_search  # noqa: E402
import serve_site  # noqa: E402

ROOT = serve_site.ROOT
LANGUAGES = ("fr", "en")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Not copied: build outputs and caches; the virtual environment and
# node_modules are linked, not copied (and never reinstalled from the copy).
SKIP = {".git", ".venv", "node_modules", "site", "dist", ".cache", "__pycache__", ".pytest_cache", ".lock-venv"}
SECTION_IDS = ("the-problem", "how-it-works", "tools-you-will-meet", "key-takeaways",
               "check-yourself", "further-reading", "related-topics")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*\{\s*#([\w-]+)\s*\}\s*$")
# A word with what is glued to it: code spans, links and emphasis stay whole
# (with the punctuation that follows them), so no backtick or bracket is split.
TOKEN = re.compile(r"(?:`[^`]+`|\[[^\]]*\]\([^)]*\)|\*\*[^*]+\*\*|\*[^*\s][^*]*\*(?:\{[^}]*\})?|[^\s`\[*])+")
SAME_PAGE_LINK = re.compile(r"\[([^\]]*)\]\(#[^)]*\)")
# A command that applies a file saved by an earlier example of its page.
APPLY_FILE = re.compile(r"kubectl\s+(?:apply|create|replace|delete)\b[^\n]*?\s-f\s+(?!-|\S*://)\S+")
SCENARIO = {"fr": '??? question "Cas pratique :', "en": '??? question "Scenario:'}
# The new step of the learning path, numbered after the last one ({n}).
STEP = {"fr": ("{n}. Notes complémentaires", "### Étape {n} : notes complémentaires { #further-notes }",
               "| Page | Ce que vous y trouverez | Lecture |"),
        "en": ("{n}. Further notes", "### Step {n}: further notes { #further-notes }",
               "| Page | What you will find | Reading |")}


# -- Reading the real pages ----------------------------------------------------


def front_matter(text: str) -> tuple[dict, list[str]]:
    import yaml

    match = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    return yaml.safe_load(match.group(1)), text[match.end():].split("\n")


def blocks(lines: list[str]) -> list[list[str]]:
    """Blank-line separated blocks, a fenced code block (blank lines and all) being one."""
    out, current, fenced = [], [], False
    for line in lines:
        if re.match(r"^\s*(```|~~~)", line):
            fenced = not fenced
        if not line.strip() and not fenced:
            if current:
                out.append(current)
            current = []
        else:
            current.append(line)
    if current:
        out.append(current)
    return out


def read_topic(path: Path) -> dict | None:
    """A real topic page cut into what the generator reuses, or None when the
    page does not follow the topic skeleton."""
    meta, lines = front_matter(path.read_text(encoding="utf-8"))
    sections: dict[str, list[list[str]]] = defaultdict(list)
    titles, h3, current = {}, [], "intro"
    for line in lines:
        m = HEADING.match(line)
        if m and len(m.group(1)) == 2:
            current = m.group(3)
            titles[current] = m.group(2)
            continue
        if m and len(m.group(1)) == 3:
            h3.append((m.group(2), m.group(3)))
            line = ""
        if line.startswith("# "):
            continue
        sections[current].append(line)
    if any(s not in titles for s in SECTION_IDS):
        return None
    # A link to a section of the same page would point nowhere in a new
    # page: it becomes plain text, except in the self-check's answers, which
    # must link a section of their page (they point to #how-it-works).
    cut = {key: blocks([SAME_PAGE_LINK.sub(r"\1", line) for line in value]) for key, value in sections.items()}
    answers = blocks([SAME_PAGE_LINK.sub(r"[\1](#how-it-works)", line) for line in sections["check-yourself"]])
    body = cut["intro"] + cut["the-problem"] + cut["how-it-works"] + cut["key-takeaways"]
    # Each code block with the prose just before it, which says what the
    # example needs (file name, namespace: tests/test_examples.py).
    code = []
    for i, b in enumerate(body):
        if b[0].lstrip().startswith("```") and not APPLY_FILE.search("\n".join(b)):
            lead = []
            for before in reversed(body[max(0, i - 2):i]):
                if before[0].lstrip().startswith(("```", "<figure", "|")):
                    break
                lead.insert(0, before)
            code.append([line for part in lead for line in part + [""]] + b)
    prose = [b[0] for b in body if len(b) == 1 and re.match(r"^[\wÀ-ÿ`«\"(\[*]", b[0])]
    prose += [line[2:] for b in body for line in b if line.startswith("- ")]

    def items(key):
        return [line for b in cut[key] for line in b if line.startswith("- ")]

    questions = []
    for b in answers:
        if b[0].startswith("???"):
            questions.append([b[0]])
        elif questions:
            questions[-1] += [""] + b
    return {
        "meta": meta, "titles": titles, "h3": h3, "prose": prose,
        "code": code,
        "tables": [b for b in body if b[0].startswith("|") and len(b) > 2],
        "figure": next((b for b in cut["how-it-works"] if b[0].startswith("<figure")), None),
        "tools": items("tools-you-will-meet"), "reading": items("further-reading"),
        "related": items("related-topics"), "questions": questions,
    }


class Markov:
    """Order-2 word chain over a language's sentences: new sentences, the
    site's vocabulary and local grammar (so spelling and terminology hold)."""

    def __init__(self, paragraphs: list[str]):
        self.next = defaultdict(list)
        for paragraph in paragraphs:
            words = ["", ""]
            for token in TOKEN.findall(paragraph):
                words.append(token)
                self.next[(words[-3], words[-2])].append(token)
                if self.ends(token):
                    self.next[(words[-2], words[-1])].append(None)
                    words = ["", ""]

    @staticmethod
    def ends(token: str) -> bool:
        return token in ("?", "!") or (token[-1] in ".?!" and not token.startswith(("`", "[")) and len(token) > 3
                                       and token not in ("e.g.", "i.e.", "ex."))

    def sentence(self, rng: random.Random, low: int = 8, high: int = 40, plain: bool = False) -> str:
        for _ in range(500):
            a, b, out = "", "", []
            while len(out) <= high:
                choices = self.next.get((a, b))
                if not choices:
                    break
                token = rng.choice(choices)
                if token is None:
                    break
                out.append(token)
                a, b = b, token
            if out and self.ends(out[-1]) and low <= len(out) <= high and out[0][0].isupper() \
                    and (not plain or not re.search(r"[`\[*()«»\"]", " ".join(out))):
                return " ".join(out)
        raise RuntimeError("the Markov chain gives no sentence of that length")

    def paragraph(self, rng: random.Random, sentences: tuple[int, int] = (3, 5)) -> str:
        return " ".join(self.sentence(rng) for _ in range(rng.randint(*sentences)))


def sources() -> dict:
    """Per language: the topic pages (paired by file name) and a Markov chain."""
    found = {}
    for lang in LANGUAGES:
        found[lang] = {p.name: t for p in sorted((ROOT / "docs" / lang).glob("*.md")) if (t := read_topic(p))}
    names = sorted(set(found["fr"]) & set(found["en"]))
    pages = [{lang: found[lang][n] for lang in LANGUAGES} | {"name": n[:-3]} for n in names]
    chains = {lang: Markov([s for p in pages for s in p[lang]["prose"]]) for lang in LANGUAGES}
    return {"pages": pages, "chains": chains}


# -- Writing the synthetic topics ----------------------------------------------


def paired(rng: random.Random, pages: list[dict], key: str, count: int) -> list[dict]:
    """``count`` distinct items of ``key`` taken at the same place in both languages."""
    pool = [(p, i) for p in pages for i in range(min(len(p["fr"][key]), len(p["en"][key])))]
    return [{lang: p[lang][key][i] for lang in LANGUAGES} for p, i in rng.sample(pool, min(count, len(pool)))]


def topic(k: int, slug: str, src: dict, seed: int) -> dict[str, str]:
    """The Markdown of synthetic topic ``k`` in both languages."""
    rng = random.Random(seed * 100003 + k)
    pages, chains = src["pages"], src["chains"]
    rngs = {lang: random.Random(rng.random()) for lang in LANGUAGES}
    main = rng.choice([p for p in pages if p["fr"]["figure"] and p["en"]["figure"]])
    h3 = [{lang: p[lang]["h3"][i] for lang in LANGUAGES} for p in pages
          for i in range(min(len(p["fr"]["h3"]), len(p["en"]["h3"])))
          if p["fr"]["h3"][i][1] == p["en"]["h3"][i][1] and "`" not in p["en"]["h3"][i][0] + p["fr"]["h3"][i][0]]
    # 3 to 5 subsections: about as many words as a real topic page.
    subsections = rng.sample(h3, rng.randint(3, 5))
    title = {"fr": f"Note {k} : {subsections[0]['fr'][0]}", "en": f"Note {k}: {subsections[0]['en'][0]}"}
    code = paired(rng, pages, "code", rng.randint(0, 2))
    tables = paired(rng, pages, "tables", rng.randint(0, 1))
    tools = paired(rng, pages, "tools", rng.randint(3, 6))
    # At least two scenario questions, as tests/test_onboarding.py asks.
    asked = paired(rng, pages, "questions", 40)
    scenarios = [q for q in asked if q["fr"][0].startswith(SCENARIO["fr"]) and q["en"][0].startswith(SCENARIO["en"])]
    others = [q for q in asked if not q["fr"][0].startswith(SCENARIO["fr"]) and not q["en"][0].startswith(SCENARIO["en"])]
    questions = scenarios[:2] + others[:rng.randint(1, 2)]
    rng.shuffle(questions)
    reading = paired(rng, pages, "reading", rng.randint(2, 4))
    related = paired(rng, pages, "related", rng.randint(2, 3))
    # Where the code blocks and the table go: (subsection, after paragraph n).
    places = [(rng.randrange(len(subsections)), rng.random()) for _ in code + tables]
    lists = [rng.random() < 0.4 for _ in subsections]
    out = {}
    for lang in LANGUAGES:
        r, chain, titles = rngs[lang], chains[lang], main[lang]["titles"]
        description = ""
        while not 60 <= len(description) <= 155:
            description = chain.sentence(r, 8, 24, plain=True)
        lines = ["---", f"title: {json.dumps(title[lang], ensure_ascii=False)}",
                 f"description: {json.dumps(description, ensure_ascii=False)}", "---", "",
                 f"# {title[lang]}", "", chain.paragraph(r, (2, 3)), "",
                 f"## {titles['the-problem']} {{ #the-problem }}", ""]
        lines += [chain.paragraph(r) + "\n" for _ in range(r.randint(2, 3))]
        lines += [f"## {titles['how-it-works']} {{ #how-it-works }}", ""]
        extras = list(zip(places, [b[lang] for b in code + tables]))
        for n, sub in enumerate(subsections):
            lines += [f"### {sub[lang][0]} {{ #{sub['en'][1]} }}", "", chain.paragraph(r), "", chain.paragraph(r), ""]
            if n == 0:
                figure = [line.replace(f"diagrams/{lang}/{main['name']}.svg", f"diagrams/{lang}/{slug}.svg")
                          for line in main[lang]["figure"]]
                lines += figure + [""]
            for (where, _), block in sorted((e for e in extras if e[0][0] == n), key=lambda e: e[0][1]):
                lines += [chain.paragraph(r, (1, 2)), "", *block, ""]
            if lists[n]:
                lines += [f"- {chain.sentence(r)}" for _ in range(3)] + [""]
            lines += [chain.paragraph(r), ""]
        lines += [f"## {titles['tools-you-will-meet']} {{ #tools-you-will-meet }}", ""] + [t[lang] for t in tools] + [""]
        lines += [f"## {titles['key-takeaways']} {{ #key-takeaways }}", ""]
        lines += [f"- {chain.sentence(r, 8, 30)}" for _ in range(r.randint(3, 5))] + [""]
        lines += [f"## {titles['check-yourself']} {{ #check-yourself }}", ""]
        for q in questions:
            lines += q[lang] + [""]
        lines += [f"## {titles['further-reading']} {{ #further-reading }}", ""] + [x[lang] for x in reading] + [""]
        lines += [f"## {titles['related-topics']} {{ #related-topics }}", ""] + [x[lang] for x in related]
        out[lang] = "\n".join(lines) + "\n"
    out["source"] = main["name"]
    out["title"] = title
    return out


def add_topics(copy: Path, count: int, seed: int) -> None:
    """Write ``count`` synthetic topics per language into the copy, with their
    diagrams, nav section and learning-path step."""
    if not count:
        return
    src = sources()
    rows = {lang: [] for lang in LANGUAGES}
    cells = {lang: dict(re.findall(r"^\| \[[^\]]*\]\(([\w-]+\.md)\) \| ([^|]*?) \|",
                                   (copy / "docs" / lang / "index.md").read_text(encoding="utf-8"), re.M))
             for lang in LANGUAGES}
    slugs = []
    for k in range(1, count + 1):
        slug = f"note-{k:03d}"
        slugs.append(slug)
        pages = topic(k, slug, src, seed)
        for lang in LANGUAGES:
            (copy / "docs" / lang / f"{slug}.md").write_text(pages[lang], encoding="utf-8")
            svg = (copy / "docs" / "includes" / "diagrams" / lang / f"{pages['source']}.svg").read_text(encoding="utf-8")
            svg = svg.replace(f"dg-{pages['source']}", f"dg-{slug}")
            (copy / "docs" / "includes" / "diagrams" / lang / f"{slug}.svg").write_text(svg, encoding="utf-8")
            # The home page's own words for the source page (a table cell has
            # stricter vocabulary rules than prose: tests/terminology.yml).
            what = cells[lang].get(f"{pages['source']}.md", "")
            rows[lang].append(f"| [{pages['title'][lang]}]({slug}.md) | {what} | [[reading-time: {slug}.md]] |")
    steps = len(re.findall(r"^###\s+(?:Étape|Step)\s+\d+", (copy / "docs" / "fr" / "index.md").read_text(encoding="utf-8"), re.M))
    step = {lang: [x.replace("{n}", str(steps + 1)) for x in STEP[lang]] for lang in LANGUAGES}
    for lang in LANGUAGES:
        home = copy / "docs" / lang / "index.md"
        lines = home.read_text(encoding="utf-8").split("\n")
        # After the last step's table, inside the learning path section.
        last_step = max(i for i, line in enumerate(lines) if re.match(r"^###\s+(Étape|Step)\s+\d+", line))
        end = next(i for i in range(last_step + 1, len(lines)) if lines[i].startswith("## "))
        block = [step[lang][1], "", step[lang][2], "| --- | --- | --- |", *rows[lang], ""]
        lines[end:end] = block
        home.write_text("\n".join(lines), encoding="utf-8")
    config = copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    nav = f'  - "{step["fr"][0]}":\n' + "".join(f"      - {s}.md\n" for s in slugs)
    anchor = "  - Glossaire: glossary.md"
    translation = re.search(r"^( +)Glossaire: Glossary$", text, re.M)
    assert text.count(anchor) == 1 and translation, "mkdocs.yml: nav or nav_translations changed shape"
    text = text.replace(anchor, nav + anchor)
    text = text.replace(translation.group(0), translation.group(0)
                        + f'\n{translation.group(1)}"{step["fr"][0]}": "{step["en"][0]}"')
    config.write_text(text, encoding="utf-8")
    # The new pages are translated by construction: record them as such
    # (tests/translations.yml), as a writer does with `make translations`.
    if (copy / "scripts" / "translations.py").is_file():
        subprocess.run([sys.executable, "scripts/translations.py", "record", "index.md#further-notes",
                        *(f"{s}.md" for s in slugs)],
                       cwd=copy, check=True, capture_output=True)


def copy_project(target: Path, ref: str | None = None) -> Path:
    """The working tree, or commit ``ref``, in ``target``, with the git
    history (for the last-updated dates)."""

    def ignore(folder, names):
        return [n for n in names if n in SKIP and not (n == ".git" and Path(folder) == ROOT)]

    if ref:
        archive = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True, check=True).stdout
        if (ROOT / ".git").is_dir():
            target.mkdir(parents=True)
            shutil.copytree(ROOT / ".git", target / ".git", symlinks=True)
        else:
            # A linked worktree: its .git is a file naming the main
            # repository's folder, so a copy of it would share that
            # worktree's index. A clone gets the same history on its own.
            subprocess.run(["git", "clone", "-q", "--shared", "--no-checkout", str(ROOT), str(target)], check=True)
            subprocess.run(["git", "reset", "-q", ref], cwd=target, check=True)
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    else:
        shutil.copytree(ROOT, target, ignore=ignore, symlinks=True)
    for name in (".venv", "node_modules"):
        if (ROOT / name).exists():
            (target / name).symlink_to(ROOT / name)
    return target


# -- Measuring -----------------------------------------------------------------


def load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def env() -> dict:
    out = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    for name in ("OFFLINE", "DIRECTORY_URLS"):
        out.pop(name, None)
    return out


def timed(command: list[str], cwd: Path, log: Path | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, CPU seconds of the command and its children, result).
    On a busy machine the CPU time is the steadier figure."""
    start, before = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(command, cwd=cwd, env=env(), capture_output=True, text=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if log:
        log.write_text(proc.stdout + proc.stderr, encoding="utf-8")
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return time.monotonic() - start, cpu, proc


# Marks (page clock) when the result list first shows results.
FIRST_RESULTS = """() => {
  const list = document.querySelector('.md-search-result__list');
  new MutationObserver((_, observer) => {
    if (list.querySelector('.md-search-result__item')) { window.__firstResults = Date.now(); observer.disconnect(); }
  }).observe(list, {childList: true});
}"""
SEARCH_DONE = ("() => !/nitiali/.test(document.querySelector('.md-search-result__meta').textContent)"
               " && !document.querySelector('.md-search-result[aria-busy=true]')")


def first_search(browser, base: str, lang: str, query: str) -> tuple[int, int]:
    """Bytes (gzip, with headers) the browser downloads when the reader goes
    to the search box of the language's home page and types ``query`` at
    once: (before the first results appear, until search is complete).

    The first figure is what the reader waits for: every request that
    finished before the result list first showed results. The second adds
    what search downloads after that (the rest of the index's text, which
    refreshes the results), until it is no longer busy."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.goto(base + ("en/" if lang == "en" else ""))
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    seen = len(requests)
    page.evaluate(FIRST_RESULTS)
    box = page.locator("input.md-search__input")
    box.focus()
    box.press_sequentially(query)
    page.wait_for_function("() => window.__firstResults", timeout=60000)
    page.wait_for_function(SEARCH_DONE, timeout=60000)
    page.wait_for_load_state("networkidle")
    shown = page.evaluate("window.__firstResults")
    before = everything = 0
    for request in requests[seen:]:
        response, sizes, timing = request.response(), request.sizes(), request.timing
        # A worker's script is fetched outside the page's own accounting
        # (body size 0): count its compressed bytes directly. A negative
        # size is a copy from the browser's cache: nothing downloaded.
        body = sizes["responseBodySize"] or (len(gzip.compress(response.body(), 6)) if response else 0)
        size = 0 if body < 0 else body + sizes["responseHeadersSize"]
        everything += size
        # Unknown end time: counted as waited for.
        if timing["responseEnd"] < 0 or timing["startTime"] + timing["responseEnd"] <= shown:
            before += size
    context.close()
    return before, everything


def measure(n: int, work: Path, args) -> dict:
    copy = copy_project(work / "project", args.ref)
    add_topics(copy, n, args.seed)
    row: dict = {"topics": n, "pages": len(list((copy / "docs" / "fr").glob("*.md")))}
    python = str(copy / ".venv" / "bin" / "python")
    site = work / "site"
    row["load_build"] = load()
    row["build_s"], row["build_cpu"], proc = timed([python, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)], copy,
                                 log=work / "build.log")
    if proc.returncode:
        sys.exit(f"N={n}: mkdocs build --strict failed in {copy} (see {work / 'build.log'}):\n{proc.stderr[-3000:]}")
    for lang, folder in (("fr", site / "search"), ("en", site / "en" / "search")):
        parts = [p.read_bytes() for p in (folder / "search_index.json", folder / "search_text.json") if p.is_file()]
        row[f"index_{lang}"] = (sum(map(len, parts)), sum(len(gzip.compress(p, 6)) for p in parts))
    from playwright.sync_api import sync_playwright

    server, base = serve_site.start(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            row["load_search"] = load()
            for lang in LANGUAGES:
                queries = bench_search.load_queries(lang)[: args.queries or None]
                row[f"first_{lang}"], row[f"all_{lang}"] = first_search(browser, base, lang, queries[0].text)
                results = bench_search.run_queries(browser, base, lang, queries)
                timings = [r["ms"] for r in results if r["ms"] == r["ms"]]
                row[f"ms_{lang}"] = statistics.median(timings) if timings else float("nan")
                row[f"r1_{lang}"] = bench_search.scores(results)["r1"]
            browser.close()
    finally:
        server.shutdown()
    archive = work / "offline.zip"
    row["offline_s"], row["offline_cpu"], proc = timed([python, "scripts/build_offline.py", "--output", str(archive)], copy)
    if proc.returncode:
        sys.exit(f"N={n}: the offline build failed:\n{proc.stderr[-3000:]}")
    row["zip"] = archive.stat().st_size
    if not args.skip_tests:
        row["load_test"] = load()
        # The copy shares the project's .venv and node_modules: never let
        # make reinstall them from the copy.
        command = ["nice", "-n", "10", "make", "-o", ".venv/bin/.installed", "-o", "node_modules/.package-lock.json", "test"]
        row["test_s"], row["test_cpu"], proc = timed(command, copy, log=work / "test.log")
        row["load_test"] += " → " + load()
        summary = [line for line in proc.stdout.splitlines() if re.search(r"\d+ (passed|failed)", line)]
        row["test_summary"] = summary[-1].strip("= ") if summary else f"exit {proc.returncode}"
    return row


# -- Report --------------------------------------------------------------------


def kb(n: float) -> str:
    return f"{n / 1024:.1f}"


def table(rows: list[dict]) -> str:
    head = ["topics per language (pages)", "build s (CPU s)", "index fr KB / gzip", "index en KB / gzip",
            "first search fr / en KB gzip (until complete)", "search ms fr / en", "recall@1 fr / en", "offline zip KB",
            "make test", "load average (1/5/15 min)"]
    out = ["| " + " | ".join(head) + " |", "| --- | " + " | ".join("--:" for _ in head[1:-2]) + " | --- | --- |"]
    for r in rows:
        test = "skipped" if "test_s" not in r else \
            f"{r['test_s'] / 60:.1f} min (CPU {r['test_cpu'] / 60:.1f} min; {r['test_summary']})"
        loads = f"build {r['load_build']}, search {r['load_search']}" + (f", test {r['load_test']}" if "load_test" in r else "")
        out.append("| " + " | ".join([
            f"{r['topics']} ({r['pages']})", f"{r['build_s']:.1f} ({r['build_cpu']:.1f})",
            f"{kb(r['index_fr'][0])} / {kb(r['index_fr'][1])}", f"{kb(r['index_en'][0])} / {kb(r['index_en'][1])}",
            f"{kb(r['first_fr'])} ({kb(r['all_fr'])}) / {kb(r['first_en'])} ({kb(r['all_en'])})",
            f"{r['ms_fr']:.0f} / {r['ms_en']:.0f}",
            f"{r['r1_fr']:.2f} / {r['r1_en']:.2f}", f"{r['zip'] / 1024:.0f}", test, loads]) + " |")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog=__doc__.split("\n\n", 1)[1])
    parser.add_argument("--topics", type=int, nargs="+", default=[0, 50, 100],
                        help="synthetic topics per language to add, one run each (default: 0 50 100)")
    parser.add_argument("--skip-tests", action="store_true", help="do not time `make test` in the copies")
    parser.add_argument("--queries", type=int, default=0, help="only the first N queries per language (default: all)")
    parser.add_argument("--seed", type=int, default=17, help="random seed of the synthetic text (default: %(default)s)")
    parser.add_argument("--ref", help="copy this commit (e.g. HEAD) instead of the working tree as it is")
    parser.add_argument("--keep", type=Path, help="keep the copies and builds in this folder (default: a temporary one)")
    parser.add_argument("--generate-only", type=Path, metavar="DIR",
                        help="only copy the project into DIR with the largest N of topics, and stop")
    parser.add_argument("--max-build-s", type=float, default=30.0, help="target build time (default: %(default)s)")
    parser.add_argument("--max-test-min", type=float, default=20.0, help="target make test time (default: %(default)s)")
    parser.add_argument("--max-first-search-kb", type=float, default=250.0,
                        help="target first-search download, KB gzip (default: %(default)s)")
    parser.add_argument("--max-ms", type=float, default=200.0,
                        help="target median ms from the last keystroke to results (default: %(default)s)")
    args = parser.parse_args(argv)

    if args.generate_only:
        add_topics(copy_project(args.generate_only, args.ref), max(args.topics), args.seed)
        print(f"{args.generate_only}: the project with {max(args.topics)} more topics per language")
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        base = args.keep or Path(tmp)
        for n in args.topics:
            work = base / f"topics-{n}"
            if work.exists():
                shutil.rmtree(work)
            work.mkdir(parents=True)
            rows.append(measure(n, work, args))
            print(table(rows[-1:]).split("\n")[-1], flush=True)
    print()
    print(table(rows))
    last = rows[-1]
    missed = []
    if last["build_s"] > args.max_build_s:
        missed.append(f"build {last['build_s']:.1f} s")
    if "test_s" in last and last["test_s"] > args.max_test_min * 60:
        missed.append(f"make test {last['test_s'] / 60:.1f} min")
    for lang in LANGUAGES:
        if last[f"first_{lang}"] / 1024 > args.max_first_search_kb:
            missed.append(f"first search ({lang}) {kb(last[f'first_{lang}'])} KB")
        if last[f"ms_{lang}"] > args.max_ms:
            missed.append(f"search ({lang}) {last[f'ms_{lang}']:.0f} ms")
    if missed:
        print(f"\nat {last['topics']} topics per language, over target: " + "; ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
