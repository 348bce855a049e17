"""The theme's stylesheets without the rules no page can use.

Material ships one stylesheet for all its features (blog authors, tabs,
cards, annotations, twenty primary colours…); this site uses a few of
them, and the whole file is about a third of every page's first load. After
the build, this hook removes each style rule whose selector names a class
(or a colour attribute value) that appears nowhere the site could produce
it: not in any built page, and not as a word in any script the pages load
(the theme's bundle and workers, the project's scripts, the inline scripts).

It errs on the side of keeping:

- a selector counts only the classes outside parentheses, so
  ``:not(.md-x)`` and ``:is(…)`` never make a rule go;
- every word of those scripts counts as a name, and a string ending in
  ``-`` or ``_`` (``"language-"``) keeps every class that starts with it,
  for names built at run time;
- @font-face, @keyframes and other at-rules are kept whole; @media and
  @supports blocks are purged inside, and dropped only when empty.

tests/test_css_purge.py checks that pages look the same, pixel for pixel,
with the full and the purged stylesheets, in both palettes and at phone and
desktop widths, and that interactive states (search, drawer, tooltips) keep
their rules.
"""

from __future__ import annotations

import re
from pathlib import Path

# Written without the leading \b that the attributes need (_attributes
# checks it): a pattern that starts with its literal text is found by a fast
# scan, which cut the time spent reading the pages by half.
CLASS_ATTR = re.compile(r'class="([^"]*)"')
SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.S)
SCRIPT_SRC = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"')
TOKEN = re.compile(r"[A-Za-z_][\w-]*")
# The start of a name completed at run time: "md-tooltip2--" + state.
PREFIX = re.compile(r"([A-Za-z_][\w-]*[-_])[\"'`]")
COLOUR_ATTR = re.compile(r'(data-md-color-[a-z]+)="([^"]*)"')
SELECTOR_CLASS = re.compile(r"\.((?:[\w-]|\\.)+)")
SELECTOR_COLOUR = re.compile(r"\[(data-md-color-[a-z]+)=[\"']?([\w-]+)[\"']?\]")
THEME_SHEETS = ("main.*.min.css", "palette.*.min.css")


def _attributes(pattern: re.Pattern, text: str) -> list:
    """``findall`` of ``\\b`` + ``pattern``: the matches that do not follow a
    word character."""
    found, at = [], 0
    while match := pattern.search(text, at):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            at = start + 1
            continue
        found.append(match.group(1) if pattern.groups == 1 else match.groups())
        at = match.end()
    return found


def known_names(site: Path) -> tuple[set[str], set[str], dict[str, set[str]]]:
    """(class names, name prefixes, colour attribute values) the site can produce."""
    names: set[str] = set()
    prefixes: set[str] = set()
    colours: dict[str, set[str]] = {}
    # Every page repeats the same inline scripts and class lists: each is
    # read once (a dict keeps the order, for no reason but a stable run).
    scripts, sources, values = {}, set(), set()
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        values.update(_attributes(CLASS_ATTR, text))
        for attr, value in _attributes(COLOUR_ATTR, text):
            colours.setdefault(attr, set()).add(value)
        scripts.update(dict.fromkeys(SCRIPT.findall(text)))
        for src in SCRIPT_SRC.findall(text):
            sources.add((page.parent / src.split("?")[0]).resolve())
    for value in values:
        names.update(value.split())
    # The scripts the pages load, which are what can add classes to a page;
    # workers cannot touch the page, and lunr's language files are data.
    for js in sorted(sources):
        if js.is_file():
            scripts[js.read_text(encoding="utf-8", errors="replace")] = None
    for script in scripts:
        # Every word of the script, in strings or not: finding string
        # literals in minified code is guesswork, and a word too many only
        # keeps a rule.
        names.update(TOKEN.findall(script))
        prefixes.update(PREFIX.findall(script))
    return names, prefixes, colours


def _split_top(text: str, sep: str = ",") -> list[str]:
    """Split on ``sep`` outside parentheses and brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _outside_parens(selector: str) -> str:
    out, depth = [], 0
    for ch in selector:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0:
            out.append(ch)
    return "".join(out)


def selector_is_possible(selector: str, names, prefixes, colours) -> bool:
    bare = _outside_parens(selector)
    for name in SELECTOR_CLASS.findall(bare):
        name = name.replace("\\", "")
        if name not in names and not any(name.startswith(p) for p in prefixes):
            return False
    for attr, value in SELECTOR_COLOUR.findall(bare):
        if attr in colours and value not in colours[attr] and value not in names:
            return False
    return True


def _blocks(css: str) -> list[tuple[str, str]]:
    """Top-level (prelude, body) pairs; body without its braces. Statements
    such as @charset come back with an empty body and a prelude ending in ';'."""
    out, i, n = [], 0, len(css)
    while i < n:
        j = i
        while j < n and css[j] not in "{;":
            if css[j] in "\"'":
                j = css.index(css[j], j + 1)
            j += 1
        if j >= n:
            break
        if css[j] == ";":
            out.append((css[i:j + 1], None))
            i = j + 1
            continue
        depth, k = 1, j + 1
        while depth:
            ch = css[k]
            if ch in "\"'":
                k = css.index(ch, k + 1)
            elif ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            k += 1
        out.append((css[i:j], css[j + 1:k - 1]))
        i = k
    return out


def purge(css: str, names, prefixes, colours) -> str:
    out = []
    for prelude, body in _blocks(css):
        head = prelude.strip()
        if body is None:
            out.append(head)
        elif head.startswith(("@media", "@supports", "@container", "@layer")):
            inner = purge(body, names, prefixes, colours)
            if inner:
                out.append(f"{head}{{{inner}}}")
        elif head.startswith("@"):
            out.append(f"{head}{{{body}}}")
        else:
            kept = [s for s in _split_top(head) if selector_is_possible(s, names, prefixes, colours)]
            if kept:
                out.append(f"{','.join(kept)}{{{body}}}")
    return "".join(out)


def purge_site(site: Path) -> list[tuple[str, int, int]]:
    names, prefixes, colours = known_names(site)
    done = []
    for pattern in THEME_SHEETS:
        for sheet in (site / "assets" / "stylesheets").glob(pattern):
            css = sheet.read_text(encoding="utf-8")
            # The source map comment points at the full file; it stays valid
            # enough for a reader of the devtools.
            slim = purge(css, names, prefixes, colours)
            sheet.write_text(slim, encoding="utf-8")
            done.append((sheet.name, len(css), len(slim)))
    return done


def on_post_build(config):
    import os

    # CSS_PURGE=0 builds the full stylesheets, to compare (tests/test_css_purge.py).
    if os.environ.get("CSS_PURGE", "1") == "0":
        return
    purge_site(Path(config["site_dir"]))
