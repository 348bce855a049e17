"""Code blocks: copy buttons written into the HTML, and no empty markup.

1. Copy buttons. With ``content.code.copy``, the theme's bundle inserts a
   button into each code block once the page has loaded and reads the
   block's size right after: one layout of the whole page per block. The
   first-hour page has 48 blocks, which cost it about half a second of
   blocking time on Lighthouse's phone. The same markup is written here at
   build time, and the theme's own handler does the copying and says
   "Copied": it listens for clicks on any ``[data-clipboard-target]``
   whatever the features. The theme now mounts a block only when it comes
   into view (``content.lazy``, mkdocs.yml), for its scroll handling alone;
   a block that scrolls sideways takes the keyboard focus from the page's
   load on (overrides/main.html), as it did when every block was mounted.

   A button written here is in the tab order from the start, mounted block
   or not; it is named in the page's language by the theme's own string
   (read from the page's configuration), and sits in a ``<span>``, not in
   the unnamed ``<nav>`` landmark the theme wrapped each one in (a
   ``<nav>`` is not allowed inside ``<pre>`` either). The theme renames
   each ``<pre>`` when it mounts the block, so the button points at an id
   written on the ``<code>``.

   A ``text`` block is what a command prints (CONTRIBUTING.md): it gets no
   button. Nobody copies output, and at phone width the button sat over the
   end of its first line, a column header or a name (the first-hour page's
   16 outputs: 16 Tab stops and buttons fewer).

2. Whitespace. Pygments wraps every run of spaces of a block in its own
   ``<span class="w">``, which no style sheet colours: 401 of the first-hour
   page's 1,700 elements, each styled and laid out at load. The spaces stay,
   the spans go.
"""

from __future__ import annotations

import html
import json
import re

from mkdocs.exceptions import PluginError

CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)
# pymdownx.highlight writes <div class="language-bash highlight"><pre>
# <span></span><code> (pygments_lang_class, mkdocs.yml); a Mermaid block is
# drawn, not copied, and the theme leaves it alone too.
BLOCK = re.compile(r'(?P<div><div class="language-(?P<lang>[\w+-]+) highlight">)?'
                   r'(?P<pre><pre(?![^>]*\bmermaid\b)[^>]*>(?:<span></span>)?)<code>')
OUTPUT = "text"
WHITESPACE = re.compile(r'<span class="w">([ \t\n]*)</span>')
KEY = "clipboard.copy"


def on_page_content(html_, page, config, files):
    return WHITESPACE.sub(r"\1", html_) if 'class="w"' in html_ else html_


def on_post_page(output, page, config):
    if not BLOCK.search(output):
        return output
    found = CONFIG.search(output)
    try:
        name = json.loads(found.group(1))["translations"][KEY]
    except (AttributeError, ValueError, KeyError):
        raise PluginError(f"{page.file.src_uri}: no {KEY!r} translation in the theme's page configuration") from None
    name = html.escape(name)
    count = 0

    def button(match: re.Match) -> str:
        nonlocal count
        if match["lang"] == OUTPUT:
            return match[0]
        count += 1
        target = f"__copy_{count}"
        return (
            f'{match["div"] or ""}{match["pre"]}<span class="md-code__nav"><button type="button" class="md-code__button" '
            f'title="{name}" aria-label="{name}" data-clipboard-target="#{target}" data-md-type="copy">'
            f'</button></span><code id="{target}">'
        )

    return BLOCK.sub(button, output)
