"""The Content-Security-Policy of the online site (issue 17,
overrides/hooks/csp.py): present on every page, first in <head>, covering
every inline script and style by its hash and nothing more; and in
Chromium, no reader's action is refused by it.

The static checks parse each built page as a browser does (html5lib), so a
hash the hook computed wrong, or an inline script added after the hook ran,
fails here by name. The browser walk records every securitypolicyviolation
event (a listener set before any of the page's scripts) and every console
message about the policy.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re

import html5lib
import pytest

from sitelib import LANGUAGES, browser_pages, search

CSP = "content-security-policy"
# Inline script types a browser runs; any other type is a data block
# (the theme's __config is application/json).
RUN_TYPES = {"", "module", "importmap", "speculationrules", "text/javascript", "application/javascript"}
HANDLER = re.compile(r"^on[a-z]+$")
REQUIRED = {
    "default-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'none'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
}
SHA = re.compile(r"'sha(?:256|384|512)-[^']+'(?: 'sha(?:256|384|512)-[^']+')*")
DATA_URL = re.compile(r"data:[^']{40,}(?=')")
HASH = re.compile(r"^'sha(256|384|512)-[A-Za-z0-9+/]+={0,2}'$")


def parse_policy(text: str) -> dict[str, list[str]]:
    directives = {}
    for part in text.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), words[1:])
    return directives


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def page_tree(site, rel):
    # html5lib builds the tree a browser builds: SVG <style> text decoded
    # as foreign content, script text as raw text. Its own ElementTree
    # builder, not BeautifulSoup's: the same parser, twice as fast.
    return html5lib.parse((site.root / rel).read_text(encoding="utf-8"), treebuilder="etree",
                          namespaceHTMLElements=False)


def name(element) -> str:
    """The tag without its namespace ("{http://www.w3.org/2000/svg}style" is
    "style"); "" for a comment."""
    return element.tag.rpartition("}")[2] if isinstance(element.tag, str) else ""


def elements(tree, tag=None):
    return [e for e in tree.iter() if name(e) and (tag is None or name(e) == tag)]


@pytest.fixture(scope="module")
def trees(site):
    return {site.rel(path): page_tree(site, site.rel(path)) for path in site.html_files()}


def policy_metas(tree):
    return [m for m in elements(tree, "meta") if (m.get("http-equiv") or "").lower() == CSP]


def policies(trees):
    """(page, its tree, its parsed policy) for each page that has a policy;
    a page without one is reported by the test just below."""
    for rel, tree in trees.items():
        metas = policy_metas(tree)
        if metas:
            yield rel, tree, parse_policy(metas[0].get("content", ""))


def test_every_page_has_one_policy_before_what_it_governs(trees):
    problems = []
    for rel, tree in trees.items():
        metas = policy_metas(tree)
        if len(metas) != 1:
            problems.append(f"{rel}: {len(metas)} Content-Security-Policy <meta> (want exactly 1)")
            continue
        meta = metas[0]
        head = [child for child in tree.find("head") if name(child)]
        # First in <head>; only <meta charset> may come before it (the
        # encoding must be declared within the first 1024 bytes).
        before = head[: head.index(meta)] if meta in head else None
        if before is None:
            problems.append(f"{rel}: the policy <meta> is not a child of <head>")
        elif [t for t in before if not (name(t) == "meta" and "charset" in t.attrib)]:
            problems.append(f"{rel}: <{name(before[0])}> comes before the policy in <head>")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_policy_is_strict(trees):
    problems = []
    for rel, tree, policy in policies(trees):
        for directive, values in policy.items():
            for bad in ("'unsafe-inline'", "'unsafe-eval'", "'wasm-unsafe-eval'", "*", "http:", "https:", "blob:"):
                if bad in values:
                    problems.append(f"{rel}: {directive} allows {bad}")
        for directive, want in REQUIRED.items():
            if policy.get(directive) != want:
                problems.append(f"{rel}: {directive} is {policy.get(directive)}, want {' '.join(want)}")
        for directive in ("script-src", "style-src"):
            values = policy.get(directive)
            if not values or values[0] != "'self'" or not all(HASH.match(v) or v == "'report-sample'" for v in values[1:]):
                problems.append(f"{rel}: {directive} should be 'self' and hashes only, is {values}")
        if "frame-ancestors" in policy:
            problems.append(f"{rel}: frame-ancestors is ignored in a <meta> policy (browsers warn)")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_every_inline_script_and_style_is_hashed(trees):
    problems = []
    for rel, tree, policy in policies(trees):
        scripts, styles = set(policy.get("script-src", [])), set(policy.get("style-src", []))
        for number, script in enumerate(elements(tree, "script"), 1):
            kind = (script.get("type") or "").strip().lower()
            if "src" in script.attrib or kind not in RUN_TYPES:
                continue
            text = script.text or ""
            if sha256(text) not in scripts:
                start = " ".join(text.split())[:70]
                problems.append(f"{rel}: inline script #{number} has no hash in script-src: {start!r}")
        for style in elements(tree, "style"):
            text = "".join(style.itertext())
            if sha256(text) not in styles:
                start = " ".join(text.split())[:70]
                problems.append(f"{rel}: <style> has no hash in style-src: {start!r}")
        for element in elements(tree):
            tag = name(element)
            for attr in element.attrib:
                if HANDLER.match(attr):
                    problems.append(f"{rel}: <{tag} {attr}=...>: event handler attributes never run")
            if "style" in element.attrib:
                problems.append(f"{rel}: <{tag} style={element.get('style')[:40]!r}>: style attributes are refused")
            for attr in ("href", "src", "action", "formaction"):
                if (element.get(attr) or "").strip().lower().startswith("javascript:"):
                    problems.append(f"{rel}: <{tag} {attr}=javascript:...> is refused")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_offline_copy_has_no_policy(offline_root):
    # Decision (README, "Privacy and security"): no policy from file://.
    found = [p.relative_to(offline_root).as_posix() for p in sorted(offline_root.rglob("*.html"))
             if "Content-Security-Policy" in p.read_text(encoding="utf-8")]
    if found:
        pytest.fail(f"the offline copy carries a policy, which breaks it from file://: {found[:5]}", pytrace=False)


# -- In the browser ----------------------------------------------------------

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push({
    directive: event.effectiveDirective || event.violatedDirective,
    blocked: event.blockedURI,
    sample: event.sample,
    where: (event.sourceFile || "") + ":" + event.lineNumber
  });
}, true);
"""


