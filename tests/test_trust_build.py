"""Trust on the build side (issue 17): a value or a page never runs as code,
and an apostrophe stays an apostrophe, on the page, in Word and in the text."""

import re
import zipfile

import yaml
from bs4 import BeautifulSoup

from conftest import read_page, run_build

PLAN = "plans/community-annual-plan"
COMMUNITY = "王'家<b>湾</b>社区"
STREET = "<script>alert(1)</script>'s街道"


def set_default(project, name, value):
    path = project / "data/variables.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data[name]["value"] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def docx_text(path):
    with zipfile.ZipFile(path) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    return "".join(BeautifulSoup(xml, "xml").find_all(string=True))


def test_values_are_escaped_exactly_once(project, tmp_path):
    set_default(project, "community", COMMUNITY)
    set_default(project, "street", STREET)
    result = run_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    html = read_page(tmp_path / "site", PLAN)
    assert "<script>alert(1)" not in html and "<b>湾" not in html, "a value's markup is text, never markup"
    assert "&amp;#" not in html and "&#x27;" not in html, "escaped once: no entity escaped again"
    soup = BeautifulSoup(html, "lxml")
    for name, value in (("community", COMMUNITY), ("street", STREET)):
        shown = {e.get_text() for e in soup.select(f'span[data-var="{name}"]')}
        assert shown == {value}, name
    slug = PLAN.rsplit("/", 1)[1]
    word = docx_text(tmp_path / "site" / PLAN / f"{slug}.docx")
    text = (tmp_path / "site" / PLAN / f"{slug}.md").read_text(encoding="utf-8")
    for name, download in (("Word", word), ("text", text)):
        assert COMMUNITY in download and STREET in download, name
        assert "&#" not in download and "&lt;" not in download and "&amp;" not in download, name
    assert re.search(r"王'家<b>湾</b>社区", text)
