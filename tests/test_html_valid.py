"""Valid HTML: the W3C Nu HTML checker (npm vnu-jar, run with Java) on
every page of the online build and of the offline copy.

The theme's templates gave 150 errors on 25 pages (an empty tabindex on
navigation labels, autocomplete on checkboxes); overrides/hooks/a11y.py
removes them. One Java run per build: the checker starts once and reads
every page.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from sitelib import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _missing(reason: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true but {reason}: .ci/run installs Java, `npm ci` the checker", pytrace=False)
    pytest.skip(reason)


def nu_errors(folder: Path) -> list[str]:
    java = shutil.which("java")
    if not java:
        _missing("no java on PATH")
    if not VNU.exists():
        _missing(f"no {VNU.relative_to(ROOT)} (run npm ci)")
    # --no-langdetect: the checker's language guess only ever gives warnings,
    # which --errors-only drops; guessing cost about 15 % of its CPU time.
    proc = subprocess.run(
        [java, "-Xss4m", "-jar", str(VNU), "--errors-only", "--no-langdetect", "--skip-non-html",
         "--format", "json", str(folder)],
        capture_output=True,
        text=True,
    )
    report = json.loads(proc.stderr or proc.stdout or '{"messages": []}')
    problems = []
    for message in report["messages"]:
        path = Path(unquote(urlsplit(message.get("url", "")).path))
        try:
            where = path.relative_to(folder).as_posix()
        except ValueError:
            where = str(path)
        line = message.get("lastLine")
        problems.append(f"{where}:{line}: {message.get('type')}: {message.get('message')}")
    return problems


def test_online_build_is_valid_html(site):
    problems = nu_errors(site.root)
    assert not problems, f"{len(problems)} Nu checker errors in the online build:\n" + "\n".join(problems[:60])


def test_offline_copy_is_valid_html(offline_root):
    problems = nu_errors(offline_root)
    assert not problems, f"{len(problems)} Nu checker errors in the offline copy:\n" + "\n".join(problems[:60])
