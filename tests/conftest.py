"""Shared fixtures: one strict build of the whole site per test session.

Every test module reads the same build (``site``) and the same Markdown
sources (``pages``), so a full run costs one build.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sitelib import ROOT, Site  # noqa: E402


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    """Run ``mkdocs build --strict`` once; keep its output for the build test."""
    site_dir = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # The online build: pretty URLs, no offline plugin, whatever the caller's
    # shell says.
    env.pop("OFFLINE", None)
    env.pop("DIRECTORY_URLS", None)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    return proc, site_dir


@pytest.fixture(scope="session")
def site(build) -> Site:
    proc, site_dir = build
    if proc.returncode != 0:
        pytest.fail(
            "mkdocs build --strict failed, so there is no site to check:\n"
            + "\n".join(line for line in proc.stderr.splitlines() if "INFO" not in line),
            pytrace=False,
        )
    return Site(site_dir)
