"""GB/T 9704-2012 finish of every Word file the build writes (issue 18):
the 落款 kept with the body and placed per 7.3.5, titles broken between words
in balanced lines, forms on one A4 page, 附件说明 and 附件, the parts Word and
WPS read (fonts, compatibility mode, page numbers). XML over every file; a
LibreOffice render of a sample of each kind for what XML cannot tell."""

import re
import sys
import zipfile
from types import SimpleNamespace

import pytest
import yaml

from conftest import ROOT, VARIABLES, VARIANT_WBR
from helpers import LONGEST_NAME

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from word_audit import pdf_pages, render, signature_split  # noqa: E402

from macros.variables import as_values, load_definitions  # noqa: E402
from macros.word.blocks import document_element, read_blocks  # noqa: E402
from macros.word.export import _form, with_room  # noqa: E402
from macros.word.layout import arrange  # noqa: E402
from macros.word.titles import BREAK_HINT, TITLE_CHARS, break_title, breaks_inside_word, width  # noqa: E402

FORMS = yaml.safe_load((ROOT / "data/taxonomy.yml").read_text(encoding="utf-8"))["ledger_forms"]
# Words the reviewer found broken (7.3.1 词意完整), and others a title line must keep whole.
WORDS = [
    "通知",
    "小结",
    "志愿者",
    "方案",
    "工作",
    "报告",
    "总结",
    "计划",
    "专项",
    "倡议书",
    "文明单位",
    "活动",
    "社区",
    "签到表",
    "记录表",
    "登记表",
    "文明城市",
    "精神文明",
    "建设",
    "测评",
    "整改",
    "迎检",
]
PARAGRAPH = re.compile(r"<w:p>(?:(?!</w:p>).)*</w:p>", re.S)
LINE_TWIPS, PAGE_LINES = 579, 22


def xml_of(path, part="word/document.xml"):
    with zipfile.ZipFile(path) as package:
        return package.read(part).decode("utf-8")


def text_of(paragraph):
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", paragraph))


@pytest.fixture(scope="session")
def files(site):
    found = sorted(site.rglob("*.docx"))
    assert len(found) >= 700
    return found


def is_unsealed(path):
    """倡议书 and 公开信 (macros/word/signature.py): signed without a seal."""
    source = ROOT / "docs" / path.parent.parent.name / f"{path.parent.name}.md"
    return path.parent.parent.name == "documents" and re.search(
        r"^doc_type: (倡议书|公开信)$", source.read_text(encoding="utf-8"), re.M
    )


def test_titles_break_between_words_into_balanced_lines(files):
    broken = 0
    for path in files:
        title = next(p for p in PARAGRAPH.findall(xml_of(path)) if 'w:val="Title"' in p)
        lines = [text_of(part) for part in title.split("<w:br/>")]
        whole = "".join(lines)
        assert all(width(line) <= TITLE_CHARS for line in lines), (path, lines)
        if width(whole) > TITLE_CHARS:
            assert len(lines) >= 2, (path, whole)  # broken by the build, not by Word at any character
        if len(lines) > 1:
            broken += 1
            if "〔" not in whole:  # a fill-in prompt is one piece, however long; the reader replaces it
                assert max(map(width, lines)) - min(map(width, lines)) <= 9, (path, lines)  # 排列对称
            ends = [len("".join(lines[:n])) for n in range(1, len(lines))]
            for word in WORDS:
                for match in re.finditer(word, whole):
                    assert not any(match.start() < end < match.end() for end in ends), (path, lines, word)
    assert broken >= 10


@pytest.mark.parametrize(
    "title",
    [
        "关于做好2026年文明城市测评迎检工作的通知",  # 「…迎检工作的通 / 知」 before
        "幸福社区2026年上半年精神文明建设工作小结",  # 「…工作小 / 结」
        "关于表彰2026年度“文明家庭”“优秀志愿者”“身边好人”的决定",  # 「…优秀志愿 / 者…」
        "幸福社区2026年移风易俗、树立文明新风专项工作方案",
        "公民道德宣传日·道德模范学习宣传志愿服务时长登记表",
    ],
)
def test_break_title_keeps_words_whole_and_lines_balanced(title):
    breaks = break_title(title)
    lines = [title[a:b] for a, b in zip([0, *breaks], [*breaks, len(title)])]
    assert len(lines) == 2 and breaks_inside_word(title, breaks) == [], lines
    assert all(width(line) <= TITLE_CHARS for line in lines) and abs(width(lines[0]) - width(lines[1])) <= 6, lines


