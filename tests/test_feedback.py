"""Feedback without tracking: every page links to its source file on GitHub
("Edit this page") and to a new issue prefilled with the page's title,
address, language and commit ("Report a problem"); the 404 page and the PDF
say where to report. Plain links built at build time from one setting,
``extra.repository`` (overrides/hooks/feedback.py): no script, no GitHub API.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from sitelib import LANGUAGES, ROOT, Page, _load_hook, load_script, mkdocs_config, pages

REPOSITORY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")
# What a well-formed link may hold once URL-encoded: no space, quote, < or
# raw non-ASCII character.
URL_CHARS = re.compile(r"^https://[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+$")
LABELS = {
    "fr": {"edit": "Modifier cette page", "report": "Signaler un problème", "language": "Langue : français (fr)"},
    "en": {"edit": "Edit this page", "report": "Report a problem", "language": "Language: English (en)"},
}
COMMIT = {"fr": re.compile(r"^Commit : [0-9a-f]{40}$", re.M), "en": re.compile(r"^Commit: [0-9a-f]{40}$", re.M)}


def repository() -> str:
    return (mkdocs_config().get("extra") or {}).get("repository") or ""


def text(element) -> str:
    return " ".join(element.get_text(" ").split()) if element else ""


def test_one_repository_setting():
    repo = repository()
    if not REPOSITORY.match(repo):
        pytest.fail(f"mkdocs.yml: extra.repository must be 'owner/name' on GitHub, found {repo!r}", pytrace=False)
    if "repo_url" in mkdocs_config():
        pytest.fail("mkdocs.yml: repo_url makes Material call the GitHub API; the links use extra.repository",
                    pytrace=False)


def test_nothing_calls_the_github_api(site):
    """No page, style sheet, index or sitemap names api.github.com. The
    theme's bundle carries the code that would call it (repository facts),
    which runs only for the header's repository element that repo_url
    creates: no page may have that element."""
    problems = []
    for path in sorted(site.root.rglob("*")):
        if not path.is_file() or path.suffix not in (".html", ".js", ".json", ".css", ".xml", ".txt"):
            continue
        rel = site.rel(path)
        if re.fullmatch(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js", rel):
            continue  # the theme's code, checked through the element below
        if "api.github.com" in path.read_text(encoding="utf-8", errors="replace"):
            problems.append(f"{rel}: names api.github.com")
    for path in site.html_files():
        if site.soup(site.rel(path)).select('[data-md-component="source"], .md-source'):
            problems.append(f"{site.rel(path)}: has the theme's repository element, which calls api.github.com")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def check_page(site, page: Page, repo: str) -> list[str]:
    rel = page.built_rel
    soup = site.soup(rel)
    where = f"{rel} (from {page.display})"
    problems = []
    blocks = soup.select("article .cn-feedback")
    edits, reports = soup.select("a.cn-feedback__edit"), soup.select("a.cn-feedback__report")
    if len(blocks) != 1 or len(edits) != 1 or len(reports) != 1:
        return [f"{where}: needs one feedback line with one edit and one report link, has {len(blocks)} "
                f"line(s), {len(edits)} edit and {len(reports)} report link(s)"]
    block, edit, report = blocks[0], edits[0], reports[0]
    labels = LABELS[page.lang]
    if soup.html.get("lang") != page.lang:
        problems.append(f"{where}: <html lang={soup.html.get('lang')!r}>")
    for link, kind in ((edit, "edit"), (report, "report")):
        if text(link) != labels[kind]:
            problems.append(f"{where}: {kind} link reads {text(link)!r}, expected {labels[kind]!r}")
        href = link.get("href", "")
        if not URL_CHARS.match(href):
            problems.append(f"{where}: {kind} link is not a well-formed, encoded URL: {href[:80]!r}")
        if link.get("target") or link.get("onclick"):
            problems.append(f"{where}: {kind} link has target/onclick; a plain link is enough")
    if block.find(["script", "img", "iframe", "form"]):
        problems.append(f"{where}: the feedback line holds more than text and links")
    expected_edit = f"https://github.com/{repo}/edit/main/{page.display}"
    if edit.get("href") != expected_edit:
        problems.append(f"{where}: edit link {edit.get('href')!r}, expected {expected_edit!r}")
    match = re.match(r"^/[^/]+/[^/]+/edit/[^/]+/(.+)$", urlsplit(edit.get("href", "")).path)
    source = match.group(1) if match else ""
    if not source or not (ROOT / source).is_file():
        problems.append(f"{where}: edit link names {source}, which does not exist")
    parts = urlsplit(report.get("href", ""))
    query = parse_qs(parts.query)
    if (parts.scheme, parts.netloc, parts.path) != ("https", "github.com", f"/{repo}/issues/new"):
        problems.append(f"{where}: report link goes to {parts.scheme}://{parts.netloc}{parts.path}, "
                        f"expected https://github.com/{repo}/issues/new")
    title = (query.get("title") or [""])[0]
    body = (query.get("body") or [""])[0]
    page_title = str(page.front_matter.get("title", ""))
    canonical = soup.select_one('link[rel="canonical"]')
    url = canonical.get("href") if canonical else None
    if page_title not in title or f"[{page.lang}]" not in title:
        problems.append(f"{where}: issue title {title!r} should carry [{page.lang}] and the page title {page_title!r}")
    if not url or url not in body.split():
        problems.append(f"{where}: issue body does not give the page's address {url!r}")
    if labels["language"] not in body:
        problems.append(f"{where}: issue body does not say {labels['language']!r}")
    if "Commit" in body and not COMMIT[page.lang].search(body):
        problems.append(f"{where}: issue body names a commit that is not 40 hex digits")
    return problems


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_links_to_edit_and_report(site, lang):
    repo = repository()
    problems = [p for page in pages(lang) for p in check_page(site, page, repo)]
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_the_built_pages_name_the_commit_they_come_from(site):
    """Built from a git checkout (or in Actions), each report carries a commit."""
    hook = _load_hook("feedback")
    if hook.commit(str(ROOT)) is None:
        pytest.skip("no git history and no GITHUB_SHA here: the commit is left out, as designed")
    report = site.soup(Page("fr", "cri.md").built_rel).select_one("a.cn-feedback__report")
    body = parse_qs(urlsplit(report["href"]).query)["body"][0]
    if not COMMIT["fr"].search(body):
        pytest.fail(f"{Page('fr', 'cri.md').built_rel}: the issue body names no commit: {body!r}", pytrace=False)


def test_commit_comes_from_the_environment_never_the_network(monkeypatch, tmp_path):
    hook = _load_hook("feedback")
    sha = "0123456789abcdef0123456789abcdef01234567"
    hook.commit.cache_clear()
    monkeypatch.setenv("GITHUB_SHA", sha)
    assert hook.commit(str(tmp_path)) == sha, "GITHUB_SHA (GitHub Actions) should win"
    hook.commit.cache_clear()
    monkeypatch.delenv("GITHUB_SHA")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert hook.commit(str(tmp_path)) is None, "outside a git checkout the commit is unknown"
    hook.commit.cache_clear()
    links = hook.links("o/r", "docs/en/cri.md", "CRI", "https://x.test/en/cri/", "en", None)
    body = parse_qs(urlsplit(links["report"]).query)["body"][0]
    assert "Commit" not in body, f"an unknown commit must be left out, body is {body!r}"


def test_404_says_where_to_report(site):
    soup = site.soup("404.html")
    repo = repository()
    problems = []
    for lang in LANGUAGES:
        part = soup.select_one(f'article [lang="{lang}"]')
        links = [a for a in (part.select("a[href]") if part else [])
                 if urlsplit(a["href"]).path == f"/{repo}/issues/new"]
        if len(links) != 1 or not URL_CHARS.match(links[0]["href"]):
            problems.append(f"404.html: the {lang} part needs one well-formed link to https://github.com/{repo}/issues/new")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def test_pdf_says_where_to_report():
    """scripts/build_pdf.py drops the per-page links and says where to
    report once, in its advice for paper, in each language."""
    build_pdf = load_script("build_pdf")
    problems = [f"scripts/build_pdf.py: LANGUAGES[{lang!r}] has no 'report' advice naming {{issues}}"
                for lang in LANGUAGES if "{issues}" not in build_pdf.LANGUAGES[lang].get("report", "")]
    href = f"https://github.com/{repository()}/issues/new?title=x"
    if build_pdf.issues_address(href) != f"https://github.com/{repository()}/issues":
        problems.append(f"scripts/build_pdf.py: issues_address({href!r}) is {build_pdf.issues_address(href)!r}")
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_feedback_links_fit_and_show_focus(browser, online_url, width):
    """At 390 and 1280 px both links are on screen, not cut, and a keyboard
    focus ring is drawn around each."""
    problems = []
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        for path in ("cri/", "en/cri/"):
            page.goto(online_url + path)
            for cls in ("cn-feedback__edit", "cn-feedback__report"):
                link = page.locator(f"a.{cls}")
                link.scroll_into_view_if_needed()
                box = link.bounding_box()
                if not box or box["x"] < 0 or box["x"] + box["width"] > width or box["height"] < 10:
                    problems.append(f"{path} at {width} px: {cls} is off screen or cut: {box}")
                link.focus()
                page.keyboard.press("Shift+Tab")
                page.keyboard.press("Tab")
                outline = link.evaluate("a => getComputedStyle(a).outlineStyle + ' ' + getComputedStyle(a).outlineWidth")
                if outline.startswith("none") or outline.endswith(" 0px"):
                    problems.append(f"{path} at {width} px: {cls} shows no focus ring ({outline})")
    finally:
        context.close()
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
