#!/usr/bin/env python3
"""Serve a built site like GitHub Pages does: gzip-compressed, under the
path of site_url (e.g. /cloud-native-notes/), on loopback.

Benchmarks measure the site this way, because an uncompressed local server
makes every page look heavier and slower than readers will see it.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import mimetypes
import sys
import threading
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")


def site_prefix() -> str:
    """The path of site_url from mkdocs.yml ('/cloud-native-notes/')."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    path = urlsplit(config["site_url"]).path.strip("/")
    return f"/{path}/" if path else "/"


@lru_cache(maxsize=512)
def compressed(path: Path, mtime: float) -> bytes:
    # GitHub Pages compresses at about this level.
    return gzip.compress(path.read_bytes(), compresslevel=6)


def make_handler(directory: Path, prefix: str):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            path = unquote(urlsplit(self.path).path)
            if not path.startswith(prefix):
                return self.send_error(404)
            target = (directory / path[len(prefix):]).resolve()
            if directory.resolve() not in target.parents and target != directory.resolve():
                return self.send_error(404)
            if target.is_dir():
                if not path.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", path + "/")
                    return self.end_headers()
                target = target / "index.html"
            if not target.is_file():
                target, status = directory / "404.html", 404
            else:
                status = 200
            body = target.read_bytes()
            gzipped = target.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
            if gzipped:
                body = compressed(target, target.stat().st_mtime)
            self.send_response(status)
            self.send_header("Content-Type", mimetypes.guess_type(target.name)[0] or "application/octet-stream")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            if gzipped:
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    return Handler


def start(directory: Path, port: int = 0) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``directory`` in a background thread; return (server, base URL)."""
    prefix = site_prefix()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), make_handler(directory, prefix))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, nargs="?", default=ROOT / "site", help="built site (default: site/)")
    parser.add_argument("--port", type=int, default=8001, help="port on 127.0.0.1 (default: %(default)s)")
    args = parser.parse_args(argv)
    server, url = start(args.directory, args.port)
    print(f"Serving {args.directory} gzip-compressed at {url} (Ctrl+C to stop)")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
