"""Feedback without tracking: "Edit this page" and "Report a problem" links.

Both are plain links, built here at build time from one setting,
``extra.repository`` in mkdocs.yml (``owner/name`` on GitHub). No script, no
request to the GitHub API (``repo_url`` would make Material call it from
every page): the browser goes to GitHub only when the reader clicks.

- edit: ``https://github.com/<repo>/edit/main/docs/<lang>/<page>.md``, the
  page's own source file in its language;
- report: ``https://github.com/<repo>/issues/new?title=…&body=…``, prefilled
  with the page's title, address, language and the commit the site was built
  from: ``GITHUB_SHA`` in GitHub Actions, else ``git rev-parse HEAD`` when
  git and the history are there, else left out. Never the network.

overrides/partials/page-feedback.html shows them under the last-updated
line, in the page's language; tests/test_feedback.py checks the built site.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
from pathlib import Path
from urllib.parse import quote, urlencode

BRANCH = "main"
WORDS = {
    # French puts a space before the colon; the issue body is plain text.
    "fr": {"url": "Page :", "lang": "Langue :", "language": "français", "commit": "Commit :",
           "what": "Ce qui ne va pas :"},
    "en": {"url": "Page:", "lang": "Language:", "language": "English", "commit": "Commit:",
           "what": "What is wrong:"},
}


@functools.cache
def commit(root: str) -> str | None:
    """The commit being built, from the environment; None when unknown."""
    sha = os.environ.get("GITHUB_SHA", "").strip()
    if re.fullmatch(r"[0-9a-f]{7,40}", sha):
        return sha
    try:
        proc = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    sha = proc.stdout.strip()
    return sha if proc.returncode == 0 and re.fullmatch(r"[0-9a-f]{40}", sha) else None


def links(repo: str, source: str, title: str, url: str, lang: str, sha: str | None) -> dict[str, str]:
    words = WORDS.get(lang, WORDS["en"])
    # The title is the issue's title; the body gives the page's address,
    # language and commit. Short: every page carries this link.
    body = [f"{words['url']} {url}", f"{words['lang']} {words['language']} ({lang})"]
    if sha:
        body.append(f"{words['commit']} {sha}")
    body += ["", words["what"], ""]
    query = urlencode({"title": f"[{lang}] {title}", "body": "\n".join(body)}, quote_via=quote)
    return {
        "edit": f"https://github.com/{repo}/edit/{BRANCH}/{quote(source)}",
        "report": f"https://github.com/{repo}/issues/new?{query}",
    }


def on_page_context(context, page, config, nav):
    repo = (config.extra or {}).get("repository")
    if not repo or not page.file.abs_src_path:
        return context
    root = Path(config.config_file_path).resolve().parent
    source = Path(page.file.abs_src_path).resolve().relative_to(root).as_posix()
    lang = "fr" if config.theme["language"] == "fr" else "en"
    # The page's own title (front matter), not its nav label ("Accueil").
    title = str((page.meta or {}).get("title") or page.title or "")
    context["feedback"] = links(repo, source, title, page.canonical_url or "", lang, commit(str(root)))
    return context