def online_path(page) -> str:
    stem = page.rel[: -len(".md")]
    prefix = "en/" if page.lang == "en" else ""
    return prefix if stem == "index" else f"{prefix}{stem}/"


class Walk:
    """One browser tab with the violation listener; problems named by page."""

    def __init__(self, browser, base):
        self.base = base
        self.context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
        self.context.add_init_script(LISTEN)
        self.page = self.context.new_page()
        self.console = []
        self.page.on("console", lambda m: self.console.append(m.text))
        self.problems = []
        self.visited = []

    def open(self, rel):
        self.collect()
        self.page.goto(rel if "://" in rel else self.base + rel)
        self.page.wait_for_load_state("load")
        self.visited.append(rel.replace(self.base, "") or "(home)")

    def collect(self, action=""):
        """Record the violations of the current page so far."""
        if not self.visited:
            return
        where = self.visited[-1] + (f" after {action}" if action else "")
        for v in self.page.evaluate("window.__cspViolations ? window.__cspViolations.splice(0) : []"):
            self.problems.append(
                f"{where}: {v['directive']} refused {v['blocked'] or '(inline)'}"
                + (f" {v['sample'][:60]!r}" if v["sample"] else "") + f" at {v['where']}"
            )
        # The console also reports what the listener cannot see (an iframe's
        # or a worker's own violations).
        for text in self.console:
            if "Content Security Policy" in text or "Content-Security-Policy" in text:
                short = DATA_URL.sub(lambda m: m.group(0)[:40] + "…", SHA.sub("(hashes)", text))
                self.problems.append(f"{where}: console: {short[:220]}")
        self.console.clear()


