"""The kinds of page (macros/kinds.py), each declared once.

In-process: every declaration is consistent with the data and templates it
names. One build: a new kind is one entry in kinds.py plus its pages (its
types in taxonomy.yml, its folder in the nav), and then has its schema, nav
group, listing, search label, heading numbers, signature, intro box and Word
download, with no other file of macros/ or overrides/ touched."""

import json

import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, read_page, run_build
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


NEW_KIND = """

# Added by tests/test_kinds.py: the one entry a new kind needs.
KINDS["questionnaire"] = Kind(
    "questionnaire", {**COMMON, **TRACKED, **OFFICIAL, "questionnaire_type": (True, "taxonomy:questionnaire_types")},
    label="调查问卷", type_key="questionnaire_type", types="questionnaire_types", nav_order="level", numbered=True,
    official=True, document_text=True, downloads=DOWNLOADS_OFFICIAL, intro="partials/plan-intro.html",
    listing_detail="usage")
"""

INDEX = """---
title: 调查问卷
kind: page
listing: true
---

# 调查问卷

{{ pages_by_type("questionnaire") }}
"""

PAGE = """---
title: 居民需求调查问卷
kind: questionnaire
questionnaire_type: 需求调查
level: 社区
usage: 年初制订计划前，了解居民最想参加的活动。
author_role: 社区工作者起草。
change_notes:
  - 题目按本社区情况增删。
issuer: [party_org, committee]
dated: fill
updated: 2026-12-07
---

# {{ community }}居民需求调查问卷

## 调查目的

了解居民对社区活动的需求。

## 填写说明

在选项后打勾。
"""


def test_a_new_kind_is_one_entry_plus_its_pages(project, tmp_path):
    with (project / "macros/kinds.py").open("a", encoding="utf-8") as registry:
        registry.write(NEW_KIND)
    taxonomy = project / "data/taxonomy.yml"
    data = yaml.safe_load(taxonomy.read_text(encoding="utf-8"))
    taxonomy.write_text(
        taxonomy.read_text(encoding="utf-8") + "\nquestionnaire_types:\n  需求调查: 年初了解居民需求\n", encoding="utf-8"
    )
    assert "questionnaire_types" not in data
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - 公文范例: documents/index.md\n", "  - 公文范例: documents/index.md\n  - 调查问卷: questionnaires/index.md\n"
        ),
        encoding="utf-8",
    )
    (project / "docs/questionnaires").mkdir()
    (project / "docs/questionnaires/index.md").write_text(INDEX, encoding="utf-8")
    (project / "docs/questionnaires/needs.md").write_text(PAGE, encoding="utf-8")
    site = tmp_path / "site"
    result = run_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]

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
