"""Facts the fact review found wrong or outdated stay fixed, in both languages.

Each check reads the Markdown pages (code blocks included: the examples are
what readers copy) and, for the CNI operations, the diagrams too. A failure
names the file and the line.
"""

from __future__ import annotations

import re

import pytest

from sitelib import DOCS, all_pages


def page_lines():
    for page in all_pages():
        for line in page.body_lines:
            yield page.display, line.number, line.text


def diagram_lines():
    for svg in sorted((DOCS / "includes" / "diagrams").rglob("*.svg")):
        rel = svg.relative_to(DOCS.parent).as_posix()
        for number, text in enumerate(svg.read_text(encoding="utf-8").splitlines(), 1):
            yield rel, number, text


def report(problems: list[str], what: str) -> None:
    if problems:
        pytest.fail(f"{what}:\n" + "\n".join(problems), pytrace=False)


CNI_OPERATIONS = ("ADD", "DEL", "CHECK", "STATUS", "GC", "VERSION")


def test_cni_operations_are_listed_in_full():
    """A list of CNI operations names the six of spec 1.1, not the four of 1.0."""
    problems = []
    for where, number, text in [*page_lines(), *diagram_lines()]:
        found = {op for op in CNI_OPERATIONS if re.search(rf"\b{op}\b", text)}
        if {"ADD", "DEL", "CHECK", "VERSION"} <= found and found != set(CNI_OPERATIONS):
            missing = ", ".join(op for op in CNI_OPERATIONS if op not in found)
            problems.append(f"{where}:{number}: CNI operations without {missing}")
    report(problems, "CNI spec 1.1 defines ADD, DEL, CHECK, STATUS, GC and VERSION")


def test_nginx_images_use_a_stable_branch():
    """nginx stable branches have an even minor version (1.28, 1.30...); odd ones
    are mainline branches that stop getting fixes once the next one starts."""
    problems = []
    for where, number, text in page_lines():
        for minor in re.findall(r"\bnginx:1\.(\d+)", text):
            if int(minor) % 2:
                problems.append(f"{where}:{number}: nginx:1.{minor} is a mainline branch")
    report(problems, "pin nginx to its current stable branch")


def test_kubelet_runtime_endpoint_flag_is_marked_deprecated():
    """The kubelet reads containerRuntimeEndpoint from its configuration file;
    the --container-runtime-endpoint flag is deprecated."""
    problems = []
    for where, number, text in page_lines():
        if "--container-runtime-endpoint" in text and not (
            "containerRuntimeEndpoint" in text and re.search(r"deprecated|obsolète", text)
        ):
            problems.append(
                f"{where}:{number}: --container-runtime-endpoint shown without "
                "containerRuntimeEndpoint and 'deprecated' / « obsolète »"
            )
    report(problems, "kubelet runtime endpoint")


def test_execsync_is_not_one_of_the_kubectl_streams():
    """ExecSync runs a command synchronously (exec probes); Exec, Attach and
    PortForward prepare the streams behind kubectl exec, attach, port-forward."""
    problems = [
        f"{where}:{number}: ExecSync listed with the streaming calls"
        for where, number, text in page_lines()
        if re.search(r"`ExecSync`,\s*`Exec`", text)
    ]
    report(problems, "CRI ExecSync")


def test_image_pull_policy_defaults_include_the_digest_case():
    """Where a page gives imagePullPolicy's default (Always for :latest or an
    untagged image), it also gives the digest case (IfNotPresent), and never
    says Always downloads the image again at every start: the kubelet asks the
    registry and pulls only when the digest differs."""
    problems = []
    for where, number, text in page_lines():
        if "`Always`" in text and "`:latest`" in text and not re.search(r"digest|empreinte", text):
            problems.append(f"{where}:{number}: imagePullPolicy default given without the digest case")
        if re.search(r"`Always`[^.]*(?:re-?downloads?|pulls? (?:it |the image )?(?:again )?(?:on|at) every"
                     r"|retélécharg|télécharge[^.]*à chaque démarrage)", text) and not re.search(
                         r"only if|que si", text):
            problems.append(f"{where}:{number}: `Always` does not download the image at every start")
    report(problems, "imagePullPolicy")
