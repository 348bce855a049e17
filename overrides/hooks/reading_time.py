"""Replace ``[[reading-time: page.md]]`` with that page's reading time.

The home page's learning path shows how long each page takes to read;
computing it at build time keeps the figure true when a page grows.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

TOKEN = re.compile(r"\[\[reading-time:\s*([\w./-]+\.md)\s*\]\]")
WORDS_PER_MINUTE = 200  # a careful read of technical prose


def words_to_read(markdown: str) -> int:
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)  # code is skimmed
    text = re.sub(r"<[^>]+>|--8<--.*", "", text)
    return len(re.findall(r"\w+", text))


def minutes(path: Path) -> int:
    return max(1, math.ceil(words_to_read(path.read_text(encoding="utf-8")) / WORDS_PER_MINUTE))


def on_page_markdown(markdown, page, config, files):
    folder = Path(page.file.abs_src_path).parent

    def replace(match):
        target = folder / match.group(1)
        if not target.is_file():
            raise ValueError(f"{page.file.src_uri}: [[reading-time]] names a missing page {match.group(1)}")
        return f"{minutes(target)} min"

    return TOKEN.sub(replace, markdown)
