"""No page makes the reader's browser talk to anyone but this site.

Material's privacy plugin (assets_fetch: false) fails the strict build on
external assets it sees; this test reads the output itself, HTML and CSS.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from sitelib import mkdocs_config

# Elements and attributes the browser fetches by itself.
FETCHED = {
    "script": ["src"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "frame": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "source": ["src", "srcset"],
    "track": ["src"],
    "image": ["href", "xlink:href"],
    "use": ["href", "xlink:href"],
    "form": ["action"],
}
# <link rel=...> values that make the browser fetch the target.
FETCHED_LINK_RELS = {"stylesheet", "icon", "apple-touch-icon", "preload", "prefetch", "modulepreload", "preconnect", "dns-prefetch", "manifest"}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""", re.I)


def is_third_party(url: str) -> bool:
    parts = urlsplit(url.strip())
    if not parts.netloc:
        return False
    return parts.netloc != urlsplit(mkdocs_config()["site_url"]).netloc


def test_no_third_party_request_from_html(site):
    problems = []
    for path in site.html_files():
        rel = site.rel(path)
        soup = site.soup(rel)
        for tag, attrs in FETCHED.items():
            for element in soup.find_all(tag):
                for attr in attrs:
                    for url in re.split(r",\s*", element.get(attr) or ""):
                        url = url.split(" ")[0]
                        if url and is_third_party(url):
                            problems.append(f"{rel}: <{tag} {attr}={url!r}>")
        for link in soup.find_all("link"):
            rels = set(link.get("rel") or [])
            if rels & FETCHED_LINK_RELS and is_third_party(link.get("href", "")):
                problems.append(f"{rel}: <link rel={' '.join(rels)} href={link.get('href')!r}>")
        for element in soup.find_all(style=True):
            problems += [f"{rel}: style url {u!r}" for u in CSS_URL.findall(element["style"])]
        for style in soup.find_all("style"):
            problems += [f"{rel}: <style> url {u!r}" for u in CSS_URL.findall(style.get_text())]
    assert not problems, "third-party requests:\n" + "\n".join(problems)


def test_no_third_party_request_from_css(site):
    problems = []
    for path in sorted(site.root.rglob("*.css")):
        for url in CSS_URL.findall(path.read_text(encoding="utf-8", errors="replace")):
            problems.append(f"{site.rel(path)}: {url}")
    assert not problems, "style sheets load third-party files:\n" + "\n".join(problems)


def test_config_avoids_known_third_party_features():
    config = mkdocs_config()
    assert config["theme"].get("font") is False, "mkdocs.yml: theme.font must be false (no Google Fonts)"
    assert "repo_url" not in config, "mkdocs.yml: repo_url makes every page call the GitHub API"
    extensions = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert "pymdownx.emoji" not in extensions or "to_svg" in str(config["markdown_extensions"]), (
        "mkdocs.yml: pymdownx.emoji loads images from a CDN unless Material's to_svg is used"
    )


def test_the_checker_sees_third_parties():
    assert is_third_party("https://fonts.googleapis.com/css")
    assert is_third_party("//unpkg.com/x.js")
    assert not is_third_party("assets/x.js")
