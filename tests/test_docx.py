"""The Word (公文格式, GB/T 9704-2012) and plain-text downloads of every plan
and document, and the 活动方案, 信息稿 and 台账 forms of every activity.

Each built .docx is opened with python-docx and compared with the page it was
made from: layout, fonts, page numbers, language, text and variable bookmarks.
One is rendered by LibreOffice to check what a reader sees.
"""

import json
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.table import Table

from conftest import DEFAULTS, ROOT, TEXT_VARIABLES, once
from helpers import page_tree, shown_text, to_pdf, with_class

sys.path.insert(0, str(ROOT))
from macros.word.text import plain_text  # noqa: E402

HTML_SPACE = re.compile(r"[ \t\n\r\f]+")  # a browser collapses these, not U+3000
HEADING_FONTS = {"h2": "黑体", "h3": "楷体_GB2312", "h4": "仿宋_GB2312", "h5": "仿宋_GB2312"}
TITLE_FONT, BODY_FONT, PAGE_NUMBER_FONT = "方正小标宋简体", "仿宋_GB2312", "宋体"


@dataclass
class Plan:
    url: str
    doc: object  # the #tpl-doc element of the built page (lxml), without the notes for the writer
    docx_path: Path
    text_path: Path


def normalise(text):
    return HTML_SPACE.sub(" ", text).strip()


@pytest.fixture(scope="session")
def plans(site):
    found = []
    for html in sorted(site.rglob("index.html")):
        page = html.read_text(encoding="utf-8")
        if 'data-kind="plan"' not in page and 'data-kind="document"' not in page:
            continue  # not parsed: most pages (test_every_plan_page_has_both_downloads counts the rest)
        tree = page_tree(html)
        doc = tree.xpath("//*[@id='tpl-doc'][@data-kind='plan' or @data-kind='document']")
        if not doc:
            continue
        for note in doc[0].xpath(f".//*[{with_class('admonition')}]"):  # notes for the writer never enter the files
            note.drop_tree()
        word = tree.xpath("//a[@data-tpl-download='docx'][@data-tpl-part='document']/@href")
        text = tree.xpath("//a[@data-tpl-download='text'][@data-tpl-part='document']/@href")
        assert word and text, f"{html}: no download links"
        found.append(Plan(str(html.parent.relative_to(site)), doc[0], html.parent / word[0], html.parent / text[0]))
    return found


