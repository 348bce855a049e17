#!/usr/bin/env python3
"""Lighthouse (mobile preset) on every page of both languages.

Builds the site (or takes --site), serves it gzip-compressed under the
site_url path as GitHub Pages does, runs node_modules' Lighthouse 12.2.3
(npm ci) with the system Chromium, and prints per page the four scores,
the first-load transfer (gzip), LCP, TBT and CLS. A benchmark, not a test:
it exits non-zero when a page misses the budget (100 in every category,
at most 80 KB gzip). Each page is audited --runs times and the median run (by
performance score) is kept, as Lighthouse's own docs advise: one run on a
shared 2-core machine is noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_pages  # noqa: E402
import serve_site  # noqa: E402

ROOT = serve_site.ROOT
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking " \
               "--disable-component-update --no-first-run --disable-sync"


def audit(url: str) -> dict:
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    proc = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
        env=env, capture_output=True, text=True, check=True,
    )
    report = json.loads(proc.stdout)
    audits = report["audits"]
    return {
        "scores": [round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES],
        "kb": audits["total-byte-weight"]["numericValue"] / 1024,
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "failed": [a["id"] for a in audits.values()
                   if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one now)")
    parser.add_argument("--pages", nargs="*", help="only these paths, e.g. '' cri/ en/sre/")
    parser.add_argument("--runs", type=int, default=3, help="audits per page (default: %(default)s)")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        parser.error(f"{LIGHTHOUSE} is missing: run 'npm ci' (make bench does)")
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                           cwd=ROOT, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), check=True)
        server, base = serve_site.start(site)
        paths = args.pages if args.pages is not None else bench_pages.pages(site)
        print("| page | perf | a11y | best practices | SEO | first load (KB gzip) | LCP (s) | TBT (ms) | CLS |")
        print("| --- | --: | --: | --: | --: | --: | --: | --: | --: |")
        misses = []
        for path in paths:
            runs = sorted((audit(base + path) for _ in range(args.runs)), key=lambda r: r["scores"][0])
            result = runs[len(runs) // 2]
            perf, a11y, bp, seo = result["scores"]
            print(f"| /{path} | {perf} | {a11y} | {bp} | {seo} | {result['kb']:.1f} | {result['lcp']:.2f} "
                  f"| {result['tbt']:.0f} | {result['cls']:.3f} |", flush=True)
            if min(result["scores"]) < 100 or result["kb"] > 80:
                misses.append(f"/{path}: {result['scores']} {result['kb']:.1f} KB, failed audits {result['failed']}")
        server.shutdown()
    if misses:
        print("\nUnder budget:\n" + "\n".join(misses))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
