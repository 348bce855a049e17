"""Reading times computed at build time, so that they stay true when a page grows.

- ``[[reading-time: page.md]]`` becomes that page's reading time, "9 min"
  (in French with a no-break space, "9\u00a0min", so that the unit never
  starts a line);
- ``[[reading-time: total]]`` becomes the time to read every page the
  learning path links (its reading-time tokens), in words: "une heure et
  demie", "a little over an hour".
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

TOKEN = re.compile(r"\[\[reading-time:\s*([\w./-]+\.md)\s*\]\]")
TOTAL = re.compile(r"\[\[reading-time:\s*total\s*\]\]")
WORDS_PER_MINUTE = 200  # a careful read of technical prose


# Cached on the text: the home page counts each page of its learning path twice
# (the page's own time and the total).
@functools.lru_cache(maxsize=1024)
def words_to_read(markdown: str) -> int:
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)  # code is skimmed
    text = re.sub(r"<[^>]+>|--8<--.*", "", text)
    return len(re.findall(r"\w+", text))


def minutes(path: Path) -> int:
    return max(1, math.ceil(words_to_read(path.read_text(encoding="utf-8")) / WORDS_PER_MINUTE))


def duration(total: int, lang: str) -> str:
    """About how long ``total`` minutes are, in words, rounded to a quarter
    of an hour above 45 minutes."""
    if total < 45:
        return f"{total}\u00a0minutes" if lang == "fr" else f"{total} minutes"
    quarters = round(total / 15)
    hours, rest = divmod(quarters, 4)
    if lang == "fr":
        unit = "une heure" if hours == 1 else f"{hours}\u00a0heures"
        return {0: unit, 1: f"{unit} et quart", 2: f"{unit} et demie", 3: f"{unit} trois quarts"}[rest]
    unit = "an hour" if hours == 1 else f"{hours} hours"
    if rest == 0:
        return f"about {unit}"
    return {1: f"a little over {unit}", 2: f"{unit} and a half", 3: f"nearly {hours + 1} hours"}[rest]


def on_page_markdown(markdown, page, config, files):
    folder = Path(page.file.abs_src_path).parent
    french = config.theme["language"] == "fr"

    def target_of(name: str) -> Path:
        target = folder / name
        if not target.is_file():
            raise ValueError(f"{page.file.src_uri}: [[reading-time]] names a missing page {name}")
        return target

    def replace(match):
        n = minutes(target_of(match.group(1)))
        return f"{n}\u00a0min" if french else f"{n} min"

    if TOTAL.search(markdown):
        total = sum(minutes(target_of(name)) for name in dict.fromkeys(TOKEN.findall(markdown)))
        markdown = TOTAL.sub(duration(total, "fr" if french else "en"), markdown)
    return TOKEN.sub(replace, markdown)
