"""Vendored JavaScript libraries (tools/vendor.json): each file is the one
recorded when it was taken from the npm registry, with its licence beside it."""

import hashlib
import json

from conftest import ROOT

MANIFEST = json.loads((ROOT / "tools/vendor.json").read_text(encoding="utf-8"))


def test_every_vendored_file_has_its_recorded_checksum():
    checked = 0
    for package in MANIFEST["packages"]:
        assert package["version"].count(".") == 2 and package["version"][0].isdigit(), package  # an exact version
        assert set(package["sha256"]) == set(package["files"].values()), package["name"]
        assert any(dest.endswith("LICENSE") for dest in package["files"].values()), f"{package['name']}: no licence"
        for dest, digest in package["sha256"].items():
            assert hashlib.sha256((ROOT / dest).read_bytes()).hexdigest() == digest, dest
            checked += 1
    assert checked >= 2


def test_the_zip_library_is_not_loaded_by_every_page(site):
    page = (site / "plans/community-annual-plan/index.html").read_text(encoding="utf-8")
    assert "fflate" not in page
    assert (site / "assets/vendor/fflate/fflate.min.js").is_file()


def test_downloads_use_the_vendored_zip_library_not_hand_written_code():
    script = (ROOT / "docs/assets/javascripts/download.js").read_text(encoding="utf-8")
    assert "fflate.unzipSync" in script and "fflate.zipSync" in script
    for hand_written in ("0xEDB88320", "0xedb88320", "crc32", "CRC32", "0x04034b50", "0x02014b50", "DecompressionStream"):
        assert hand_written not in script, hand_written
