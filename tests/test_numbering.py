"""公文 heading numbers (macros/numbering.py): 一、（一）1.（1）, and a 章程's
chapters (第一章 总则), which the writer numbers and the build keeps."""

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from macros.errors import TemplateInputError  # noqa: E402
from macros.numbering import number_headings  # noqa: E402


def test_headings_are_numbered_by_level():
    text = number_headings("## 指导思想\n\n### 学习\n\n### 宣讲\n\n## 工作目标\n\n### 目标", "x.md")
    assert [line for line in text.split("\n") if line] == [
        "## 一、指导思想",
        "### （一）学习",
        "### （二）宣讲",
        "## 二、工作目标",
        "### （一）目标",
    ]


def test_chapters_of_a_charter_keep_their_own_numbers():
    text = number_headings("## 第一章&emsp;总则\n\n第一条&emsp;名称。\n\n## 第二章&emsp;组织机构\n\n## 第十一章 附则", "x.md")
    assert "## 第一章&emsp;总则" in text and "## 第二章&emsp;组织机构" in text and "## 第十一章 附则" in text
    assert "一、" not in text


def test_a_hand_numbered_heading_still_fails():
    with pytest.raises(TemplateInputError):
        number_headings("## 一、指导思想", "x.md")
    with pytest.raises(TemplateInputError):
        number_headings("## （一）指导思想", "x.md")