def test_break_title_takes_a_declared_break_and_keeps_names_whole():
    title = f"关于做好2026年{BREAK_HINT}文明城市测评迎检工作的通知"
    assert break_title(title) == [len("关于做好2026年")]
    name = "新华区精神文明建设指导委员会"  # a variable's value: one piece
    breaks = break_title(name + "2026年工作要点", atoms=[(0, len(name))])
    assert breaks == [len(name)]
    assert break_title("幸福社区文明养犬倡议书") == []  # one line: no break


def test_signature_is_kept_with_the_last_body_lines_and_placed_per_7_3_5(files):
    checked = {"sealed": 0, "unsealed": 0}
    for path in files:
        paragraphs = PARAGRAPH.findall(xml_of(path))
        signature = [i for i, p in enumerate(paragraphs) if 'w:val="Signature"' in p]
        if not signature:
            continue
        first, last = signature[0], signature[-1]
        assert signature == list(range(first, last + 1)), path
        assert all("<w:keepNext/>" in paragraphs[i] for i in signature[:-1]), path
        assert all("<w:keepLines/>" in paragraphs[i] for i in signature), path
        before = paragraphs[first - 1]
        # The last paragraph whole (a long one: its last two lines, by widow control).
        assert "<w:keepNext/>" in before and ("<w:keepLines/>" in before or "<w:widowControl/>" in before), (
            path,
            text_of(before),
        )
        assert "<w:keepNext/>" in paragraphs[first - 2], (path, text_of(paragraphs[first - 2]))
        date = paragraphs[last]
        assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日|〔成文日期〕", text_of(date)), (path, text_of(date))
        issuers = paragraphs[first:last]
        if is_unsealed(path):  # 署名 右空二字, the date two characters right of its start
            checked["unsealed"] += 1
            assert all('w:jc w:val="right"' in p and 'w:rightChars="200"' in p for p in issuers), path
            longest = max(len(text_of(p)) for p in issuers)
            assert 'w:jc w:val="left"' in date and f'w:leftChars="{(28 - longest) * 100}"' in date, path
        else:  # the date 右空四字, each 署名 centred on it
            checked["sealed"] += 1
            assert 'w:jc w:val="right"' in date and 'w:rightChars="400"' in date, path
            assert all('w:jc w:val="center"' in p for p in issuers), path
            left = int(re.search(r'w:leftChars="(\d+)"', issuers[0]).group(1)) / 100
            date_width = sum(0.5 if c.isascii() else 1 for c in text_of(date))
            assert (left + 28) / 2 == pytest.approx(28 - 4 - date_width / 2), path  # same centre
    assert checked["sealed"] >= 100 and checked["unsealed"] >= 8


def test_every_form_fits_one_page_with_room_to_write(files):
    forms = [p for p in files if "-form-" in p.name]
    assert len(forms) >= 300
    names = list(FORMS)
    for path in forms:
        name = names[int(path.stem.rsplit("-", 1)[1]) - 1]
        xml = xml_of(path)
        paragraphs = [p for p in PARAGRAPH.findall(xml.split("<w:tbl>")[0] + xml.split("</w:tbl>")[1])]
        title_lines = paragraphs[0].count("<w:br/>") + 1
        lines = title_lines + 1 + (len(paragraphs) - 1)  # the title, a blank line under it, one line each
        heights = [int(h) for h in re.findall(r'<w:trHeight w:val="(\d+)" w:hRule="exact"/>', xml)]
        rows = FORMS[name]["rows"]
        assert len(heights) == (rows if isinstance(rows, int) else len(rows)), path
        assert lines * LINE_TWIPS + 500 + sum(heights) <= PAGE_LINES * LINE_TWIPS, (path, lines, sum(heights))
        assert min(heights) >= 400, path  # at least 7 mm a row to write in
        assert xml.count("<w:keepNext/>") >= len(FORMS[name]["columns"]), path  # the last row keeps 记录人 with it
        grid = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', xml)]
        for text, column in zip(FORMS[name]["columns"], grid):  # 黑体 4号 in one line, cell margins included
            assert column >= len(text) * 280 + 114, (path, text)
        if FORMS[name]["columns"][0] == "序号":
            first_cell = re.findall(r"<w:tc>.*?</w:tc>", xml.split("</w:tr>")[1], re.S)[0]
            assert 'w:jc w:val="center"' in first_cell, path
    assert FORMS["签到表"]["rows"] >= 20


