"""pyspelling filter for .pyspelling.yml: HTML prose, one spell check per page.

pyspelling's own HTML filter (pyspelling.filters.html, same options:
ignores, attributes...) has two costs this project does not need:

- it yields one text per block (each <p>, <li>, heading...), and the
  pipeline starts hunspell once per text: with the French dictionary that
  is minutes for the site. Here the blocks of a page become one text, a
  block a line, so hunspell runs once per page; misspelled words are then
  reported per file, which is what tests/test_spelling.py prints anyway;
- it keys its blocks by BeautifulSoup tag, and bs4 hashes a tag by
  serializing it, once per string of the page. Here blocks are keyed by
  identity.

Not a test module: .pyspelling.yml names it ``tests.spelling_filter``, so
pyspelling runs from the repository root (``python -m pyspelling``).
Written against pyspelling 2.13 (pinned in requirements.txt).
"""

from pyspelling.filters.html import HtmlFilter


class PageHtmlFilter(HtmlFilter):
    def set_block(self, node, force=False):
        self.pop_block(node, force)
        if force or self.is_break_tag(node):
            self._block_stack.append((node, self.get_last_descendant(node)))
            self._block_text[id(node)] = []
            self._current_block = node

    def extract_string(self, node, is_comments):
        if is_comments:
            super().extract_string(node, is_comments)
            return
        string = str(node).strip()
        if string:
            self._block_text[id(self._current_block)].extend((string, " "))

    def format_blocks(self):
        blocks = ("".join(parts) for parts in self._block_text.values())
        text = "\n".join(block for block in blocks if block)
        return [(text, "html")] if text else []


def get_plugin():
    return PageHtmlFilter
