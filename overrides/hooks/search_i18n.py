"""One search index per language, and what the offline copy needs.

mkdocs-static-i18n merges both languages into one ``search/search_index.json``
and Material's worker loads it from ``__config.base``, the site root, on every
page: French and English results mix. After all languages are built, this
hook

- splits the merged index by location into ``search/`` (French) and
  ``en/search/`` (English, locations made relative to ``en/``), each with its
  own lunr language, plus the ``.js`` twins the offline build reads from
  ``file://``;
- adds a field with the accent-free spelling of accented words, so that
  ``deploiement`` finds ``déploiement``;
- points ``__config.base`` of English pages at the English root, so that
  their worker loads the English index;
- ships the iframe-worker shim that the offline plugin would otherwise load
  from a CDN (from ``node_modules``, installed by ``npm ci``).
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import unicodedata
from pathlib import Path

from mkdocs.plugins import event_priority

DEFAULT_LANGUAGE = "fr"
OTHER_LANGUAGES = ("en",)
SHIM_SOURCE = Path("node_modules/iframe-worker/shim/index.js")
SHIM_TARGET = "assets/javascripts/iframe-worker-shim.js"
FOLDED_FIELD = "folded"
CONFIG_SCRIPT = re.compile(
    r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S
)


def _offline(config) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def _building_other_language(config) -> bool:
    # static-i18n builds the other languages from inside the default
    # language's on_post_build, with its ``building`` flag set.
    return bool(getattr(config.plugins.get("i18n"), "building", False))


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def folded_words(*texts: str) -> str:
    """The accent-free form of every accented word, once each."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in re.findall(r"\w+", re.sub(r"<[^>]+>", " ", text)):
            plain = fold(word)
            if plain != word:
                seen.setdefault(plain.lower())
    return " ".join(seen)


def split_index(data: dict) -> dict[str, dict]:
    """The merged index as one index per language, keyed by language."""
    indexes = {}
    for lang in (DEFAULT_LANGUAGE, *OTHER_LANGUAGES):
        prefix = "" if lang == DEFAULT_LANGUAGE else f"{lang}/"
        others = tuple(f"{o}/" for o in OTHER_LANGUAGES if o != lang)
        docs = []
        for doc in data["docs"]:
            location = doc["location"]
            if lang == DEFAULT_LANGUAGE and location.startswith(tuple(f"{o}/" for o in OTHER_LANGUAGES)):
                continue
            if lang != DEFAULT_LANGUAGE and (not location.startswith(prefix) or location.startswith(others)):
                continue
            doc = dict(doc, location=location[len(prefix):])
            folded = folded_words(doc.get("title", ""), doc.get("text", ""))
            if folded:
                doc[FOLDED_FIELD] = folded
            docs.append(doc)
        # Stemming on: the search-query partial makes the worker stem queries.
        config = dict(data["config"], lang=[lang], pipeline=["stemmer", "stopWordFilter", "trimmer"])
        config["fields"] = dict(config["fields"], **{FOLDED_FIELD: {"boost": 1.0}})
        indexes[lang] = {"config": config, "docs": docs}
    return indexes


def write_index(site_dir: Path, lang: str, index: dict, offline: bool) -> None:
    folder = site_dir / ("" if lang == DEFAULT_LANGUAGE else lang) / "search"
    folder.mkdir(parents=True, exist_ok=True)
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    (folder / "search_index.json").write_text(data, encoding="utf-8")
    if offline:
        # Browsers refuse fetch() from file://, so the offline theme loads the
        # index as a script.
        (folder / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")


def on_config(config):
    if _offline(config):
        config.extra["polyfills"] = [SHIM_TARGET]
    return config


def on_post_page(output, page, config):
    lang = page.file.dest_uri.split("/", 1)[0]
    if lang not in OTHER_LANGUAGES:
        return output

    def rebase(match):
        data = json.loads(match.group(2))
        # The trailing slash matters: the worker resolves "search/..." against it.
        data["base"] = posixpath.join(data["base"], lang) + "/"
        return match.group(1) + json.dumps(data, ensure_ascii=False) + match.group(3)

    return CONFIG_SCRIPT.sub(rebase, output, count=1)


@event_priority(-150)  # after static-i18n and the offline plugin (-100)
def on_post_build(config):
    if _building_other_language(config):
        return
    site_dir = Path(config.site_dir)
    merged = site_dir / "search" / "search_index.json"
    data = json.loads(merged.read_text(encoding="utf-8"))
    offline = _offline(config)
    for lang, index in split_index(data).items():
        write_index(site_dir, lang, index, offline)
    if offline:
        if not SHIM_SOURCE.is_file():
            raise FileNotFoundError(
                f"{SHIM_SOURCE} is missing: run 'npm ci' (make offline does) so that "
                "offline search works without a CDN"
            )
        target = site_dir / SHIM_TARGET
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHIM_SOURCE, target)
