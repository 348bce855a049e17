"""Each page with Kubernetes manifests says what they were checked against.

The versions come from one place, ``extra.checked_against`` in mkdocs.yml,
which tests/test_examples.py also reads to validate the examples: the
Kubernetes versions of the API schemas (strict mode), and for each custom
resource the add-on release whose CRD the vendored schema was derived from.
The line goes just before "Key takeaways" (the end of the page's
explanations), in the page's language; a page without a Kubernetes object
in a YAML block gets no line. The line stays out of the search index
(``data-search-exclude``, which Material's search honours).
"""

from __future__ import annotations

import re

import yaml

YAML_BLOCK = re.compile(r"^```yaml[^\n]*\n(.*?)^```", re.S | re.M)
KEY_TAKEAWAYS = re.compile(r"^## .*\{ #key-takeaways \}\s*$", re.M)


def kubernetes_objects(markdown: str) -> list[tuple[str, str]]:
    """(apiVersion, kind) of every Kubernetes object in the page's YAML blocks."""
    found = []
    for block in YAML_BLOCK.findall(markdown):
        try:
            docs = list(yaml.safe_load_all(block))
        except yaml.YAMLError:
            continue  # tests/test_examples.py reports it with its line
        for doc in docs:
            if isinstance(doc, dict) and "apiVersion" in doc and "kind" in doc:
                found.append((str(doc["apiVersion"]), str(doc["kind"])))
    return found


def _and(items: list[str], lang: str) -> str:
    word = " et " if lang == "fr" else " and "
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + word + items[-1]


def sentence(objects: list[tuple[str, str]], checked: dict, lang: str) -> str | None:
    if not objects:
        return None
    versions = _and([str(v) for v in checked["kubernetes"]], lang)
    parts, seen = [], set()
    if any(f"{api} {kind}" not in checked for api, kind in objects):
        parts.append(f"les schémas de l'API de Kubernetes {versions} (mode strict)" if lang == "fr"
                     else f"the Kubernetes {versions} API schemas (strict mode)")
    for api, kind in objects:
        key = f"{api} {kind}"
        if key in checked and key not in seen:
            seen.add(key)
            of = "d'" if str(checked[key])[:1].lower() in "aeiouh" else "de "
            parts.append(f"la CRD <code>{kind}</code> {of}{checked[key]}" if lang == "fr"
                         else f"the <code>{kind}</code> CRD of {checked[key]}")
    if lang == "fr":
        return f"Les manifestes de cette page ont été vérifiés avec {_and(parts, lang)}."
    return f"The manifests on this page were checked against {_and(parts, lang)}."


def on_page_markdown(markdown, page, config, files):
    checked = config["extra"].get("checked_against")
    if not checked:
        return markdown
    lang = "fr" if config.theme["language"] == "fr" else "en"
    line = sentence(kubernetes_objects(markdown), checked, lang)
    match = KEY_TAKEAWAYS.search(markdown)
    if line is None or match is None:
        return markdown
    # Not in the search index: a note about the page, not what it explains.
    # (raw HTML: Markdown would drop the valueless attribute).
    paragraph = f'<p class="checked-against" data-search-exclude>{line}</p>\n\n'
    return markdown[: match.start()] + paragraph + markdown[match.start():]
