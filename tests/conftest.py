"""Shared fixtures: one strict build of the whole site per test session
(``site``), the offline archive, a served copy, and the browser.

Every test module reads the same build, so a full run costs one online
build and one offline build.
"""

from __future__ import annotations

import fcntl
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sitelib import ROOT, Site, build_errors, site_path_prefix, source_problems  # noqa: E402


def pytest_sessionstart(session):
    """Unreadable sources (a broken mkdocs.yml or front matter, a missing
    snippet, a broken SVG) stop the run at once with one line per problem,
    naming file and line, instead of a traceback in every test module."""
    problems = source_problems()
    if problems:
        pytest.exit("the sources cannot be read:\n" + "\n".join(problems), returncode=1)


def pytest_collection_modifyitems(session, config, items):
    """The placeholder list of a fresh `make new-topic` scaffold
    (test_placeholders.py) runs, and so fails, first. A test that draws in
    Chromium (it needs the browser fixture, even through another fixture)
    must carry the browser marker, or `-m "not browser"` would still start
    Chromium: the run stops, naming the tests."""
    unmarked = [item.nodeid for item in items
                if "browser" in item.fixturenames and not item.get_closest_marker("browser")]
    if unmarked:
        raise pytest.UsageError(
            f"{len(unmarked)} test(s) use the browser without @pytest.mark.browser, first: {unmarked[0]}")
    items.sort(key=lambda item: item.path.name != "test_placeholders.py")


def once_per_run(tmp_path_factory, name: str, make):
    """``make(folder)`` once per test run, its JSON-able result shared.

    Under pytest-xdist every worker has its own session, so a session
    fixture would build the site once per worker; the workers of one run
    share the parent of their base temp folder, and a lock there lets the
    first worker build while the others wait and reuse its output. A failed
    ``make`` records nothing: each worker then reports the failure itself.
    """
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return make(tmp_path_factory.mktemp(name))
    shared = tmp_path_factory.getbasetemp().parent
    folder, done = shared / name, shared / f"{name}.json"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if done.exists():
            return json.loads(done.read_text(encoding="utf-8"))
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir()
        result = make(folder)
        done.write_text(json.dumps(result), encoding="utf-8")
        return result


@pytest.fixture(scope="session")
def build(tmp_path_factory):
    """Run ``mkdocs build --strict`` once; keep its output for the build test."""

    def make(folder):
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        # The online build: pretty URLs, no offline plugin, whatever the
        # caller's shell says.
        env.pop("OFFLINE", None)
        env.pop("DIRECTORY_URLS", None)
        args = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(folder / "site")]
        proc = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
        return {"args": args, "returncode": proc.returncode, "stdout": proc.stdout,
                "stderr": proc.stderr, "site": str(folder / "site")}

    result = once_per_run(tmp_path_factory, "site", make)
    proc = subprocess.CompletedProcess(result["args"], result["returncode"], result["stdout"], result["stderr"])
    return proc, Path(result["site"])


@pytest.fixture(scope="session")
def site(build) -> Site:
    proc, site_dir = build
    if proc.returncode != 0:
        pytest.fail(
            "mkdocs build --strict failed, so there is no site to check:\n"
            + "\n".join(build_errors(proc.stderr)),
            pytrace=False,
        )
    return Site(site_dir)


# -- Browser fixtures --------------------------------------------------------
# The browser tests drive Debian's Chromium through Playwright (never a
# downloaded browser). Without it they skip, except under CI=true where a
# missing browser is a failure: CI must not go green by testing less.

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def system_tool(name: str, package: str) -> str:
    """The path of a command from a Debian package: skipped when missing,
    except under CI=true, where .ci/run must have installed it."""
    found = shutil.which(name)
    if not found:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"CI=true but no {name}: .ci/run installs Debian's {package}", pytrace=False)
        pytest.skip(f"no {name} (Debian package {package})")
    return found


