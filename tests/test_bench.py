"""The benchmark scripts' own machinery (their numbers are in the README, not
asserted here): a growth benchmark that cannot copy the project measures
nothing."""

from __future__ import annotations

import subprocess

import pytest

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


def test_the_calibrated_slowdown_follows_lighthouse_s_table():
    """Lighthouse's calibration calculator: 150 -> 1x, 800 -> 2x, 1300 -> 3x,
    1533 -> 4x (the desktop its 4x default assumes), continuous in between."""
    slowdown = load_script("lighthouse").calibrated_slowdown
    for index, expected in ((150, 1), (475, 1.5), (800, 2), (1050, 2.5), (1300, 3), (1533, 4), (2000, 6)):
        assert abs(slowdown(index) - expected) < 0.01, f"benchmark index {index}: {slowdown(index):.2f}x, not {expected}x"
    for edge in (800, 1300):
        assert abs(slowdown(edge - 1e-6) - slowdown(edge)) < 1e-3, f"the slowdown jumps at {edge}"
    with pytest.raises(ValueError, match="too slow"):
        slowdown(120)
