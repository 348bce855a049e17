"""A Content-Security-Policy on every page of the online site (issue 17).

GitHub Pages cannot send headers, so the policy is a
``<meta http-equiv="Content-Security-Policy">`` written into each page at
build time, right after ``<meta charset>`` (which must stay within the
first 1024 bytes) and before every script, style sheet and style it
governs. A policy in a ``<meta>`` cannot set ``frame-ancestors``,
``report-uri`` or ``sandbox``; those need headers.

The policy is computed from the page's final bytes: this hook runs after
every other hook and plugin that changes a page's HTML (``on_post_page``
and ``on_post_template`` at priority -200; the French typography hook runs
at -110, static-i18n at -100, the privacy plugin at -50; nothing rewrites
a page afterwards). Each inline ``<script>`` that a browser would run
(every type but data blocks such as ``application/json``, e.g. the theme's
``__config``) and each inline ``<style>`` (the theme's icon variables,
each diagram's own style) is hashed, so that a new inline script or style
is covered the day it is added, and nothing else inline runs:

- ``script-src 'self'`` and the hashes: no ``'unsafe-inline'``, no
  ``'unsafe-eval'`` (neither the theme's bundle nor its search worker needs
  them);
- ``style-src 'self'`` and the hashes; no page has a ``style`` attribute
  (scripts set styles through the CSSOM, which a policy does not block);
- ``img-src 'self' data:``: the theme draws its icons (admonitions, the
  copy button, the check marks) as CSS masks of ``data:`` SVGs;
- ``worker-src 'self'``: the search worker is a file of the site (no
  ``blob:``); ``connect-src 'self'``: the search index and ``sitemap.xml``;
- ``font-src 'self'`` (no web font today; the site's own if one comes),
  ``object-src 'none'``, ``base-uri 'self'``, ``form-action 'none'``
  (the search and palette forms are never submitted).

Not written:

- in the offline copy (Material's ``offline`` plugin enabled): Chromium
  does not match ``file:`` URLs with ``'self'``, and the iframe-worker shim
  that runs search from disk writes an inline script into an iframe,
  different for each page. Files read from disk have no network attacker
  to defend against. README, "Privacy and security".
- under ``mkdocs serve``: its live reload injects an inline script after
  every hook. Build and serve the site (scripts/serve_site.py) to see the
  policy at work.

tests/test_csp.py checks the built pages (one policy, first, every inline
script and style hashed) and, in Chromium, that no reader's action is
refused.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re

from mkdocs.plugins import event_priority

META = '<meta http-equiv="Content-Security-Policy" content="{}">'
EXISTING = re.compile(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', re.I)
# EXISTING, from the white space before it, tries every run of indentation of
# the page (a tenth of a second per ten pages); this finds whether it can
# match at all, for nothing.
EXISTING_TAG = re.compile(r'<meta http-equiv="Content-Security-Policy"', re.I)
CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)
HEAD = re.compile(r"<head(?:\s[^>]*)?>", re.I)
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
SVG = re.compile(r"<svg\b.*?</svg\s*>", re.S | re.I)
TYPE = re.compile(r"""\stype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
SRC = re.compile(r"\ssrc\s*=", re.I)
# Types that a browser runs, or reads as code (import maps, speculation
# rules): every other type is a data block and never runs.
RUN_TYPES = {
    "", "module", "importmap", "speculationrules",
    "text/javascript", "application/javascript", "application/ecmascript",
    "application/x-ecmascript", "application/x-javascript", "text/ecmascript",
    "text/javascript1.0", "text/javascript1.1", "text/javascript1.2",
    "text/javascript1.3", "text/javascript1.4", "text/javascript1.5",
    "text/jscript", "text/livescript", "text/x-ecmascript", "text/x-javascript",
}

_serving = False


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def _offline(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def runs(attrs: str) -> bool:
    """Whether an inline <script> with these attributes is code."""
    match = TYPE.search(attrs)
    kind = next((g for g in match.groups() if g is not None), "") if match else ""
    return kind.strip().lower().split(";")[0].strip() in RUN_TYPES


def inline_hashes(output: str) -> tuple[list[str], list[str]]:
    """Hashes of the page's inline scripts that run and of its <style>s, in
    page order, each once."""
    scripts: list[str] = []
    for match in SCRIPT.finditer(output):
        attrs, text = match.groups()
        if SRC.search(attrs) or not runs(attrs):
            continue
        scripts.append(_hash(text))
    # A <style> inside inline SVG is foreign content: the browser decodes
    # its character references before hashing; in HTML it is raw text.
    in_svg = [m.span() for m in SVG.finditer(output)]
    styles: list[str] = []
    for match in STYLE.finditer(output):
        text = match.group(1)
        if any(start <= match.start() < end for start, end in in_svg):
            text = html.unescape(text.replace("<![CDATA[", "").replace("]]>", ""))
        styles.append(_hash(text))
    return list(dict.fromkeys(scripts)), list(dict.fromkeys(styles))


def policy(scripts: list[str], styles: list[str]) -> str:
    directives = {
        "default-src": ["'self'"],
        # 'report-sample': a refused inline script or style names its first
        # characters in the violation event (tests/test_csp.py prints them).
        "script-src": ["'self'", "'report-sample'", *scripts],
        "style-src": ["'self'", "'report-sample'", *styles],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def add_policy(output: str) -> str:
    """The page with its policy, computed from everything else in it."""
    if EXISTING_TAG.search(output):
        output = EXISTING.sub("", output)
    meta = META.format(policy(*inline_hashes(output)))
    head = HEAD.search(output)
    if not head:
        return output
    charset = CHARSET.search(output, head.end())
    at = charset.end() if charset and charset.start() - head.end() < 200 else head.end()
    return output[:at] + meta + output[at:]


def _enabled(config) -> bool:
    return not _serving and not _offline(config)


@event_priority(-200)
def on_post_page(output, page, config):
    return add_policy(output) if _enabled(config) else output


@event_priority(-200)
def on_post_template(output, template_name, config):
    if not template_name.endswith(".html") or not _enabled(config):
        return output
    return add_policy(output)
