#!/usr/bin/env python3
"""Build the offline copy of the site and pack it as a zip.

The archive unpacks to one folder; opening its index.html from disk
(file://) gives the whole site in both languages, with search, diagrams,
the palette toggle and the language switcher, and no network request.

Needs node_modules/iframe-worker (npm ci), which the offline search uses
instead of a CDN copy.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = "cloud-native-notes"


def build(site_dir: Path) -> None:
    env = dict(os.environ, OFFLINE="true", NO_MKDOCS_2_WARNING="1")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site_dir)],
        cwd=ROOT,
        env=env,
        check=True,
    )


def pack(site_dir: Path, archive: Path) -> int:
    archive.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for path in sorted(site_dir.rglob("*")):
            # Source maps and gzip twins serve no one reading from disk.
            if path.is_file() and not path.name.endswith((".map", ".gz")):
                zf.write(path, f"{FOLDER}/{path.relative_to(site_dir).as_posix()}")
                count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "-o", "--output", type=Path, default=ROOT / "dist" / f"{FOLDER}-offline.zip",
        help="where to write the zip (default: dist/%(default)s)".replace("%(default)s", f"{FOLDER}-offline.zip"),
    )
    parser.add_argument("--site-dir", type=Path, help="also keep the unpacked build in this folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = args.site_dir or Path(tmp) / "site"
        build(site_dir)
        count = pack(site_dir, args.output)
    size = args.output.stat().st_size
    print(f"{args.output}: {count} files, {size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
