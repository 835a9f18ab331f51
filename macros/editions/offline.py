"""The offline edition (issue 12): the whole site in one zip that opens from a
folder by double-clicking index.html, with no web server and no network
(docs/guide/offline.md says how, for the reader).

`make offline` (DISTRICT=<slug> for an edition) runs this module: it builds
the site with TPL_OFFLINE=1 into a temporary folder and zips it to
dist/<edition>-offline.zip, one top folder of the same name with index.html at
its top. The zip is written under a temporary name and renamed when complete,
so the edition's previous zip stays whole until the new one replaces it (a
failed or interrupted build leaves it, and says it is an earlier one); the
temporary folder and the partial file are removed on any exit, SIGTERM and
Ctrl-C included, and a partial file a killed run left is removed by the next.
Other editions' zips are left alone.

What TPL_OFFLINE=1 changes in a build (the online build is untouched):
- use_directory_urls is off (configure(), from hooks.py on_config; the build
  reads TPL_OFFLINE once, into its build.Build): over file://
  a link to plans/x/ does not open plans/x/index.html, so pages are plans/x.html.
  Material's `offline` plugin does this too, but it also adds an iframe-worker
  shim from unpkg.com for Material's search worker; this site has no such
  worker (its search is search-index.js), so the plugin is not used.
- Material's bundle loads a ResizeObserver polyfill from unpkg.com in a
  browser without one (Chrome before 64, as on old office computers): the
  offline build names a vendored copy in extra.polyfills (loaded before the
  bundle), so ResizeObserver is always defined and unpkg never asked. (The
  bundle's other unpkg address, Mermaid's, is for diagrams this site has none of.)
- Material's instant navigation is off: over file:// Material 9.x skips it,
  but in doing so completes its document$ before the page has loaded, so
  nothing that subscribes to document$ (Material's components and ours:
  values.js writing 我的信息 into the page) would ever run.
- browsers refuse fetch() from a file:// page, so every file a script reads
  gets a script twin "<file>.js" next to it, which puts the file's content in
  a global keyed by the twin's own URL: the search index (search_index.py,
  window.tplSearchFiles, as JSON) and the downloads (.docx and .txt.json,
  window.tplFiles, as base64). search-index.js and download.js load the twins
  when location.protocol is "file:".
"""

import argparse
import base64
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from ..build import OFFLINE_ENV as ENV

OUT = "dist"
UPSTREAM_NAME = "templates"
# Files at the top of the site a reader has no use for offline: only pages
# are left next to the folders, index.html the one to open.
LEFT_OUT = {"404.html", "sitemap.xml", "sitemap.xml.gz"}
POLYFILL = "assets/vendor/resize-observer-polyfill/ResizeObserver.js"  # tools/vendor.json
INSTANT = "navigation.instant"  # and its .prefetch, .progress, .preview
DOWNLOADS_READ = (".docx", ".txt.json")
# Compressed already: stored as they are.
STORED = {".docx", ".gz", ".png", ".jpg", ".jpeg", ".woff2"}


def configure(config):
    """The offline build's settings (hooks.on_config)."""
    config["use_directory_urls"] = False
    config["site_url"] = None  # no canonical links to an address the reader cannot reach
    features = config["theme"]["features"]
    features[:] = [name for name in features if not name.startswith(INSTANT)]
    config["extra"]["polyfills"] = [*config["extra"].get("polyfills", []), POLYFILL]


# --- Script twins ------------------------------------------------------------


def _write_twin(path, store, value):
    twin = Path(f"{path}.js")
    twin.write_text(f"(window.{store}=window.{store}||{{}})[document.currentScript.src]={value};\n", encoding="utf-8")
    return twin


def write_download_twins(paths):
    """<file>.js for the download files download.js reads (readBytes): the
    Word files and the plain texts' .json; the .txt itself it never reads."""
    for path in paths:
        if Path(path).name.endswith(DOWNLOADS_READ):
            data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
            _write_twin(path, "tplFiles", f'"{data}"')


def write_json_twin(path, text):
    """<file>.js for a JSON file of the search index (read by search-index.js)."""
    return _write_twin(path, "tplSearchFiles", text)


# --- The zip -----------------------------------------------------------------


def zip_name(slug):
    return f"{slug or UPSTREAM_NAME}-offline"


def package(site_dir, target):
    """Zip site_dir into `target` under one top folder named like the zip;
    written to a temporary name in the same folder, then renamed."""
    site_dir, target = Path(site_dir), Path(target)
    folder = target.name.removesuffix(".zip")
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(_partial(target.name, os.getpid()))
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
                relative = path.relative_to(site_dir).as_posix()
                if relative in LEFT_OUT:
                    continue
                method = zipfile.ZIP_STORED if path.suffix in STORED else zipfile.ZIP_DEFLATED
                archive.write(path, f"{folder}/{relative}", compress_type=method)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target


def _target(out, slug):
    return Path(out) / f"{zip_name(slug)}.zip"


def _partial(name, pid):
    return f".{name}.{pid}.part"


def _remove_partials(target):
    """The partial files of earlier runs that were killed (SIGKILL runs no clean-up)."""
    if target.parent.is_dir():
        for partial in target.parent.glob(_partial(target.name, "*")):
            partial.unlink(missing_ok=True)


def _remove_folder(folder):
    """The temporary site; tried twice, as the killed build's worker may still be writing into it."""
    for _ in range(2):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.5)


class Stopped(SystemExit):
    """SIGTERM or SIGHUP: leave through the clean-up code, as Ctrl-C does."""


def _stop(signum, frame):
    raise Stopped(128 + signum)


def _earlier_kept(target):
    """What a failed run says about the zip it leaves."""
    if not target.is_file():
        return ""
    return f"上次生成的 {target} 保留未动，它不包含这次的修改。"


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m macros.editions.offline", description="Build the offline edition as one zip."
    )
    parser.add_argument("--out", default=OUT, help="folder for the zip (default: dist)")
    args = parser.parse_args(argv)
    from tempfile import mkdtemp

    from .district import SLUG, selected

    slug = selected()
    target = _target(args.out, slug)
    if slug is None or SLUG.match(slug):  # anything else fails the build below, naming the editions
        _remove_partials(target)
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _stop)
    started = time.monotonic()
    temporary = Path(mkdtemp(prefix="offline-site-"))
    try:
        site_dir = temporary / "site"
        build = subprocess.run(  # on an exception here, run() kills the build first
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
            env={**os.environ, ENV: "1"},
        )
        if build.returncode != 0:
            print("离线版没有生成：网站构建失败，原因见上面的错误信息。" + _earlier_kept(target), file=sys.stderr)
            return build.returncode
        package(site_dir, target)
    except (KeyboardInterrupt, Stopped) as stop:
        print("离线版没有生成：已中断，临时文件已删除。" + _earlier_kept(target), file=sys.stderr)
        return stop.code if isinstance(stop, Stopped) else 130
    finally:
        _remove_folder(temporary)
    size = target.stat().st_size / 1e6
    print(
        f"离线版已生成：{target}（{size:.1f} MB，用时 {time.monotonic() - started:.0f} 秒）。解压后双击文件夹里的 index.html 打开。"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