def page_blocks(doc):
    """What the page shows, in order: ("p", tag, text) per paragraph-like element
    and ("table", rows) per table, as the Word file must hold it."""
    blocks = []
    for element in doc.iter("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "table"):
        if any(ancestor.tag in ("table", "li") for ancestor in element.iterancestors()):
            continue  # inside a table or list item: part of that block
        if element.tag == "table":
            rows = [[normalise(shown_text(cell)) for cell in row.iter("th", "td")] for row in element.iter("tr")]
            blocks.append(("table", rows))
        else:
            role = "signature" if element.xpath(f"ancestor::*[{with_class('tpl-signature')}]") else element.tag
            marker = ""
            parent = element.getparent()
            if element.tag == "li" and parent.tag == "ol":
                marker = f"{[item for item in parent if item.tag == 'li'].index(element) + 1}."
            blocks.append(("p", role, marker + normalise(shown_text(element))))
    return blocks


ANNEX_SECTIONS = ("活动安排和责任分工",)
LABEL = re.compile(r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）")


def word_order(blocks):
    """The page's blocks as the Word file arranges them (GB/T 9704 7.3.4): the
    tables of the schedule section become 附件 after the signature, listed in
    a 附件说明 above it; a page's own 「附件：」 list becomes one 附件说明."""
    blocks = list(blocks)
    start = next(
        (i for i, b in enumerate(blocks) if b[0] == "p" and b[1] == "h2" and LABEL.sub("", b[2]) in ANNEX_SECTIONS), None
    )
    if start is not None:
        end = next(
            (i for i in range(start + 1, len(blocks)) if blocks[i][0] == "p" and blocks[i][1] in ("h2", "signature")), len(blocks)
        )
        kept, annexes, name = [blocks[start]], [], ""
        for block in blocks[start + 1 : end]:
            if block[0] == "table":
                annexes.append((name, block))
            elif block[1] == "h3":
                name = LABEL.sub("", block[2])
            else:
                kept.append(("p", block[1], block[2].replace("如下", "见附件")))
        rest = blocks[end:]
        signature = [b for b in rest if b[0] == "p" and b[1] == "signature"]
        note = [("p", "annex-note", ("附件：" if n == 1 else "") + f"{n}.{name}") for n, (name, _) in enumerate(annexes, 1)]
        after = []
        for n, (name, table) in enumerate(annexes, 1):
            after += [("p", "annex-label", f"附件{n}" if len(annexes) > 1 else "附件"), ("p", "annex-title", name), table]
        blocks = blocks[:start] + kept + note + signature + after + [b for b in rest if b not in signature]
    out, index = [], 0
    while index < len(blocks):
        block = blocks[index]
        if block[0] == "p" and block[2] == "附件：" and index + 1 < len(blocks) and re.match(r"\d+\.", blocks[index + 1][2]):
            out.append(("p", "annex-note", "附件：" + blocks[index + 1][2]))
            index += 2
            while index < len(blocks) and blocks[index][0] == "p" and re.match(r"\d+\.", blocks[index][2]):
                out.append(("p", "annex-note", blocks[index][2]))
                index += 1
            continue
        if (
            block[0] == "p"
            and block[2].startswith("附件：")
            and (index + 1 == len(blocks) or blocks[index + 1][1] == "signature")
        ):
            block = ("p", "annex-note", block[2])
        out.append(block)
        index += 1
    return out


def docx_blocks(document):
    blocks = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            rows = []
            for row in item.rows:
                cells = list({id(cell._tc): cell for cell in row.cells}.values())  # a merged cell: once
                rows.append([normalise(cell.text) for cell in cells])
            if rows[0][-1] == "照片":  # a 推荐表's photo column (Word only): the page's table is the rest
                rows = [row[:-1] if len(row) == len(rows[0]) else row for row in rows]
            # Two label-and-value pairs side by side (a form's 盖章 rows): two rows on the page.
            rows = [part for row in rows for part in ([row[:2], row[2:]] if len(row) == 2 * len(rows[0]) == 4 else [row])]
            blocks.append(("table", rows))
        else:
            blocks.append(
                ("p", item, normalise(item.text.replace("\n", "")) if item.style.name == "Title" else normalise(item.text))
            )
    return blocks


def fonts_of(r_pr):
    fonts = r_pr.find(qn("w:rFonts"))
    return {script: fonts.get(qn(f"w:{script}")) for script in ("ascii", "hAnsi", "eastAsia")}


def style_chain(style):
    while style is not None:
        yield style
        style = style.base_style


def effective(paragraph, attribute):
    """A paragraph-format value as Word applies it: the paragraph's own, else its styles'."""
    value = getattr(paragraph.paragraph_format, attribute)
    if value is not None:
        return value
    for style in style_chain(paragraph.style):
        value = getattr(style.paragraph_format, attribute)
        if value is not None:
            return value
    return None


def first_line_chars(paragraph):
    for element in [paragraph._p, *(s.element for s in style_chain(paragraph.style))]:
        indent = element.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        if indent is not None and indent.get(qn("w:firstLineChars")) is not None:
            return int(indent.get(qn("w:firstLineChars")))
    return 0


def test_every_plan_page_has_both_downloads(site, plans):
    sources = [
        p for p in (ROOT / "docs").glob("*/*.md") if re.search(r"^kind: (plan|document)$", p.read_text(encoding="utf-8"), re.M)
    ]
    assert len(plans) == len(sources) >= 1
    for plan in plans:
        assert plan.docx_path.is_file(), plan.docx_path
        assert plan.text_path.is_file(), plan.text_path
        with zipfile.ZipFile(plan.docx_path) as package:
            assert package.testzip() is None
            assert package.getinfo("word/document.xml").compress_type == zipfile.ZIP_DEFLATED


def test_page_is_a4_with_gbt9704_margins_and_22_line_grid(plans):
    for plan in plans:
        document = Document(plan.docx_path)
        assert len(document.sections) == 1
        section = document.sections[0]
        assert (round(section.page_width.mm, 1), round(section.page_height.mm, 1)) == (210.0, 297.0)
        margins = [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)]
        assert margins == [37, 35, 28, 26], plan.url
        grid = section._sectPr.find(qn("w:docGrid"))
        assert grid.get(qn("w:linePitch")) == "579"  # 28.95 pt in twips
        assert grid.get(qn("w:type")) is None  # no snapping: LibreOffice would stretch table rows to the pitch


def test_fonts_sizes_and_line_spacing_follow_each_element(plans):
    for plan in plans:
        document = Document(plan.docx_path)
        paragraphs = [block[1] for block in docx_blocks(document) if block[0] == "p"]
        roles = [block[1] for block in word_order(page_blocks(plan.doc)) if block[0] == "p"]
        assert len(paragraphs) == len(roles), plan.url
        if paragraphs[0].text.endswith("推荐表"):  # a one-page form: its captions between tables (tables.py)
            blocks = [block[0] for block in docx_blocks(document)]
            roles = [role if n < blocks.index("table") else "caption" for n, role in enumerate(roles)]
        for paragraph, role in zip(paragraphs, roles):
            font, size = {
                "h1": (TITLE_FONT, 22),
                "annex-title": (TITLE_FONT, 22),
                "annex-label": ("黑体", 16),
                "caption": ("黑体", 14),
            }.get(role, (HEADING_FONTS.get(role, BODY_FONT), 16))
            where = f"{plan.url}: {paragraph.text[:20]}"
            for n, run in enumerate(paragraph.runs):
                expected = font
                if n == 0 and re.match(r"^(出席|列席|请假|缺席)：", paragraph.text):
                    expected = "黑体"  # a 纪要's labels
                assert fonts_of(run._r.rPr) == {"ascii": expected, "hAnsi": expected, "eastAsia": expected}, where
                assert run.font.size.pt == size, where
                assert not run.font.bold, where  # GB/T 9704 sets each level's font; no bold lead phrases
                assert run.font.highlight_color is None, where  # a highlight prints
            assert effective(paragraph, "line_spacing_rule") == WD_LINE_SPACING.EXACTLY, where
            assert round(effective(paragraph, "line_spacing").pt, 2) == (20 if role == "caption" else 28.95), where
            alignment = effective(paragraph, "alignment")
            if role == "caption":
                assert first_line_chars(paragraph) == 0, where  # flush left above its table
            elif role == "h2" and re.match(r"第[一二三四五六七八九十]+章", paragraph.text):
                assert alignment == WD_ALIGN_PARAGRAPH.CENTER and first_line_chars(paragraph) == 0, where  # 章程 chapters
            elif role in ("h1", "annex-title"):
                assert alignment == WD_ALIGN_PARAGRAPH.CENTER, where
            elif role == "signature":
                assert alignment in (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT), where
            elif role in ("annex-note", "annex-label"):
                pass  # 7.3.4: layout checked in test_word_layout.py
            elif paragraph.text.endswith("：") and paragraphs.index(paragraph) == 1:
                assert first_line_chars(paragraph) == 0, where  # 7.3.2: 主送机关 flush left
            else:  # body text and headings: first line in by two characters
                assert effective(paragraph, "first_line_indent").pt == 32, where
                assert first_line_chars(paragraph) == 200, where
        # The styles carry the same fonts, for text a user adds in Word.
        styles = document.styles
        assert fonts_of(styles["Normal"].element.rPr)["eastAsia"] == BODY_FONT
        assert fonts_of(styles["Title"].element.rPr)["eastAsia"] == TITLE_FONT
        for level, tag in enumerate(["h2", "h3", "h4", "h5"], start=1):
            assert fonts_of(styles[f"Heading {level}"].element.rPr) == {
                k: HEADING_FONTS[tag] for k in ("ascii", "hAnsi", "eastAsia")
            }


def test_no_theme_fonts_or_japanese_defaults_left_from_the_template(plans):
    with zipfile.ZipFile(plans[0].docx_path) as package:
        styles = package.read("word/styles.xml").decode()
        settings = package.read("word/settings.xml").decode()
        names = package.namelist()
    defaults = re.search(r"<w:docDefaults>.*</w:docDefaults>", styles).group(0)
    assert "Theme=" not in defaults and "theme=" not in defaults  # a theme font would win over ours
    assert 'w:eastAsia="zh-CN"' in defaults and 'w:val="zh-CN"' in defaults
    assert 'w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"' in settings
    assert "ja-JP" not in styles + settings
    assert "docProps/thumbnail.jpeg" not in names and "word/stylesWithEffects.xml" not in names
    document = Document(plans[0].docx_path)
    for name in ["Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Signature", "Footer"]:
        lang = document.styles[name].element.rPr.find(qn("w:lang"))
        assert lang.get(qn("w:eastAsia")) == "zh-CN", name
    assert document.core_properties.language == "zh-CN"


def test_page_numbers_are_page_fields_right_on_odd_left_on_even(plans):
    document = Document(plans[0].docx_path)
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, alignment in [(section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)]:
        assert not footer.is_linked_to_previous
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == alignment
        xml = paragraph._p.xml
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        assert [i.text.strip() for i in paragraph._p.iter(qn("w:instrText"))] == ["PAGE"]
        assert paragraph.text == "— 1 —"  # the field's shown value between the dashes
        for run in paragraph.runs:
            assert fonts_of(run._r.rPr)["eastAsia"] == PAGE_NUMBER_FONT
            assert run.font.size.pt == 14


def test_docx_text_equals_the_page_text(plans):
    for plan in plans:
        expected = word_order(page_blocks(plan.doc))
        actual = docx_blocks(Document(plan.docx_path))
        assert [b[0] for b in actual] == [b[0] for b in expected], plan.url
        for mine, theirs in zip(actual, expected):
            if mine[0] == "table":
                assert mine[1] == theirs[1], plan.url
            else:
                assert mine[2] == theirs[2], plan.url


def bookmarked_values(docx_path):
    """{bookmark name: text of the one run between bookmarkStart and bookmarkEnd}."""
    document = Document(docx_path)
    values = {}
    for paragraph in document.element.body.iter(qn("w:p")):
        children = list(paragraph)
        for index, child in enumerate(children):
            if child.tag == qn("w:bookmarkStart") and child.get(qn("w:name")).startswith("var_"):
                run, end = children[index + 1], children[index + 2]
                assert run.tag == qn("w:r") and end.tag == qn("w:bookmarkEnd")
                assert end.get(qn("w:id")) == child.get(qn("w:id"))
                values[child.get(qn("w:name"))] = "".join(t.text for t in run.iter(qn("w:t")))
    return values


def test_every_variable_is_a_bookmark_holding_its_configured_value(plans):
    for plan in plans:
        values = bookmarked_values(plan.docx_path)
        spans = plan.doc.xpath(".//*[@data-var]/@data-var")
        assert len(values) == len(spans) > 0, plan.url
        for name in set(spans):
            count = spans.count(name)
            shown = DEFAULTS[name] if name in DEFAULTS else f"〔{TEXT_VARIABLES[name]}〕"  # an empty text variable: its prompt
            assert [values[f"var_{name}_{n}"] for n in range(1, count + 1)] == [shown] * count, plan.url


def test_plain_text_holds_the_page_text_and_marks_the_values(plans):
    for plan in plans:
        assert plan.text_path.suffix == ".txt"  # opens on a Windows office PC by double-click
        raw = plan.text_path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # WPS and Notepad then read UTF-8
        assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF line ends only
        text = raw.decode("utf-8-sig").replace("\r\n", "\n")
        expected = []
        for block in page_blocks(plan.doc):
            if block[0] == "table":  # tab-separated lines, no Markdown
                expected.append("\n".join("\t".join(row) for row in block[1]))
            else:
                expected.append(block[2])
        assert [normalise(p) for p in text.split("\n\n")] == [normalise(p) for p in expected], plan.url
        assert "|" not in text, plan.url
        segments = json.loads(Path(f"{plan.text_path}.json").read_text(encoding="utf-8"))
        assert plain_text(segments).replace("\r\n", "\n") == text
        pairs = [s[0] for s in segments if isinstance(s, list)]
        assert [p for p in pairs if not p.startswith("tbl:")] == plan.doc.xpath(".//*[@data-var]/@data-var")
        # Tables the reader's choices fill are one replaceable pair each.
        assert [p for p in pairs if p.startswith("tbl:")] == [
            "tbl:" + name for name in plan.doc.xpath(".//table/@data-tpl-table")
        ]


def test_a_plan_page_without_its_document_has_no_word_file():
    """The Word writer refuses a built page whose document part is missing (an
    error in the background worker fails the build: test_build_cache.py)."""
    sys.path.insert(0, str(ROOT))
    from macros.errors import BuildError
    from macros.word.blocks import document_element

    page = '<article class="md-content__inner"><h1>计划</h1><p>正文</p></article>'
    with pytest.raises(BuildError, match=r'^plans/x\.md: plan page has no <div id="tpl-doc">'):
        document_element(page, "plans/x.md", "plan")
    assert (
        document_element(
            page.replace("<h1>", '<div id="tpl-doc"><h1>').replace("</article>", "</div></article>"), "plans/x.md", "plan"
        ).get("id")
        == "tpl-doc"
    )


# --- Rendering, as a reader sees it -----------------------------------------


@pytest.fixture(scope="session")
def rendered_pdf(plans, tmp_path_factory):
    plan = next(p for p in plans if p.url.endswith("community-annual-plan"))
    return plan, once(tmp_path_factory, "annual-plan-pdf", lambda out: to_pdf(plan.docx_path, out))


def pdf_lines(pdf):
    """Per page, the text lines as (top y in pt, text), read by pdftotext."""
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    soup = BeautifulSoup(xhtml, "lxml")
    return [
        [(float(line["ymin"]), "".join(w.get_text() for w in line.find_all("word"))) for line in page.find_all("line")]
        for page in soup.find_all("page")
    ]


def test_libreoffice_renders_the_word_file(rendered_pdf):
    plan, pdf = rendered_pdf
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)) >= 2
    assert "(A4)" in info
    text = re.sub(r"\s", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    assert re.sub(r"\s", "", shown_text(plan.doc.xpath(".//h1")[0])) in text
    assert "—1—" in text and "—2—" in text  # the PAGE field is evaluated per page


def test_rendered_lines_are_28_95pt_apart_28_characters_22_a_page(rendered_pdf):
    _, pdf = rendered_pdf
    top, bottom = 37 / 25.4 * 72, (297 - 35) / 25.4 * 72  # the text block, in pt
    full_width = re.compile(r"^[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]+$")  # CJK characters and punctuation only
    gaps, widths, lines_a_page = [], [], []
    pages = pdf_lines(pdf)
    # The body text, up to the tables of the last section (their lines are 20 pt).
    first_table_page = next(i for i, lines in enumerate(pages) if any("活动安排和责任分工" in text for _, text in lines))
    for lines in pages[:first_table_page]:
        body = sorted((y, text) for y, text in lines if top - 5 <= y <= bottom)
        lines_a_page.append(len(body))
        gaps += [round(b[0] - a[0], 1) for a, b in zip(body, body[1:])]
        # A closing mark may hang past the line end (标点悬挂), as in Word.
        widths += [len(text.rstrip("，。、；：？！”’）")) for _, text in body if full_width.match(text)]
    assert max(set(gaps), key=gaps.count) == pytest.approx(28.95, abs=0.2)
    assert max(widths) == 28
    assert max(lines_a_page) <= 22
