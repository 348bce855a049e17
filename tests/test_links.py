"""Every internal link, anchor and image of the built site resolves.

Checks the HTML the reader gets, theme-made links included (navigation,
language switcher, footer, canonical and hreflang links, the 404 page), and
the sitemap.
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from sitelib import mkdocs_config, site_path_prefix

LINK_ATTRS = {
    "a": ["href"],
    "link": ["href"],
    "img": ["src"],
    "script": ["src"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "use": ["href", "xlink:href"],
}


def site_url_parts():
    parts = urlsplit(mkdocs_config()["site_url"])
    return parts.scheme, parts.netloc


def target_of(site, page_rel: str, url: str) -> tuple[str, str] | None:
    """The (file, fragment) a URL of ``page_rel`` points to, None if external."""
    parts = urlsplit(url)
    if parts.scheme in ("mailto", "tel", "javascript", "data"):
        return None
    if parts.scheme or parts.netloc:
        if (parts.scheme, parts.netloc) != site_url_parts():
            return None
    path = unquote(parts.path)
    if path.startswith("/"):
        prefix = site_path_prefix()
        if not path.startswith(prefix) and path + "/" != prefix:
            return ("<outside the site: " + path + ">", "")
        resolved = path[len(prefix):]
    elif path == "":
        resolved = page_rel
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), path))
        if path.endswith("/"):
            resolved += "/"
    if resolved in ("", ".", "./"):
        resolved = "index.html"
    elif resolved.endswith("/") or (site.root / resolved).is_dir():
        resolved = resolved.rstrip("/") + "/index.html"
    return resolved, parts.fragment


@lru_cache(maxsize=None)
def ids_of(root: Path, rel: str) -> frozenset[str]:
    text = (root / rel).read_text(encoding="utf-8", errors="replace")
    return frozenset(re.findall(r'\s(?:id|name)="([^"]+)"', text))


def check_url(site, page_rel, url, where):
    target = target_of(site, page_rel, url)
    if target is None:
        return None
    rel, fragment = target
    if rel.startswith("../") or rel.startswith("<"):
        return f"{page_rel}: {where} {url!r} leaves the site ({rel})"
    path = site.root / rel
    if not path.is_file():
        return f"{page_rel}: {where} {url!r} points to {rel}, which does not exist"
    if fragment and rel.endswith(".html") and unquote(fragment) not in ids_of(site.root, rel):
        return f"{page_rel}: {where} {url!r}: {rel} has no anchor #{fragment}"
    return None


def test_every_internal_link_resolves(site):
    problems = []
    for path in site.html_files():
        page_rel = site.rel(path)
        soup = site.soup(page_rel)
        for tag, attrs in LINK_ATTRS.items():
            for element in soup.find_all(tag):
                for attr in attrs:
                    value = element.get(attr)
                    if not value:
                        continue
                    urls = [u.strip().split(" ")[0] for u in value.split(",")] if attr == "srcset" else [value]
                    label = " ".join(element.get_text(" ").split())[:40]
                    where = f"<{tag} {attr}>" + (f" ({label!r})" if label else "")
                    for url in urls:
                        problem = check_url(site, page_rel, url, where)
                        if problem:
                            problems.append(problem)
    assert not problems, f"{len(problems)} broken links:\n" + "\n".join(sorted(set(problems)))


def test_sitemap_lists_existing_pages_of_both_languages(site):
    text = (site.root / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", text)
    alternates = re.findall(r'hreflang="[^"]+"\s+href="([^"]+)"', text)
    assert locations, "sitemap.xml lists no page"
    problems = [check_url(site, "sitemap.xml", url, "<loc>") for url in locations + alternates]
    problems = [p for p in problems if p]
    assert not problems, "\n".join(problems)
    assert any("/en/" in url for url in locations + alternates), "sitemap.xml has no English page"


@pytest.mark.parametrize("url", ["#missing-anchor", "nope/", "/elsewhere/"])
def test_the_checker_catches_broken_links(site, url):
    """Guard against a checker that accepts everything."""
    assert check_url(site, "index.html", url, "<a href>") is not None


def test_canonical_links_are_absolute(site):
    base = mkdocs_config()["site_url"]
    problems = []
    for path in site.html_files():
        rel = site.rel(path)
        if rel == "404.html":
            continue
        link = site.soup(rel).find("link", rel="canonical")
        expected = base + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        if link is None or link.get("href") != expected:
            problems.append(f"{rel}: canonical {link.get('href') if link else None!r}, expected {expected!r}")
    assert not problems, "\n".join(problems)


def test_sitemap_pairs_each_page_with_its_translation(site):
    """hreflang alternates live in the sitemap: absolute, page to page."""
    base = mkdocs_config()["site_url"]
    text = (site.root / "sitemap.xml").read_text(encoding="utf-8")
    problems = []
    for block in re.findall(r"<url>(.*?)</url>", text, re.S):
        loc = re.search(r"<loc>([^<]+)</loc>", block).group(1)
        alternates = dict(re.findall(r'hreflang="([^"]+)"\s+href="([^"]+)"', block))
        path = loc[len(base):]
        path = path[len("en/"):] if path.startswith("en/") else path
        expected = {"fr": base + path, "en": base + "en/" + path}
        if alternates != expected:
            problems.append(f"sitemap.xml: {loc} has alternates {alternates}, expected {expected}")
    assert not problems, "\n".join(problems)
