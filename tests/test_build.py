"""The real site builds with --strict and shows the configured values."""

import re

import lxml.html
from bs4 import BeautifulSoup

from conftest import DEFAULTS, ROOT, TEXT_VARIABLES, read_page
from helpers import SHOWN_TEXT, data_var_texts, front_matter, page_tree, shown_text, with_class


def built_pages(site):
    return [p for p in site.rglob("*.html") if p.name != "404.html"]


def test_no_template_syntax_left_in_any_page(site):
    pages = built_pages(site)
    assert len(pages) >= 10
    leftovers = []
    for path in pages:
        tree = page_tree(path)
        article = tree.find(".//article")
        for code in article.iterfind(".//code"):  # the writing guide shows syntax on purpose
            code.drop_tree()
        nav = tree.xpath(f"//nav[{with_class('md-nav--primary')}]")[0]
        visible = "".join(lxml.html.tostring(part, encoding="unicode") for part in (article, nav)) + tree.findtext(".//title")
        if re.search(r"\{\{|\{%|%\}|\}\}|\{#", visible):
            leftovers.append(str(path.relative_to(site)))
    assert not leftovers


def test_every_data_var_shows_its_configured_value(site):
    seen = set()
    for path in built_pages(site):
        for name, text, classes in data_var_texts(path):
            assert name in DEFAULTS or name in TEXT_VARIABLES, f"{path}: unknown data-var {name}"
            if name in DEFAULTS:
                assert text == DEFAULTS[name], f"{path}: {name}"
            else:  # the community's own paragraph, empty until written: a visible fill-in
                assert text == f"〔{TEXT_VARIABLES[name]}〕" and "tpl-fill" in classes, f"{path}: {name}"
            seen.add(name)
    assert {"community", "street", "district", "year", "guiding_thought", "party_congress"} <= seen


def test_plan_is_composed_from_sections_with_numbered_headings(site):
    soup = BeautifulSoup(read_page(site, "plans/community-annual-plan"), "lxml")
    doc = soup.select_one("#tpl-doc")
    assert doc.h1.get_text() == f"{DEFAULTS['community']}{DEFAULTS['year']}年精神文明建设工作计划"
    h2 = [h.get_text() for h in doc.find_all("h2")]
    assert h2[:3] == ["一、指导思想", "二、工作目标", "三、组织领导"]
    assert doc.find("h3").get_text().startswith("（一）")
    # The section page's own text appears in the plan (included, not copied).
    section = BeautifulSoup(read_page(site, "sections/leadership-community"), "lxml").select_one("#tpl-doc")
    first_paragraph = section.find("p").get_text()
    assert first_paragraph in doc.get_text()
    # Issuer and date close the document.
    signature = [p.get_text() for p in doc.select(".tpl-signature p")]
    assert signature == [DEFAULTS["party_org"], DEFAULTS["committee"], DEFAULTS["issue_date"]]


def test_headings_have_chinese_ids(site):
    soup = BeautifulSoup(read_page(site, "plans/community-annual-plan"), "lxml")
    assert soup.find("h2", id="一指导思想")


def test_activity_index_is_generated_from_front_matter(site):
    activities = sorted((ROOT / "docs/activities").glob("*.md"))
    titles = []
    for path in activities:
        meta = front_matter(path)
        if meta["kind"] == "activity":
            titles.append(meta["title"])
    table = BeautifulSoup(read_page(site, "activities"), "lxml").select_one("article table")
    linked = [a.get_text() for a in table.select("a")]
    assert sorted(linked) == sorted(titles)
    assert len(titles) >= 5


def test_calendar_lists_each_activity_under_its_months(site):
    soup = BeautifulSoup(read_page(site, "activities/calendar"), "lxml")
    october = soup.find("h2", string="10月").find_next("ul").get_text()
    assert "“我们的节日·重阳”" in october
    january = soup.find("h2", string="1月").find_next("ul").get_text()
    assert "“我们的节日·重阳”" not in january


def test_navigation_lists_pages_in_chinese(site):
    soup = BeautifulSoup(read_page(site, ""), "lxml")
    tabs = soup.select_one(".md-tabs").get_text()
    for label in ["首页", "计划模板", "活动范例", "通用章节", "使用说明"]:
        assert label in tabs
    assert soup.html["lang"] == "zh"


def test_every_document_is_in_the_navigation_under_its_group(site):
    """With navigation.prune a page carries its own group: each document's
    page shows its group (first theme, plan type, section type) and itself."""
    for path in sorted((ROOT / "docs").glob("*/*.md")):
        meta = front_matter(path)
        group = {
            "activity": (meta.get("themes") or [None])[0],
            "plan": meta.get("plan_type"),
            "section": meta.get("section_type"),
        }.get(meta["kind"])
        if group is None:
            continue
        url = path.relative_to(ROOT / "docs").with_suffix("").as_posix()
        nav = page_tree(site / url / "index.html").xpath(f"//nav[{with_class('md-nav--primary')}]")[0]
        active = nav.xpath(f".//a[{with_class('md-nav__link--active')}]")
        assert active and "".join(text.strip() for text in active[0].xpath(SHOWN_TEXT)) == meta["title"], url
        assert group in shown_text(nav), url


def test_front_matter_is_found_as_mkdocs_finds_it():
    """macros/frontmatter.py keeps its own copy of MkDocs' pattern (no MkDocs import in the domain)."""
    from mkdocs.utils.meta import YAML_RE

    from macros.frontmatter import YAML_RE as ours

    assert (ours.pattern, ours.flags) == (YAML_RE.pattern, YAML_RE.flags)


def test_the_sitemap_lists_readers_pages_only(site):
    """The maintainers' pages are out of the nav, the search and the sitemap."""
    import gzip

    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/maintainers/" not in text and "/activities/neighbours-day/</loc>" in text
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()).decode("utf-8") == text
    assert (site / "maintainers/writing/index.html").is_file(), "still built, so its links are checked"
