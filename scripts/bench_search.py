#!/usr/bin/env python3
"""Search relevance and speed, measured with the site's real search.

Each query of scripts/search_queries/<lang>.tsv is typed into the search box
of the built site in Chromium (the theme's worker and lunr, as a reader gets
them) and the rank of the expected page among the results is noted. Prints,
per language and per split (queries used while tuning, held-out queries),
recall@1, recall@3 and the mean reciprocal rank (MRR), the median time from
the last keystroke to the results on screen, and how many results showed a
"Missing" line for a word they matched.

A benchmark, not a test: it exits non-zero when a target is missed
(--min-r1, --min-r3, --max-ms), so that `make bench` says so.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import statistics
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import serve_site  # noqa: E402

ROOT = serve_site.ROOT
QUERIES = ROOT / "scripts" / "search_queries"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LANGUAGES = ("fr", "en")


@dataclass
class Query:
    lang: str
    split: str
    kind: str
    text: str
    expected: tuple[str, ...]
    line: int


def load_queries(lang: str) -> list[Query]:
    """The query set of one language: split, kind, query, expected page(s)."""
    path = QUERIES / f"{lang}.tsv"
    out = []
    with path.open(encoding="utf-8") as f:
        for number, row in enumerate(csv.reader(f, delimiter="\t"), start=1):
            if not row or row[0].startswith("#"):
                continue
            split, kind, text, expected = row
            out.append(Query(lang, split, kind, text, tuple(expected.split("|")), number))
    return out


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def page_of(href: str, lang_root: str) -> str:
    """'…/cloud-native-notes/en/gitops/?h=x#y' -> 'gitops' ('index' for the home page)."""
    path = urlsplit(href).path
    if path.startswith(lang_root):
        path = path[len(lang_root):]
    path = re.sub(r"(index)?\.html$", "", path).strip("/")
    return path or "index"


# Types the last character of the query and waits for the result list to be
# rebuilt; returns the time it took and what the list shows.
TYPE_LAST = """async (last) => {
  const box = document.querySelector('input.md-search__input');
  const list = document.querySelector('.md-search-result__list');
  const t0 = performance.now();
  // The list may be rebuilt twice (a late answer to the previous keystroke,
  // then this one): the time is that of the frame after the last rebuild
  // (results on screen), once the list has stayed the same for 250 ms.
  const done = new Promise(resolve => {
    let last = NaN, quiet;
    const finish = () => { observer.disconnect(); resolve(last); };
    const observer = new MutationObserver(() => {
      requestAnimationFrame(() => { last = performance.now() - t0; });
      clearTimeout(quiet);
      quiet = setTimeout(finish, 250);
    });
    observer.observe(list, {childList: true});
    setTimeout(finish, 2000);
  });
  box.value += last;
  box.dispatchEvent(new Event('input', {bubbles: true}));
  box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: last}));
  const ms = await done;
  const items = [...list.querySelectorAll('.md-search-result__item')].map(item => ({
    href: item.querySelector('a').href,
    missing: [...item.querySelectorAll('.md-search-result__terms')].map(p => p.textContent.trim()),
    text: item.textContent,
  }));
  return {ms, items};
}"""


READY = "() => !/nitiali/.test(document.querySelector('.md-search-result__meta').textContent)"
# Online the index comes in two parts (search_i18n.py): busy until the
# rest of the text is in and the results are those of the whole index.
COMPLETE = "() => !document.querySelector('.md-search-result[aria-busy=true]')"


def run_queries(browser, base: str, lang: str, queries: list[Query], first_part: bool = False) -> list[dict]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    held = []
    if first_part:
        # Held back until the end: search stays on the index's first part.
        context.route("**/search_text.json", lambda route: held.append(route))
    page = context.new_page()
    start = base + ("en/" if lang == "en" else "")
    page.goto(start)
    box = page.locator("input.md-search__input")
    box.focus()  # starts search: worker and index
    page.wait_for_function(READY)
    if first_part:
        page.wait_for_timeout(500)  # the held request keeps the network busy
    else:
        page.wait_for_function(COMPLETE, timeout=60000)
        page.wait_for_load_state("networkidle")
    lang_root = urlsplit(start).path
    rows = []
    for query in queries:
        box.fill(query.text[:-1])
        page.wait_for_timeout(250)
        result = page.evaluate(TYPE_LAST, query.text[-1])
        pages = [page_of(item["href"], lang_root) for item in result["items"]]
        rank = next((i + 1 for i, p in enumerate(pages) if p in query.expected), None)
        false_missing = 0
        for item in result["items"]:
            for line in item["missing"]:
                # A word listed as missing that the same result shows is a false "Missing".
                words = re.findall(r"\w+", fold(line.split(":", 1)[-1].lower()))
                shown_here = set(re.findall(r"\w+", fold(item["text"].lower().replace(line.lower(), " "))))
                false_missing += any(w in shown_here for w in words)
        rows.append({"query": query, "rank": rank, "pages": pages, "ms": result["ms"],
                     "missing": sum(len(i["missing"]) for i in result["items"]),
                     "false_missing": false_missing})
    for route in held:
        route.abort()
    context.close()
    return rows


def scores(rows: list[dict]) -> dict:
    n = len(rows) or 1
    return {
        "n": len(rows),
        "r1": sum(1 for r in rows if r["rank"] == 1) / n,
        "r3": sum(1 for r in rows if r["rank"] and r["rank"] <= 3) / n,
        "mrr": sum(1 / r["rank"] for r in rows if r["rank"]) / n,
    }


def build(target: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("OFFLINE", None)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(target)],
                   cwd=ROOT, env=env, check=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built online site (default: build one now)")
    parser.add_argument("--lang", choices=LANGUAGES, action="append", help="only this language (repeatable)")
    parser.add_argument("--split", choices=("tune", "held"), help="only this split of the query set")
    parser.add_argument("--show-misses", action="store_true", help="list every query whose page is not first")
    parser.add_argument("--first-part", action="store_true",
                        help="hold back the rest of the index's text: what search finds before it arrives")
    parser.add_argument("--min-r1", type=float, default=0.95, help="target recall@1 per language (default: %(default)s)")
    parser.add_argument("--min-r3", type=float, default=0.98, help="target recall@3 per language (default: %(default)s)")
    parser.add_argument("--max-ms", type=float, default=100.0, help="target median ms after the last keystroke (default: %(default)s)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build(site)
        server, base = serve_site.start(site)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
                results = {}
                for lang in args.lang or LANGUAGES:
                    queries = [q for q in load_queries(lang) if not args.split or q.split == args.split]
                    results[lang] = run_queries(browser, base, lang, queries, args.first_part)
                browser.close()
        finally:
            server.shutdown()

    print(f"{'search':8} {'split':6} {'queries':>7} {'recall@1':>9} {'recall@3':>9} {'MRR':>6} "
          f"{'median ms':>10} {'false Missing':>14}")
    for lang, rows in results.items():
        for split in ("tune", "held", "all"):
            part = [r for r in rows if split == "all" or r["query"].split == split]
            if not part:
                continue
            s = scores(part)
            timings = [r["ms"] for r in part if r["ms"] == r["ms"]]
            median = statistics.median(timings) if timings else float("nan")
            print(f"{lang:8} {split:6} {s['n']:7} {s['r1']:9.2f} {s['r3']:9.2f} {s['mrr']:6.2f} "
                  f"{median:10.0f} {sum(r['false_missing'] for r in part):14}")
            if split == "all":
                if s["r1"] < args.min_r1 or s["r3"] < args.min_r3:
                    failed.append(f"{lang}: recall@1 {s['r1']:.2f}, recall@3 {s['r3']:.2f}")
                if median > args.max_ms:
                    failed.append(f"{lang}: median {median:.0f} ms after the last keystroke")
                if sum(r["false_missing"] for r in part):
                    failed.append(f"{lang}: results list as missing a word they show")
    print()
    print("by kind (recall@1 / recall@3):")
    for lang, rows in results.items():
        kinds = sorted({r["query"].kind for r in rows})
        cells = []
        for kind in kinds:
            s = scores([r for r in rows if r["query"].kind == kind])
            cells.append(f"{kind} {s['r1']:.2f}/{s['r3']:.2f}")
        print(f"  {lang}: " + ", ".join(cells))
    if args.show_misses:
        print()
        for lang, rows in results.items():
            for r in rows:
                if r["rank"] != 1:
                    q = r["query"]
                    print(f"  {lang} {q.split:4} {q.kind:8} {q.text!r}: expected {'|'.join(q.expected)}, "
                          f"rank {r['rank']}, got {r['pages'][:4]}")
    if failed:
        print("\nbelow target: " + "; ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
