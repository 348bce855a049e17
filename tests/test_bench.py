"""The benchmark scripts' own machinery (their numbers are in the README, not
asserted here): a growth benchmark that cannot copy the project measures
nothing."""

from __future__ import annotations

import subprocess

from sitelib import ROOT, load_script


def test_bench_scale_copies_a_commit_with_its_history(tmp_path):
    """bench_scale --ref copied .git twice and stopped with FileExistsError
    before measuring anything."""
    bench = load_script("bench_scale")
    copy = bench.copy_project(tmp_path / "project", "HEAD")
    assert (copy / "mkdocs.yml").read_bytes() == subprocess.run(
        ["git", "show", "HEAD:mkdocs.yml"], cwd=ROOT, capture_output=True, check=True).stdout
    log = subprocess.run(["git", "log", "-1", "--format=%H", "--", "docs"], cwd=copy, capture_output=True, text=True)
    assert log.returncode == 0 and log.stdout.strip(), f"the copy has no git history for docs/: {log.stderr}"