@pytest.fixture
def walk(browser, online_url):
    w = Walk(browser, online_url)
    yield w
    w.context.close()


@pytest.mark.browser
def test_every_page_loads_without_violation(walk):
    rels = [online_path(p) for lang in LANGUAGES for p in browser_pages(lang)] + ["404.html"]
    for rel in rels:
        walk.open(rel)
        walk.page.wait_for_load_state("networkidle")
        walk.collect("load")
        # The first abbreviation's tooltip (positioned by the bundle).
        abbr = walk.page.locator("abbr[tabindex]").first
        if abbr.count():
            abbr.focus()
            walk.page.wait_for_timeout(100)
        walk.collect("tooltip")
    walk.collect()
    print(f"{len(walk.visited)} pages loaded, {len(walk.problems)} policy violations")
    if walk.problems:
        pytest.fail(f"{len(walk.problems)} policy violations on {len(walk.visited)} pages:\n"
                    + "\n".join(walk.problems), pytrace=False)


def _toggle_palette(walk):
    # Each click moves to the next palette entry, whose media query the
    # theme writes on <body>.
    before = walk.page.locator("body").get_attribute("data-md-color-media")
    walk.page.locator("form[data-md-component=palette] label:visible").first.click()
    walk.page.wait_for_function(
        f"document.body.getAttribute('data-md-color-media') !== {json.dumps(before)}", timeout=3000)


@pytest.mark.browser
@pytest.mark.parametrize("start,query,topic", [("", "déploiement", "ci-cd/"), ("en/glossary/", "rollback", "en/gitops/")])
def test_reader_actions_cause_no_violation(walk, start, query, topic):
    walk.open(start)

    def step(name):
        walk.collect(name)

    results = search(walk.page, query)
    if not results:
        walk.problems.append(f"{start or '(home)'}: search for {query!r} found nothing")
    step("search")

    # Enter in the search box opens the first result (the search form is
    # never submitted: form-action 'none'); the result page highlights the
    # words (?h=).
    with walk.page.expect_navigation():
        walk.page.locator("input.md-search__input").press("Enter")
    walk.page.wait_for_load_state("networkidle")
    walk.visited.append(walk.page.url.replace(walk.base, "") + " (first result)")
    step("search result")
    _toggle_palette(walk)
    step("palette toggle")

    # A self-check question, then a code block's copy button.
    walk.open(topic)
    question = walk.page.locator("details.question > summary").first
    question.click()
    if question.locator("xpath=..").get_attribute("open") is None:
        walk.problems.append(f"{walk.visited[-1]}: the self-check question did not open")
    step("self-check")
    button = walk.page.locator(".md-code__button, button.md-clipboard").first
    button.scroll_into_view_if_needed()
    button.click()
    walk.page.wait_for_timeout(300)
    copied = walk.page.evaluate("navigator.clipboard.readText()")
    if not copied.strip():
        walk.problems.append(f"{walk.visited[-1]}: the copy button copied nothing")
    step("copy")

    # Switch language: the other language's page must load clean too.
    lang = walk.page.locator("html").get_attribute("lang")
    target = "fr" if lang == "en" else "en"
    walk.page.locator(".md-select").first.hover()
    walk.page.locator(f"a.md-select__link[hreflang={target}]").click()
    walk.page.wait_for_function(f"document.documentElement.lang === '{target}'", timeout=5000)
    walk.page.wait_for_load_state("load")
    walk.visited.append(f"{walk.page.url.replace(walk.base, '') or '(home)'} (language switch)")
    search(walk.page, query)
    step("search in the other language")

    # The phone's menu drawer.
    walk.page.keyboard.press("Escape")
    walk.page.set_viewport_size({"width": 390, "height": 800})
    walk.page.locator("[data-a11y-menu]").click()
    walk.page.wait_for_timeout(300)
    step("menu")
    if walk.problems:
        pytest.fail(f"policy violations while reading from {start or '(home)'}:\n" + "\n".join(walk.problems),
                    pytrace=False)
