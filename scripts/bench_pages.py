#!/usr/bin/env python3
"""Page weight and search speed of the built site, measured in Chromium.

For every page of both languages: the bytes transferred (gzip) on a first
load with an empty cache, until the network is idle (HTML, CSS, JS, favicon,
sitemap), how much of it is the page's diagram, and what opening search
then adds (worker, index, lunr files: they wait for a first sign of search;
the index's rest of the text included, which follows the first results).
Then, per language, the search index size and how long results take to
appear after the last keystroke.

A benchmark, not a test: it prints a table and exits non-zero when a page
is over the budget (--budget-kb, default 80).
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import serve_site  # noqa: E402

ROOT = serve_site.ROOT
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Ready, and no longer busy: the whole index answers (search-ranking.js).
SEARCH_COMPLETE = ("() => !/nitiali/.test(document.querySelector('.md-search-result__meta').textContent)"
                   " && !document.querySelector('.md-search-result[aria-busy=true]')")
QUERIES = {"fr": ["réconciliation", "budget d'erreur", "conteneurs", "deploiement"],
           "en": ["reconciliation", "error budget", "containers", "deployment"]}


def pages(site: Path) -> list[str]:
    paths = []
    for html in sorted(site.rglob("index.html")):
        rel = html.relative_to(site).parent.as_posix()
        paths.append("" if rel == "." else rel + "/")
    return sorted(paths, key=lambda p: (p.startswith("en/"), p.count("/"), p))


def diagram_bytes(site: Path, path: str) -> int:
    html = (site / path / "index.html").read_text(encoding="utf-8")
    start = html.find('<figure class="diagram">')
    if start < 0:
        return 0
    end = html.find("</figure>", start)
    return len(gzip.compress(html[start:end].encode("utf-8"), 6))


def transferred(requests) -> int:
    total = 0
    for request in requests:
        response = request.response()
        sizes = request.sizes()
        # A worker's script is fetched outside the page's own accounting, where
        # the reported body size is 0: count its compressed bytes directly.
        body = sizes["responseBodySize"] or (len(gzip.compress(response.body(), 6)) if response else 0)
        total += body + sizes["responseHeadersSize"]
    return total


def measure_weight(browser, base: str, path: str) -> tuple[int, int, int]:
    """(first-load bytes, first-load requests, bytes added by opening search)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests = []
    page.on("requestfinished", lambda request: requests.append(request))
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    first = list(requests)
    page.locator("input.md-search__input").focus()
    page.wait_for_function(SEARCH_COMPLETE, timeout=60000)
    page.wait_for_load_state("networkidle")
    later = requests[len(first):]
    result = transferred(first), len(first), transferred(later)
    context.close()
    return result


def measure_search(browser, base: str, lang: str, runs: int) -> list[float]:
    """Milliseconds from the last keystroke to the first result on screen."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base + ("en/" if lang == "en" else ""))
    page.locator("input.md-search__input").focus()  # starts search: worker, index
    page.wait_for_function(SEARCH_COMPLETE, timeout=60000)
    page.wait_for_load_state("networkidle")
    timings = []
    for _ in range(runs):
        for query in QUERIES[lang]:
            box = page.locator("input.md-search__input")
            box.click()
            box.fill(query[:-1])
            page.wait_for_timeout(150)
            elapsed = page.evaluate(
                """async (last) => {
                  const box = document.querySelector('input.md-search__input');
                  const list = document.querySelector('.md-search-result__list');
                  const before = list.innerHTML;
                  const t0 = performance.now();
                  box.value += last;
                  box.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true, key: last}));
                  return await new Promise(resolve => {
                    const check = () => (list.innerHTML !== before && list.children.length)
                      ? requestAnimationFrame(() => resolve(performance.now() - t0))
                      : (performance.now() - t0 > 2000 ? resolve(NaN) : requestAnimationFrame(check));
                    check();
                  });
                }""",
                query[-1],
            )
            timings.append(elapsed)
            page.keyboard.press("Escape")
    context.close()
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one now)")
    parser.add_argument("--budget-kb", type=float, default=80.0, help="first-load budget per page (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=5, help="search timing rounds per language (default: %(default)s)")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                           cwd=ROOT, env=env, check=True)
        server, base = serve_site.start(site)
        over = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            print(f"{'page':34} {'requests':>8} {'first load':>11} {'diagram':>8} {'+ search':>9}   (KB gzip)")
            for path in pages(site):
                total, count, search = measure_weight(browser, base, path)
                kb = total / 1024
                print(f"{'/' + path:34} {count:8} {kb:11.1f} {diagram_bytes(site, path) / 1024:8.1f} {search / 1024:9.1f}")
                if kb > args.budget_kb:
                    over.append(path)
            print()
            # Online the index comes in two parts: the first answers at once,
            # the rest of the text follows (search_i18n.py).
            print(f"{'search':8} {'index, first part + rest (KB gzip)':>35} {'pages':>6} {'median ms':>10} {'max ms':>8}")
            for lang, folder in (("fr", site / "search"), ("en", site / "en" / "search")):
                import json

                raw = (folder / "search_index.json").read_bytes()
                rest = (folder / "search_text.json").read_bytes() if (folder / "search_text.json").is_file() else b""
                docs = json.loads(raw)["docs"]
                page_count = len({d["location"].split("#")[0] for d in docs})
                timings = [t for t in measure_search(browser, base, lang, args.runs) if t == t]
                sizes = f"{len(gzip.compress(raw, 6)) / 1024:.1f} + {len(gzip.compress(rest, 6)) / 1024:.1f}"
                print(f"{lang:8} {sizes:>35} {page_count:6} {statistics.median(timings):10.0f} {max(timings):8.0f}")
            browser.close()
        server.shutdown()
    if over:
        print(f"\nover the {args.budget_kb:.0f} KB budget: {over}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