def test_word_and_wps_parts(files):
    for path in files[:: max(1, len(files) // 40)]:
        fonts = xml_of(path, "word/fontTable.xml")
        for name, alt in [
            ("仿宋_GB2312", "仿宋"),
            ("楷体_GB2312", "楷体"),
            ("方正小标宋简体", "宋体"),
            ("黑体", "SimHei"),
            ("宋体", "SimSun"),
        ]:
            declared = re.search(f'<w:font w:name="{name}">(.*?)</w:font>', fonts)
            assert declared and f'<w:altName w:val="{alt}"/>' in declared.group(1) and "<w:panose1" in declared.group(1), (
                path,
                name,
            )
            assert "<w:family" in declared.group(1)
        settings = xml_of(path, "word/settings.xml")
        assert 'w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"' in settings
        assert "Macintosh" not in xml_of(path, "docProps/app.xml")
        document = xml_of(path)
        assert "<w:highlight" not in document  # a highlight prints
        assert 'w:type="lines"' not in document and '<w:docGrid w:linePitch="579"/>' in document
        assert 'w:footer="1423"' in document  # 25.1 mm: the dashes 7 mm under the text block
        body = re.sub(r"<w:tbl>.*?</w:tbl>", "", document, flags=re.S)
        assert "<w:b/>" not in body  # no bold lead phrases: the levels' fonts say it


def test_annual_plan_tables_are_annexes_after_the_signature(site):
    xml = xml_of(site / "plans/community-annual-plan/community-annual-plan.docx")
    texts = [text_of(p) for p in PARAGRAPH.findall(xml)]
    signature = texts.index("2026年2月6日")
    assert texts[signature - 4 : signature - 2] == ["附件：1.月度活动安排表", "2.责任分工表"]
    assert texts[signature + 1 : signature + 3] == ["附件1", "月度活动安排表"]
    assert xml.index("2026年2月6日") < xml.index("<w:tbl>")  # no table in the body
    note = PARAGRAPH.findall(xml)[signature - 4]
    assert 'w:spacing w:before="579"' in note and 'w:hangingChars="300"' in note and 'w:leftChars="500"' in note
    label = PARAGRAPH.findall(xml)[signature + 1]
    assert "<w:pageBreakBefore/>" in label and 'w:eastAsia="黑体"' in label


def test_minutes_labels_and_addressee(site):
    paragraphs = PARAGRAPH.findall(xml_of(site / "documents/minutes-leading-group/minutes-leading-group.docx"))
    for label in ("出席：", "列席：", "请假："):
        paragraph = next(p for p in paragraphs if text_of(p).startswith(label))
        assert re.search(r'w:eastAsia="黑体"[^>]*/><w:sz w:val="32"/></w:rPr><w:t>' + label, paragraph), label
    notice = PARAGRAPH.findall(xml_of(site / "documents/notice-inspection/notice-inspection.docx"))
    assert text_of(notice[1]).endswith("：") and 'w:firstLineChars="0"' in notice[1]  # 7.3.2 主送 flush left


def test_chapter_headings_are_centred_in_heiti(files):
    """第一章　总则 … of a 章程 or 公约: centred, 黑体 3号, not indented, kept
    with the first article; in the navigation pane as the first level."""
    chapters = 0
    for path in files:
        for paragraph in PARAGRAPH.findall(xml_of(path)):
            if not re.match(r"第[一二三四五六七八九十]+章", text_of(paragraph)):
                continue
            chapters += 1
            assert '<w:pStyle w:val="Heading1"/>' in paragraph and '<w:jc w:val="center"/>' in paragraph, path
            assert 'w:firstLineChars="0"' in paragraph and 'w:leftChars="0"' in paragraph, path
            fonts = re.findall(r'w:eastAsia="([^"]+)"', paragraph)
            assert fonts and set(fonts) == {"黑体"} and set(re.findall(r'<w:sz w:val="(\d+)"/>', paragraph)) == {"32"}, path
    assert chapters >= 6  # the 红白理事会章程's six chapters


def test_a_title_declares_its_break_with_wbr(variant_site):
    """<wbr> in a heading: where the title breaks when it needs two lines
    (conftest.variant_site puts one in a notice's heading, VARIANT_WBR)."""
    page = variant_site[1] / VARIANT_WBR[0].removesuffix(".md")
    title = PARAGRAPH.findall(xml_of(page / f"{page.name}.docx"))[0]
    assert [text_of(part) for part in title.split("<w:br/>")] == ["关于做好2026年", "文明城市测评迎检工作的通知"]
    assert "\u200b" not in (page / f"{page.name}.txt").read_text(encoding="utf-8-sig")


# --- What LibreOffice shows --------------------------------------------------


def test_libreoffice_sample_forms_one_page_signatures_whole(site, tmp_path):
    activity = site / "activities/neighbours-day"
    sample = (
        sorted(activity.glob("*-form-*.docx"))
        + [activity / "neighbours-day-plan.docx"]
        + [
            site / f"{p}.docx"
            for p in (
                "plans/community-annual-plan/community-annual-plan",
                "documents/notice-activity/notice-activity",
                "documents/self-inspection-report/self-inspection-report",
                "documents/proposal-clean-plate/proposal-clean-plate",
                "plans/district-key-points/district-key-points",
            )
        ]
    )
    pdfs = render(sample, tmp_path)
    for path in sample:
        pages = pdf_pages(pdfs[path])
        if "-form-" in path.name:
            assert len(pages) == 1, path
            continue
        paragraphs = PARAGRAPH.findall(xml_of(path))
        signature = [re.sub(r"\s", "", text_of(p)) for p in paragraphs if 'w:val="Signature"' in p]
        assert signature and not signature_split(pages, signature), path
    annual = pdf_pages(pdfs[site / "plans/community-annual-plan/community-annual-plan.docx"])
    assert len(annual) <= 14  # 16 before: tables no longer snapped to the line grid


def test_recommendation_forms_have_a_photo_cell_and_room_for_seals(site):
    for name in ("form-civilised-family", "form-good-person", "form-volunteer"):
        xml = xml_of(site / f"documents/{name}/{name}.docx")
        first = re.search(r"<w:tbl>.*?</w:tbl>", xml, re.S).group(0)
        assert first.count('<w:vMerge w:val="restart"/>') == 1 and first.count("<w:vMerge/>") == 4, name
        assert "（粘贴照片）" in first and "<w:gridSpan " in first, name
        photo = re.search(r'<w:tcW w:w="(\d+)" w:type="dxa"/><w:vMerge w:val="restart"/>', first).group(1)
        photo_rows = re.findall(r"<w:tr>(?:(?!</w:tr>).)*<w:vMerge(?:(?!</w:tr>).)*</w:tr>", first, re.S)
        photo_height = sum(int(re.search(r'<w:trHeight w:val="(\d+)"', row).group(1)) for row in photo_rows)
        assert int(photo) >= 25 * 56.7 and photo_height >= 35 * 56.7, name  # a 1-inch photo, 25 x 35 mm
        rows = re.findall(r"<w:tr>.*?</w:tr>", xml, re.S)
        sealed = [r for r in rows if "盖章" in text_of(r)]
        # 社区 and 街道 side by side in one row, at least 21 mm (3 cm when the form has room).
        assert len(sealed) == 1 and "社区党组织意见" in text_of(sealed[0]) and "街道意见" in text_of(sealed[0]), name
        assert int(re.search(r'<w:trHeight w:val="(\d+)" w:hRule="atLeast"/>', sealed[0]).group(1)) >= 1190, name
        signed = [r for r in rows if "签字" in text_of(r)]
        assert signed and int(re.search(r'<w:trHeight w:val="(\d+)" w:hRule="atLeast"/>', signed[0]).group(1)) >= 790, name
        cells = re.findall(r"<w:tc>.*?</w:tc>", xml, re.S)
        assert all('<w:sz w:val="24"/>' in c for c in cells if re.search(r"<w:t[ >]", c)), name  # 小四 in the form's cells


NAMES = ("community", "village", "unit")  # the names printed in the forms
NAME_PLACE = re.compile(
    r'(<w:bookmarkStart [^>]*w:name="var_(?:%s)_\d+"[^>]*/>(?:(?!<w:bookmarkEnd ).)*?<w:t(?: [^>]*)?>)[^<]*(</w:t>)'
    % "|".join(NAMES),
    re.S,
)


def with_longest_names(path, folder):
    """A copy of a Word file whose marked names are as long as allowed, put
    in as download.js puts the reader's own (the marked place's text)."""
    with zipfile.ZipFile(path) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    xml, count = NAME_PLACE.subn(rf"\g<1>{LONGEST_NAME}\g<2>", parts["word/document.xml"].decode("utf-8"))
    parts["word/document.xml"] = xml.encode("utf-8")
    copy = folder / path.relative_to(path.parents[1]).as_posix().replace("/", "--")
    with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return copy, count


def test_libreoffice_forms_of_every_kind_are_one_page(site, tmp_path):
    """Every form the site offers fits one A4 page in LibreOffice, with the
    longest name a reader may give (variables.yml max_length) in its marked
    places: the 推荐表 and 调查问卷 among the documents, all of them; of the
    activities' 台账 forms (the same table for every activity), each kind
    with the longest title (a title on two lines leaves the table the least
    room)."""
    assert all(VARIABLES[name].get("max_length") == len(LONGEST_NAME) for name in NAMES)
    documents = [
        p
        for p in sorted(site.glob("documents/*/*.docx"))
        if re.search(r"^doc_type: (推荐表|调查问卷)$", (ROOT / f"docs/documents/{p.stem}.md").read_text(encoding="utf-8"), re.M)
    ]
    assert len(documents) >= 6
    longest = {}
    for path in site.glob("activities/*/*-form-*.docx"):
        kind = path.stem.rsplit("-", 1)[1]
        title = text_of(PARAGRAPH.findall(xml_of(path))[0])
        if kind not in longest or width(title) > longest[kind][0]:
            longest[kind] = (width(title), path)
    assert len(longest) == len(FORMS)
    filled = {}
    for path in documents + [path for _, path in longest.values()]:
        copy, count = with_longest_names(path, tmp_path)
        filled[copy] = path
        assert count, f"{path}: no marked name (a form names whose it is)"
    pdfs = render(list(filled), tmp_path / "pdf")
    pages = {filled[copy].relative_to(site).as_posix(): len(pdf_pages(pdfs[copy])) for copy in filled}
    assert all(count == 1 for count in pages.values()), pages


def test_schedule_tables_keep_short_cells_and_names_on_one_line(files):
    """The 月度活动安排表 and 责任分工表 (macros/plan/schedule.py WIDTHS): 月份
    and 完成时限 values, five-character 责任人 and activity names of up to 12
    characters never wrap (4号: 280 twips a character, plus the cell margins)."""
    one_line = {"月份": 99, "完成时限": 99, "活动内容": 12, "工作任务": 12, "责任人": 5, "牵头人": 5}
    checked = 0
    for path in files:
        if "/plans/" not in path.as_posix():
            continue
        for table in re.findall(r"<w:tbl>.*?</w:tbl>", xml_of(path), re.S):
            rows = [re.findall(r"<w:tc>.*?</w:tc>", row, re.S) for row in re.findall(r"<w:tr>.*?</w:tr>", table, re.S)]
            headers = [text_of(cell) for cell in rows[0]]
            if headers[0] not in ("月份", "工作任务"):
                continue
            for row in rows:
                for header, cell in zip(headers, row):
                    text, limit = text_of(cell), one_line.get(header, 0)
                    if text and (row is rows[0] or width(text) <= limit):
                        checked += 1
                        tc_width = int(re.search(r'<w:tcW w:w="(\d+)"', cell).group(1))
                        assert tc_width >= width_chars(text) * 280 + 114, (path, header, text)
    assert checked >= 500


def width_chars(text):
    return sum(0.5 if ord(c) < 0x2000 else 1 for c in text)


def test_no_header_cell_is_narrower_than_its_text(site):
    from word_audit import narrow_header_cells

    narrow, cells, _ = narrow_header_cells(site)
    assert cells >= 2000 and narrow == 0


def test_two_tables_in_a_row_stay_two_tables():
    """Without a paragraph between them, Word and LibreOffice read two tables
    as one (the second's header row then repeats the first's on a new page)."""
    import zipfile
    from io import BytesIO

    from macros.word.blocks import Block, Run
    from macros.word.package import write_docx

    def table(header, value):
        return Block("table", rows=[[([Run(header)], True)], [([Run(value)], False)]])

    data = write_docx([Block("title", [Run("标题")], 1), table("甲", "一"), table("乙", "二")], title="标题", author="测试")
    xml = zipfile.ZipFile(BytesIO(data)).read("word/document.xml").decode("utf-8")
    assert xml.count("<w:tbl>") == 2 and "</w:tbl><w:p/><w:tbl>" in xml


# --- Room for the reader's values (in-process) -------------------------------


def form_heights(blocks):
    return sum(sum(block.heights or block.row_heights or []) for block in blocks if block.kind == "table")


def test_a_recommendation_form_keeps_room_for_the_longest_name_a_reader_may_give(site):
    """The browser puts the reader's own name into the finished 推荐表
    (download.js), so the build lays it out for the longest name the
    variable allows (max_length), not for its own short default. The 文明家庭
    推荐表 is the fullest: a limit that puts the name on a second line takes
    a line from its rows to write in, more than they can give, and fails the
    build (LibreOffice: 24 characters made it two pages); the 志愿者推荐表
    gives a line at 60."""
    values = as_values(load_definitions(ROOT / "data/variables.yml"))

    def heights(page, limit):
        html = (site / f"documents/{page}/index.html").read_text(encoding="utf-8")
        values["community"].max_length = limit
        return form_heights(arrange(with_room(read_blocks(document_element(html, page, "document")), values)))

    # 推荐单位：(5) and the name, 2 characters of indent, 28 a line.
    assert heights("form-civilised-family", len(LONGEST_NAME)) == heights("form-civilised-family", 21)
    assert heights("form-civilised-family", 21) == heights("form-civilised-family", 4)
    with pytest.raises(ValueError, match=r"does not fit one A4 page: \d+ mm too long with each value at its longest"):
        heights("form-civilised-family", 22)
    assert heights("form-volunteer", 60) < heights("form-volunteer", 45) == heights("form-volunteer", 4)


def test_a_ledger_form_keeps_room_for_the_longest_name_a_reader_may_give():
    """The 台账 forms likewise: the holder's line is counted at its longest."""
    values = as_values(load_definitions(ROOT / "data/variables.yml"))
    entry = SimpleNamespace(meta={"title": "邻居节"})

    def heights(limit):
        values["community"].max_length = limit
        return form_heights(_form(entry, "签到表", FORMS["签到表"], values))

    # 社区：(3) and the name, 2 characters of indent, 28 a line.
    assert heights(len(LONGEST_NAME)) == heights(23) == heights(4)
    assert heights(4) - FORMS["签到表"]["rows"] <= heights(24) + LINE_TWIPS <= heights(4)
