"""The search index written after the build (macros/search/index.py)."""

import json
import sys

from conftest import ROOT, VARIANT_SYNONYM

sys.path.insert(0, str(ROOT))
from macros.search.index import fnv1a  # noqa: E402
from macros.search.tokens import bare_name_tokens, name_tokens, text_tokens  # noqa: E402


def read_index(site_dir):
    root = site_dir / "assets/search"
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    folder = root / manifest["dir"]
    shards = {}
    for n in range(manifest["shards"]):
        shards.update(json.loads((folder / f"s{n}.json").read_text(encoding="utf-8")))
    pages = [json.loads((folder / f"d{doc}.json").read_text(encoding="utf-8")) for doc in range(manifest["docs"])]
    return manifest, shards, pages


def test_tokens_are_bigrams_words_and_exact_names():
    assert text_tokens("道德讲堂") == ["道德", "德讲", "讲堂"]
    assert text_tokens("装国家反诈中心App，拨打96110") == ["装国", "国家", "家反", "反诈", "诈中", "中心", "app", "拨打", "96110"]
    assert text_tokens("唱、学") == ["唱", "学"]
    assert name_tokens("重阳") == {"=重阳", "重", "阳", "重阳"}
    assert "=四督查考核" in name_tokens("四、督查考核")
    assert bare_name_tokens("四、督查考核") == {"=督查考核"}
    assert bare_name_tokens("保障措施（通用）") == {"=保障措施"}
    assert bare_name_tokens("道德讲堂") == set()


def test_every_page_is_indexed_in_shards_the_browser_can_find(site):
    manifest, shards, pages = read_index(site)
    urls = {page["u"] for page in pages}
    assert {"activities/moral-lecture-hall/", "plans/community-annual-plan/", "sections/safeguards/"} <= urls
    assert manifest["docs"] == len(pages) == len(list(site.rglob("index.html")))
    folder = site / "assets/search" / manifest["dir"]
    for token in ("=道德讲堂", "德讲", "=红白理事会"):
        shard = json.loads((folder / f"s{fnv1a(token) % manifest['shards']}.json").read_text(encoding="utf-8"))
        assert token in shard
    assert not (site / "search/search_index.json").exists(), "Material's whole-site index must stay off"


def test_section_records_carry_heading_and_anchor(site):
    _, _, pages = read_index(site)
    plan = next(p for p in pages if p["u"] == "plans/community-annual-plan/")
    assert ["一、指导思想", "一指导思想"] in plan["s"]
    activity = next(p for p in pages if p["u"] == "activities/moral-lecture-hall/")
    assert activity["t"] == "道德讲堂" and activity["k"] == "活动范例" and ["活动目的", "活动目的"] in activity["s"]


def test_synonyms_come_from_front_matter(variant_site):
    """conftest.variant_site adds VARIANT_SYNONYM to neighbours-day's synonyms."""
    _, shards, pages = read_index(variant_site[1])
    doc = next(i for i, p in enumerate(pages) if p["u"] == "activities/neighbours-day/")
    assert int(shards["=" + VARIANT_SYNONYM].split(":")[0], 36) == doc  # the only page with it


def _codes(shards, token, doc):
    """The unit*8+field codes of `token` on page `doc`."""
    position = 0
    for part in shards.get(token, "").split(";"):
        delta, codes = part.split(":")
        position += int(delta, 36)
        if position == doc:
            return {int(c, 36) for c in codes.split(",")}
    return set()


def test_listings_are_named_in_the_manifest(site):
    manifest, _, pages = read_index(site)
    listed = {pages[doc]["u"] for doc in manifest["listings"]}
    assert {"./", "activities/", "activities/calendar/", "documents/", "plans/", "sections/", "guide/changes/"} <= listed
    assert not listed & {"my-plan/", "activities/moral-lecture-hall/", "guide/"}


def test_download_labels_are_the_pages_own_text(site):
    """签到表 on an activity is its own file (body, field 4), not a link to another page (field 5)."""
    from macros.search.index import FIELDS

    _, shards, pages = read_index(site)
    doc = next(i for i, p in enumerate(pages) if p["u"] == "activities/blood-donation/")
    fields = {code & 7 for code in _codes(shards, "签到", doc)}
    assert FIELDS["body"] in fields


def _docs_of(posting):
    """Document numbers of an encoded posting list ("delta:codes;delta:codes", base 36)."""
    doc = 0
    for part in posting.split(";"):
        doc += int(part.split(":")[0], 36)
        yield doc


def test_maintainers_pages_are_out_of_search(site):
    _, shards, pages = read_index(site)
    hidden = {doc for doc, page in enumerate(pages) if page["u"].startswith("maintainers/")}
    assert len(hidden) >= 3, "the maintainers' pages are built (records kept, so numbers follow the build)"
    found = {doc for token, posting in shards.items() if not token.startswith("~") for doc in _docs_of(posting)}
    assert found and not found & hidden


def test_sound_keys_of_bigrams_and_exact_names():
    from macros.search.tokens import sound_key, sound_table

    assert sound_key("倡仪") == sound_key("倡议") == "~chang-yi"
    assert sound_key("=倡议书") == "~=chang-yi-shu"
    assert sound_key("倡") is None and sound_key("app") is None and sound_key("=96110") is None
    table = sound_table(["=倡议书"])
    assert "仪" in table["yi"] and "议" in table["yi"]
    assert sum(len(chars) for chars in table.values()) >= 3755


def test_index_holds_sound_alikes(site):
    manifest, shards, _ = read_index(site)
    assert "倡议" in shards["~chang-yi"].split(",")
    assert "=倡议书" in shards["~=chang-yi-shu"].split(",")
    assert (site / "assets/search" / manifest["dir"] / "sounds.json").is_file()
