"""Where the reading-progress controls go (docs/assets/javascripts/progress.js).

The places are written at build time as empty, hidden boxes, which the
script fills and shows; without JavaScript they stay hidden and empty.
When the script inserted the boxes itself, each insertion into the article
made the browser restyle every element of the article (the theme's
``:last-child`` and sibling rules), just after the page's first layout:
on the first-hour page, 1,166 elements, 50 to 70 ms of style work under
Lighthouse's fourfold CPU slowdown, in one of the page's long tasks.

- "check" (a topic page): after the self-check's questions, before the
  next section.
- "read" (a topic page): at the end of the page.
- "path" (the home page): after the first paragraph of the learning path.

A page with neither section gets nothing.
"""

from __future__ import annotations

import re

BOX = '<div class="cn-progress" data-cn-progress="{}" hidden></div>'
SECTION = re.compile(r'<h2 id="(check-yourself|the-path)"')
NEXT_H2 = re.compile(r"<h2[\s>]")


def on_page_content(html, page, config, files):
    found = {m.group(1): m for m in SECTION.finditer(html)}
    if "check-yourself" in found:
        after = found["check-yourself"].end()
        nxt = NEXT_H2.search(html, after)
        at = nxt.start() if nxt else len(html)
        html = html[:at] + BOX.format("check") + "\n" + html[at:] + "\n" + BOX.format("read")
    elif "the-path" in found:
        heading_end = html.index("</h2>", found["the-path"].end()) + len("</h2>")
        rest = html[heading_end:]
        # The first paragraph right under the heading, if there is one.
        para = re.match(r"\s*<p[\s>].*?</p>", rest, re.S)
        at = heading_end + (para.end() if para else 0)
        html = html[:at] + "\n" + BOX.format("path") + html[at:]
    return html
