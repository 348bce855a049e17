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

Lighthouse slows the CPU down 4x to emulate a mid-tier phone from a
high-end desktop. On a slower host the same 4x emulates a slower phone:
the script prints the host's benchmark index (Lighthouse's own measure,
median of the runs) and the slowdown that Lighthouse's calibration table
gives for it. --cpu-slowdown calibrated runs with that slowdown instead;
the default stays Lighthouse's 4x, so that figures compare across days.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
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


DEFAULT_SLOWDOWN = 4.0


def calibrated_slowdown(benchmark_index: float) -> float:
    """The CPU slowdown that emulates Lighthouse's mid-tier phone on a host
    of this benchmark index: the piecewise-linear mapping of the calculator
    that Lighthouse's docs/throttling.md links to ("Calibrating the CPU
    slowdown"; patrickhulce/lighthouse-cpu-throttling-calculator): 150 -> 1x,
    800 -> 2x, 1300 -> 3x, then 1x more per 233."""
    if benchmark_index < 150:
        raise ValueError(f"benchmark index {benchmark_index:.0f}: the host is too slow to emulate "
                         "Lighthouse's phone at all (the calculator stops at 150)")
    for low, high, at_low, step in ((150, 800, 1, 650), (800, 1300, 2, 500)):
        if benchmark_index < high:
            return at_low + (benchmark_index - low) / step
    return 3 + (benchmark_index - 1300) / 233


def audit(url: str, slowdown: float = DEFAULT_SLOWDOWN) -> dict:
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
    proc = subprocess.run(
        [str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}",
         f"--throttling.cpuSlowdownMultiplier={slowdown:g}"],
        env=env, capture_output=True, text=True, check=True,
    )
    report = json.loads(proc.stdout)
    audits = report["audits"]
    return {
        "benchmark": report["environment"]["benchmarkIndex"],
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
    parser.add_argument("--cpu-slowdown", default=str(DEFAULT_SLOWDOWN), metavar="X|calibrated",
                        help="Lighthouse's CPU slowdown, or 'calibrated' for the one its calibration "
                             "table gives this host, probed once before the audits (default: 4, "
                             "Lighthouse's own)")
    args = parser.parse_args(argv)
    if args.cpu_slowdown != "calibrated":
        try:
            slowdown = float(args.cpu_slowdown)
        except ValueError:
            parser.error(f"--cpu-slowdown: {args.cpu_slowdown!r} is neither a number nor 'calibrated'")
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
        if args.cpu_slowdown == "calibrated":
            try:
                slowdown = calibrated_slowdown(audit(base + paths[0])["benchmark"])
            except ValueError as error:
                server.shutdown()
                parser.exit(2, f"lighthouse.py: --cpu-slowdown calibrated: {error}\n")
        print(f"CPU slowdown {slowdown:.2f}x\n")
        print("| page | perf | a11y | best practices | SEO | first load (KB gzip) | LCP (s) | TBT (ms) | CLS |")
        print("| --- | --: | --: | --: | --: | --: | --: | --: | --: |")
        misses, benchmarks = [], []
        for path in paths:
            runs = sorted((audit(base + path, slowdown) for _ in range(args.runs)), key=lambda r: r["scores"][0])
            benchmarks += [r["benchmark"] for r in runs]
            result = runs[len(runs) // 2]
            perf, a11y, bp, seo = result["scores"]
            print(f"| /{path} | {perf} | {a11y} | {bp} | {seo} | {result['kb']:.1f} | {result['lcp']:.2f} "
                  f"| {result['tbt']:.0f} | {result['cls']:.3f} |", flush=True)
            if min(result["scores"]) < 100 or result["kb"] > 80:
                misses.append(f"/{path}: {result['scores']} {result['kb']:.1f} KB, failed audits {result['failed']}")
        server.shutdown()
    host = statistics.median(benchmarks)
    try:
        advice = f"Lighthouse's calibration gives {calibrated_slowdown(host):.1f}x for it"
    except ValueError as error:
        advice = str(error)
    print(f"\nHost benchmark index: median {host:.0f} (range {min(benchmarks):.0f}-{max(benchmarks):.0f}); "
          f"{advice}; these runs used {slowdown:.2f}x.")
    if misses:
        print("\nUnder budget:\n" + "\n".join(misses))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
