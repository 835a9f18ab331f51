"""The kinds of page (macros/kinds.py), each declared once.

In-process: every declaration is consistent with the data and templates it
names. In the variant build (conftest.variant_site, helpers.add_new_kind):
a new kind is one entry in kinds.py plus its pages (its types in
taxonomy.yml, its folder in the nav), and then has its schema, nav
group, listing, search label, heading numbers, signature, intro box and Word
download, with no other file of macros/ or overrides/ touched."""

import json

from bs4 import BeautifulSoup

from conftest import ROOT, read_page
from helpers import NEW_KIND_PAGE
from macros import kinds
from macros.catalog import load_taxonomy
from macros.schema import build_schemas


def test_every_declaration_names_what_exists():
    taxonomy = load_taxonomy()
    schemas = build_schemas(taxonomy, ["issue_date", "party_org"])
    for kind in kinds.KINDS.values():
        assert set(schemas[kind.name]) == set(kind.fields)
        if kind.type_key:
            assert kind.type_key in kind.fields and kind.types in taxonomy, kind.name
        if kind.intro:
            assert (ROOT / "overrides" / kind.intro).is_file(), kind.intro
        if kind.official or kind.chooser or kind.listing_detail:
            assert {"level", "usage", "issuer", "dated"} <= set(kind.fields), kind.name
        assert not kind.required_headings or kind.document_text, kind.name


def test_a_new_kind_is_one_entry_plus_its_pages(variant_site):
    """helpers.add_new_kind (applied to conftest.variant_site) touches
    macros/kinds.py, data/taxonomy.yml, one nav line of mkdocs.yml and the
    kind's two pages, nothing else."""
    project, site = variant_site
    assert (project / "docs/questionnaires/needs.md").read_text(encoding="utf-8") == NEW_KIND_PAGE
    page = read_page(site, "questionnaires/needs/")
    assert 'class="tpl-intro admonition info"' in page and "年初制订计划前" in page  # the intro box of its kind
    assert '<div class="tpl-doc" id="tpl-doc" data-kind="questionnaire">' in page
    assert "一、调查目的" in page  # numbered
    assert '<div class="tpl-signature">' in page  # signed
    assert (site / "questionnaires/needs/needs.docx").is_file()  # downloaded as a 公文
    nav = BeautifulSoup(page, "lxml").select_one("nav.md-nav--primary")
    assert any(label.get_text(strip=True) == "需求调查" for label in nav.select("label.md-nav__link"))  # its nav group
    index = read_page(site, "questionnaires/")
    assert "需求调查" in index and 'href="needs/"' in index and "年初制订计划前" in index  # listed by type
    records = [json.loads(p.read_text(encoding="utf-8")) for p in (site / "assets/search").glob("*/d*.json")]
    [record] = [r for r in records if r["u"].startswith("questionnaires/needs")]
    assert record["k"] == "调查问卷 · 需求调查"  # its search label
