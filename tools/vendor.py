"""Vendor the JavaScript libraries listed in tools/vendor.json from the npm
registry (`npm pack NAME@VERSION`): copy the listed files and record their
SHA-256, which tests/test_vendor.py checks. Run by `make vendor`.

usage: python tools/vendor.py
"""

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "tools/vendor.json"


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def vendor(package, workdir):
    spec = f"{package['name']}@{package['version']}"
    result = subprocess.run(["npm", "pack", spec, "--silent"], cwd=workdir, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"npm pack {spec} failed: {result.stderr.strip()}")
    with tarfile.open(Path(workdir) / result.stdout.strip().splitlines()[-1]) as archive:
        archive.extractall(workdir, filter="data")
    package["sha256"] = {}
    for source, dest in package["files"].items():
        target = ROOT / dest
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(workdir) / "package" / source, target)
        package["sha256"][dest] = sha256(target)
        print(f"{spec}: {source} -> {dest}")


def main():
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    for package in manifest["packages"]:
        with tempfile.TemporaryDirectory() as workdir:
            vendor(package, workdir)
    MANIFEST.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