def _no_browser(reason: str):
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI=true but {reason}: .ci/run must install Debian's chromium", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _no_browser(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("Playwright for Python is not installed")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the build under site_url's path, like GitHub Pages does."""

    prefix = "/"

    def translate_path(self, path):
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(self.prefix):])

    def log_message(self, *args):
        pass


def _serve(directory: Path):
    handler = functools.partial(_SiteHandler, directory=str(directory))
    _SiteHandler.prefix = site_path_prefix()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture(scope="session")
def online_url(site):
    """Base URL of the online build, served on loopback under site_url's path."""
    server = _serve(site.root)
    yield f"http://127.0.0.1:{server.server_address[1]}{site_path_prefix()}"
    server.shutdown()


def run_script(name: str, *args: str) -> str:
    """Run scripts/<name> as `make` does; fail the test with its output if it fails."""
    proc = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / name), *args],
        cwd=ROOT,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        pytest.fail(f"scripts/{name} failed:\n" + proc.stdout + proc.stderr, pytrace=False)
    return proc.stdout


@pytest.fixture(scope="session")
def offline_archive(tmp_path_factory):
    """The offline zip, built once by the same script as `make offline`."""

    def make(folder):
        run_script("build_offline.py", "--output", str(folder / "site.zip"))
        return str(folder / "site.zip")

    return Path(once_per_run(tmp_path_factory, "offline", make))


@pytest.fixture(scope="session")
def offline_root(offline_archive, tmp_path_factory) -> Path:
    """The offline archive unpacked into a scratch folder."""
    target = tmp_path_factory.mktemp("unpacked")
    with zipfile.ZipFile(offline_archive) as zf:
        zf.extractall(target)
    roots = [p for p in target.iterdir() if p.is_dir()]
    assert len(roots) == 1, f"the archive should hold one folder, holds {roots}"
    return roots[0]


@pytest.fixture(scope="session")
def offline_url(offline_root) -> str:
    return offline_root.as_uri() + "/"


def page_url(base: str, rel: str, offline: bool) -> str:
    """URL of a page given as its online path ('', 'en/', 'cri/', 'en/cri/')."""
    if not offline:
        return base + rel
    if rel in ("", "en/"):
        return base + rel + "index.html"
    return base + rel.rstrip("/") + ".html"


@pytest.fixture(params=["online", "offline"])
def mode(request):
    """Run a browser test against the served build and the unpacked archive."""
    return request.param


@pytest.fixture
def site_base(mode, request):
    return request.getfixturevalue("online_url" if mode == "online" else "offline_url")


def logged_page(browser, offline: bool, url: str, init_script: str | None = None, **context_args):
    """(context, page, log): a new page at url with every request, console
    message and page error recorded; offline cuts the network.
    init_script runs in the page before any of its own scripts."""
    context = browser.new_context(offline=offline, **context_args)
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    log = {"requests": [], "console": [], "errors": [], "failed": []}
    page.on("request", lambda r: log["requests"].append(r.url))
    # A request the browser cancels (net::ERR_ABORTED: a navigation went
    # on before the favicon, fetched on Chromium's own schedule, came) is
    # no failure of the site: a missing file answers 404, logged below, and
    # a blocked one fails with another error.
    page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED"
            and log["failed"].append(f"{r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and log["failed"].append(f"{r.url} ({r.status})"))
    page.on("console", lambda m: m.type in ("error", "warning") and log["console"].append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: log["errors"].append(str(e)))
    page.goto(url)
    page.wait_for_load_state("load")
    return context, page, log


@pytest.fixture
def open_page(browser, mode, site_base):
    """open_page(rel) -> (page, log): a fresh page (see logged_page) at an
    online path ('', 'en/', 'cri/', 'en/cri/'), served or from the archive."""
    contexts = []

    def _open(rel: str, init_script: str | None = None, **context_args):
        offline = mode == "offline"
        context, page, log = logged_page(browser, offline, page_url(site_base, rel, offline), init_script, **context_args)
        contexts.append(context)
        return page, log

    yield _open
    for context in contexts:
        context.close()
