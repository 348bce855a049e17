#!/usr/bin/env python3
"""How many code examples tests/test_examples.py checks, by kind.

Counts with the test module's own functions (the same blocks, the same
rules), so the figures are those of the tests; it runs no check itself:
`pytest tests/test_examples.py` does.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def main() -> int:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args()
    import test_examples as t
    from sitelib import LANGUAGES, pages

    rows = []
    for lang in LANGUAGES:
        blocks = [b for b in t.ALL_BLOCKS if b.page.startswith(f"docs/{lang}/")]
        count = Counter()
        for block in blocks:
            if block.lang == "yaml":
                for doc in t._yaml_documents(block):
                    if t._is_workflow(doc):
                        count["workflows (actionlint + GitHub workflow schema)"] += 1
                    elif f"{doc.get('apiVersion')} {doc.get('kind')}" in t.CUSTOM_RESOURCES:
                        count[f"custom resources ({doc['kind']}, vendored CRD schema)"] += 1
                    else:
                        count["Kubernetes objects (strict, " + " and ".join(t.KUBERNETES_VERSIONS) + ")"] += 1
            elif block.lang == "json":
                data = json.loads(block.code)
                cni = isinstance(data, dict) and "plugins" in data
                count["CNI configurations (spec fields)" if cni else "other JSON (parses)"] += 1
            elif block.lang == "bash":
                count["bash blocks (bash -n and ShellCheck)"] += 1
            elif block.lang == "console":
                count["console blocks (bash -n on the $ commands)"] += 1
            if block.lang in ("yaml", "json", "bash", "console"):
                count["examples whose lead-in is checked (what it needs)"] += 1
        rows.append((lang, len(blocks), count))
    pairs = compared = 0
    for page in pages("fr"):
        for fr, en in zip(t.blocks_of(page), t.blocks_of(page.twin())):
            pairs += 1
            compared += fr.lang == en.lang and t._without_comments(fr) is not None
    kinds = sorted({k for _, _, c in rows for k in c})
    width = max(map(len, kinds))
    print(f"{'kind':<{width}}  " + "  ".join(f"{lang:>4}" for lang, _, _ in rows))
    for kind in kinds:
        print(f"{kind:<{width}}  " + "  ".join(f"{c[kind]:>4}" for _, _, c in rows))
    print(f"{'code blocks in all':<{width}}  " + "  ".join(f"{n:>4}" for _, n, _ in rows))
    print(f"French/English block pairs compared (same example, comments aside): {compared} of {pairs}"
          " (the others are text blocks, prose in a fixed-width font)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
