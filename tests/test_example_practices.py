"""Examples teach the practices the project itself follows.

A newcomer copies a page's workflow as it is, so it must hold to the rules
the repository's own workflows are tested for (tests/test_workflows.py):
every action pinned to a full commit hash, the version named in a comment
on the line above (a comment at the end of the line is cut off on a phone),
and a read-only token. When the repository uses the same action, the page
shows the same pin, so that Dependabot's updates of the workflows remind
whoever reviews them that a page example needs the same bump.

Arithmetic in the text uses the multiplication sign, never the letter x.
"""

from __future__ import annotations

import re
import pytest
import yaml
from sitelib import FENCE, ROOT, Line, all_pages

WORKFLOWS = ROOT / ".github" / "workflows"
USES = re.compile(r"^(?P<indent>\s*)(?:-\s+)?uses:\s*(?P<ref>\S+)")
PIN = re.compile(r"^(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})$")
VERSION_COMMENT = re.compile(r"^\s*#\s*(?P<action>[\w.-]+/[\w./-]+)\s+(?P<version>v\d+(?:\.\d+){0,2})\s*$")
# Numbers on both sides of an x, not inside a name such as the pod
# web-5c8d7f9b64-k2x7q of a command's output, nor a hexadecimal 0x1F.
LETTER_X = re.compile(r"(?<![\w.-])\d+(?:[.,]\d+)?\s?x\s?\d+(?:[.,]\d+)?(?![\w-])")


def code_blocks(wanted: str, page_list=None):
    """(page, line of the opening fence, code lines) of every block in language ``wanted``."""
    for page in all_pages() if page_list is None else page_list:
        current = None
        for line in page.body_lines:
            if FENCE.match(line.text):
                if current is None:
                    lang = line.text.strip().lstrip("`~").strip()
                    current = (line.number, lang, [])
                else:
                    if current[1] == wanted:
                        yield page, current[0], current[2]
                    current = None
                continue
            if current is not None:
                current[2].append(line.text)


def workflow_examples():
    out = []
    for page, start, lines in code_blocks("yaml"):
        for doc in yaml.safe_load_all("\n".join(lines)):
            # PyYAML reads the key 'on' as True.
            if isinstance(doc, dict) and "jobs" in doc and ("on" in doc or True in doc):
                out.append(pytest.param(page, start, lines, doc, id=f"{page.display}:{start}"))
    return out


def repository_pins() -> dict[str, str]:
    pins = {}
    for path in sorted(WORKFLOWS.glob("*.y*ml")):
        for text in path.read_text(encoding="utf-8").splitlines():
            match = USES.match(text)
            pin = PIN.match(match["ref"]) if match else None
            if pin:
                pins.setdefault(pin["action"], pin["sha"])
    return pins


EXAMPLES = workflow_examples()


def test_the_site_has_a_workflow_example():
    if not EXAMPLES:
        pytest.fail("no GitHub Actions workflow example found on any page (the CI/CD page shows one)", pytrace=False)


@pytest.mark.parametrize("page,start,lines,doc", EXAMPLES)
def test_workflow_example_pins_actions_and_names_versions(page, start, lines, doc):
    problems = []
    known = repository_pins()
    for offset, text in enumerate(lines, 1):
        match = USES.match(text)
        if not match or match["ref"].startswith("./"):
            continue
        where = f"{page.display}:{start + offset}"
        pin = PIN.match(match["ref"])
        if not pin:
            problems.append(f"{where}: '{match['ref']}' is not pinned to a full commit hash (owner/repo@<40 hex>)")
            continue
        above = VERSION_COMMENT.match(lines[offset - 2]) if offset >= 2 else None
        if not above or above["action"] != pin["action"]:
            problems.append(f"{where}: the line above must be a comment naming the version, '# {pin['action']} vX.Y.Z'")
        if "#" in text.split("@", 1)[1]:
            problems.append(f"{where}: comment at the end of the line (hidden on a phone); put it on the line above")
        if pin["action"] in known and known[pin["action"]] != pin["sha"]:
            problems.append(f"{where}: {pin['action']} pinned to {pin['sha'][:12]}…, the repository's workflows use "
                            f"{known[pin['action']][:12]}…: bump both together")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.mark.parametrize("page,start,lines,doc", EXAMPLES)
def test_workflow_example_token_is_read_only(page, start, lines, doc):
    where = f"{page.display}:{start}"
    permissions = doc.get("permissions")
    if permissions != {"contents": "read"}:
        pytest.fail(f"{where}: top-level 'permissions' must be exactly 'contents: read', found {permissions!r}",
                    pytrace=False)
    for name, job in (doc.get("jobs") or {}).items():
        if isinstance(job, dict) and "permissions" in job:
            pytest.fail(f"{where}: job '{name}' widens the token's permissions", pytrace=False)


@pytest.mark.parametrize("page", all_pages(), ids=lambda p: p.display)
def test_arithmetic_uses_the_multiplication_sign(page):
    # Prose (inline code and link targets aside) and text blocks, where
    # arithmetic is written out; other code keeps its own syntax.
    lines = list(page.prose_lines)
    for _, start, block in code_blocks("text", [page]):
        lines += [Line(start + i, text) for i, text in enumerate(block, 1)]
    problems = [
        f"{page.display}:{line.number}: multiplication written with the letter x: {m.group(0)!r} (write ×)"
        for line in lines
        for m in LETTER_X.finditer(re.sub(r"`[^`]*`|\]\([^)]*\)", "", line.text))
    ]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
