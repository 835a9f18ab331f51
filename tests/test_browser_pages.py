"""A person opens the site in Chromium and sees the configured values."""

import pytest

from conftest import DEFAULTS

pytestmark = pytest.mark.browser


def test_home_page_leads_to_the_plan(page, base_url):
    page.goto(base_url)
    assert "社区精神文明建设模板库" in page.title()
    page.get_by_role("link", name="社区年度精神文明建设工作计划").first.click()
    page.wait_for_url("**/plans/community-annual-plan/")
    heading = page.locator("#tpl-doc h1")
    assert heading.inner_text() == f"{DEFAULTS['community']}{DEFAULTS['year']}年精神文明建设工作计划"
    communities = page.locator('#tpl-doc [data-var="community"]')
    assert communities.count() >= 3
    assert set(communities.all_inner_texts()) == {DEFAULTS["community"]}
    # The heading text, without the copy button that copy.js adds to it.
    assert page.locator("#tpl-doc h2").first.evaluate("h => h.firstChild.textContent") == "一、指导思想"
