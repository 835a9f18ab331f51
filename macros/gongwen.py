"""A Word document laid out as a 公文 (GB/T 9704-2012), built with python-docx.

Input: the blocks of docx_export.read_blocks (title, headings, body,
signature, tables). Numbers: ../shared/ENGINEERING.md. python-docx traps
handled here: Chinese fonts need `w:eastAsia` (set on docDefaults, styles and
every run, with the template's theme fonts removed, since a theme font wins
over a named one); the default template is US Letter, ja-JP/en-US, 1.15 lines
with 10 pt after; there is no API for PAGE fields, `w:docGrid` or outline levels.
Word's usual 28-character grid (a negative w:charSpace) is not used: LibreOffice
spreads such text to 16 characters a line; condensed character spacing gives
the 28 characters in Word, WPS and LibreOffice alike.

Variable values become replaceable in the browser (see download.js): each is
one run between <w:bookmarkStart w:name="var_<name>_<n>"/> and
<w:bookmarkEnd/>, n counting that variable's occurrences from 1, and its
<w:t> always has xml:space="preserve".
"""

import io
import math
import re
import zipfile
from dataclasses import replace
from datetime import datetime, timezone

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt

# Page: A4, margins top 37, bottom 35, left 28, right 26 mm (text block 156 x 225 mm).
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGINS = {"top": Mm(37), "bottom": Mm(35), "left": Mm(28), "right": Mm(26)}
# The page number's top edge sits about 7 mm below the text block (35 - 7 mm
# from the page edge); Word measures to the footer's bottom, one 14 pt line lower.
FOOTER_DISTANCE = Mm(22)
CHARS_PER_LINE = 28
LINE_PITCH = Pt(28.95)  # fixed line spacing: 22 lines of 3号 text a page
TEXT_WIDTH = Length(PAGE_WIDTH - MARGINS["left"] - MARGINS["right"])  # 156 mm

TITLE_FONT, TITLE_SIZE = "方正小标宋简体", Pt(22)  # 2号
BODY_FONT, BODY_SIZE = "仿宋_GB2312", Pt(16)  # 3号
HEADING_FONTS = {2: "黑体", 3: "楷体_GB2312", 4: "仿宋_GB2312", 5: "仿宋_GB2312"}  # 一、（一）1.（1）
PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE = "宋体", Pt(14)  # 4号
# 28 characters of 16 pt need 16 * 28 = 448 pt but the line is 442.2 pt:
# condense each character, in Word's unit of 1/20 pt (-5: 紧缩 0.25 磅).
CHARACTER_SPACING = math.floor((TEXT_WIDTH.pt / CHARS_PER_LINE - BODY_SIZE.pt) * 20)
LANGUAGE = "zh-CN"

# Built-in styles, so Word's navigation pane and outline see the headings.
TITLE_STYLE = "Title"
HEADING_STYLES = {level: f"Heading {level - 1}" for level in HEADING_FONTS}
SIGNATURE_STYLE = "Signature"

DOCX_PART = "word/document.xml"
_BOOKMARK_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_ZIP_TIME = (2020, 1, 1, 0, 0, 0)  # entry times mean nothing; the dates are in docProps/core.xml


def write_docx(blocks, title, author):
    """The .docx bytes of `blocks`; word/document.xml is stored uncompressed."""
    document = Document()
    _drop_template_leftovers(document)
    _set_up_page(document)
    _set_up_styles(document)
    _set_up_page_numbers(document)
    _set_properties(document, title, author)
    _Writer(document).write(blocks)
    buffer = io.BytesIO()
    document.save(buffer)
    return _with_document_xml_stored(buffer.getvalue())


# --- Package and page ------------------------------------------------------


def _drop_template_leftovers(document):
    """The template's thumbnail (an empty Letter page) and stylesWithEffects
    (Word 2010 may read its fonts instead of ours) would contradict our layout."""
    for rId, rel in list(document.part.package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del document.part.package.rels[rId]
    for rId, rel in list(document.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            del document.part.rels[rId]


def _set_up_page(document):
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.footer_distance = FOOTER_DISTANCE
    _set_doc_grid(section)


def _set_doc_grid(section):
    """A grid of 22 lines a page (pitch in twips); no character grid (see above)."""
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(LINE_PITCH.twips))
    sect_pr.insert_element_before(grid, "w:printerSettings", "w:sectPrChange")


def _set_properties(document, title, author):
    properties = document.core_properties
    properties.title = title
    properties.author = properties.last_modified_by = author
    properties.language = LANGUAGE
    properties.comments = "按 GB/T 9704-2012《党政机关公文格式》排版"
    properties.created = properties.modified = datetime.now(timezone.utc).replace(microsecond=0)
    properties.revision = 1
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:  # the template says ja-JP: Word would pick a Japanese font
        theme_lang.set(qn("w:eastAsia"), LANGUAGE)


def _with_document_xml_stored(docx_bytes):
    """Rewrite the zip with document.xml uncompressed, so the browser can patch
    values without inflating; everything else stays deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if item.filename == DOCX_PART else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item))
    return out.getvalue()


# --- Fonts and styles --------------------------------------------------------


def set_fonts(r_pr, font):
    """Name `font` for every script (ascii, hAnsi, eastAsia, cs) and remove
    theme fonts, which would otherwise win over the named font."""
    fonts = r_pr.get_or_add_rFonts()
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme") or attribute.endswith("theme"):
            del fonts.attrib[attribute]
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), font)


def _set_language(r_pr):
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    for attribute in ("w:val", "w:eastAsia"):
        lang.set(qn(attribute), LANGUAGE)


def _set_size(r_pr, size):
    r_pr.get_or_add_sz().val = size
    size_cs = r_pr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        r_pr.insert_element_before(size_cs, "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText",
                                   "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
                                   "w:specVanish", "w:oMath")
    size_cs.set(qn("w:val"), str(int(size.pt * 2)))


def _set_character_spacing(r_pr, twentieths):
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twentieths))
    r_pr.insert_element_before(spacing, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
                               "w:effect", "w:lang", "w:eastAsianLayout")


def _set_indent_chars(paragraph_format, element_pPr, *, first_line=0, right=0, left=0, char_size=BODY_SIZE):
    """Indents in characters (Word's *Chars attributes) plus the same in points
    for programs that ignore them; 0 explicitly, to override Normal's indent."""
    paragraph_format.first_line_indent = char_size * first_line
    paragraph_format.right_indent = char_size * right
    paragraph_format.left_indent = char_size * left
    indent = element_pPr.get_or_add_ind()
    indent.set(qn("w:firstLineChars"), str(first_line * 100))
    indent.set(qn("w:rightChars"), str(right * 100))
    indent.set(qn("w:leftChars"), str(left * 100))


def _set_up_styles(document):
    styles = document.styles
    _set_doc_defaults(styles)
    # Normal is the body text: justified, first line indented two characters.
    _define(styles["Normal"], BODY_FONT, BODY_SIZE, WD_ALIGN_PARAGRAPH.JUSTIFY, first_line=2, condensed=True)
    _define(styles[TITLE_STYLE], TITLE_FONT, TITLE_SIZE, WD_ALIGN_PARAGRAPH.CENTER,
            space_after=LINE_PITCH, keep_with_next=True)
    for level, font in HEADING_FONTS.items():
        _define(styles[HEADING_STYLES[level]], font, BODY_SIZE, WD_ALIGN_PARAGRAPH.JUSTIFY,
                first_line=2, keep_with_next=True, outline_level=level - 2, condensed=True)
    signature = styles.add_style(SIGNATURE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    signature.base_style = styles["Normal"]
    _define(signature, BODY_FONT, BODY_SIZE, WD_ALIGN_PARAGRAPH.RIGHT, right=2, condensed=True)
    footer = styles["Footer"]
    _define(footer, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE, None, char_size=PAGE_NUMBER_SIZE)
    footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _set_doc_defaults(styles):
    """What unstyled text inherits: the template has theme fonts, 11 pt, en-US."""
    defaults = styles.element.find(qn("w:docDefaults"))
    r_pr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(r_pr, BODY_FONT)
    _set_size(r_pr, BODY_SIZE)
    _set_language(r_pr)
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    for attribute, value in (("w:before", "0"), ("w:after", "0"), ("w:line", str(LINE_PITCH.twips)), ("w:lineRule", "exact")):
        spacing.set(qn(attribute), value)


def _define(style, font, size, alignment, *, first_line=0, right=0, space_after=0, keep_with_next=False,
            outline_level=None, char_size=BODY_SIZE, condensed=False):
    """Replace a style's formatting entirely (the template's headings are blue,
    bold, Calibri, spaced): font for all scripts, size, fixed line pitch."""
    style.element._remove_pPr()
    style.element._remove_rPr()
    r_pr = style.element.get_or_add_rPr()
    set_fonts(r_pr, font)
    _set_size(r_pr, size)
    _set_language(r_pr)
    if condensed:
        _set_character_spacing(r_pr, CHARACTER_SPACING)
    paragraph = style.paragraph_format
    paragraph.alignment = alignment
    paragraph.space_before, paragraph.space_after = Pt(0), space_after
    paragraph.line_spacing = LINE_PITCH  # a Length means "exactly"
    paragraph.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.keep_with_next = keep_with_next or None
    _set_indent_chars(paragraph, style.element.pPr, first_line=first_line, right=right, char_size=char_size)
    if outline_level is not None:
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(outline_level))
        style.element.pPr.insert_element_before(level, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


# --- Page numbers ------------------------------------------------------------


def _set_up_page_numbers(document):
    """"— N —" in the footer: odd pages right, even pages left, one character in."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    _page_number_paragraph(section.footer, WD_ALIGN_PARAGRAPH.RIGHT, right=1)
    _page_number_paragraph(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, left=1)


def _page_number_paragraph(footer, alignment, right=0, left=0):
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = "Footer"
    paragraph.alignment = alignment
    _set_indent_chars(paragraph.paragraph_format, paragraph._p.get_or_add_pPr(),
                      right=right, left=left, char_size=PAGE_NUMBER_SIZE)
    _styled_run(paragraph, "— ", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    _page_field(paragraph)
    _styled_run(paragraph, " —", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)


def _page_field(paragraph):
    """A PAGE field: begin, instruction, separate, shown value, end."""
    def field_char(kind):
        run = _styled_run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run._r.append(char)

    field_char("begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    _styled_run(paragraph, "", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)._r.append(instruction)
    field_char("separate")
    _styled_run(paragraph, "1", PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    field_char("end")


def _styled_run(paragraph, text, font, size, bold=False, highlight=False):
    """A run with its font named for every script and its size set, so text
    pasted into another document keeps its look."""
    run = paragraph.add_run(text)
    r_pr = run._r.get_or_add_rPr()
    set_fonts(r_pr, font)
    run.font.size = size
    if bold:
        run.font.bold = True
    if highlight:
        run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return run


# --- Body --------------------------------------------------------------------


class _Writer:
    """Adds the blocks to the document; numbers variable bookmarks."""

    def __init__(self, document):
        self.document = document
        self.bookmark_id = 0
        self.occurrences = {}
        self.styles = {}

    def write(self, blocks):
        first_signature = True
        for block in blocks:
            if block.kind == "table":
                self.table(block)
                continue
            paragraph = self.document.add_paragraph()
            paragraph._p.style = self.style_of(block)
            if block.kind == "signature" and first_signature:
                paragraph.paragraph_format.space_before = LINE_PITCH  # one empty line above the issuer
                first_signature = False
            self.runs(paragraph, block.runs, self.font_of(block), self.size_of(block))

    def style_of(self, block):
        name = {"title": TITLE_STYLE, "heading": HEADING_STYLES.get(block.level), "signature": SIGNATURE_STYLE}.get(block.kind, "Normal")
        # The style id is looked up once per document and written straight
        # into w:pStyle: python-docx's own lookup reads every style of
        # styles.xml for each paragraph, which dominated the build time.
        if name not in self.styles:
            self.styles[name] = None if name == "Normal" else self.document.styles[name].style_id
        return self.styles[name]

    @staticmethod
    def font_of(block):
        return {"title": TITLE_FONT, "heading": HEADING_FONTS.get(block.level, BODY_FONT)}.get(block.kind, BODY_FONT)

    @staticmethod
    def size_of(block):
        return TITLE_SIZE if block.kind == "title" else BODY_SIZE

    def runs(self, paragraph, runs, font, size):
        for run in runs:
            if run.var:
                self.marked_value(paragraph, run, font, size)
            else:
                _styled_run(paragraph, run.text, font, size, bold=run.bold, highlight=run.fill)

    def marked_value(self, paragraph, run, font, size):
        """One run between bookmark var_<name>_<n>: download.js replaces its text."""
        n = self.occurrences[run.var] = self.occurrences.get(run.var, 0) + 1
        name = f"var_{run.var}_{n}"
        if not _BOOKMARK_NAME.fullmatch(run.var) or len(name) > 40:  # Word's bookmark name rules
            raise ValueError(f"variable name {run.var!r} cannot be a Word bookmark (letters, digits, _; at most 40)")
        self.bookmark_id += 1
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(self.bookmark_id))
        start.set(qn("w:name"), name)
        paragraph._p.append(start)
        value = _styled_run(paragraph, run.text, font, size, bold=run.bold)
        value._r.find(qn("w:t")).set(qn("xml:space"), "preserve")
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(self.bookmark_id))
        paragraph._p.append(end)

    def table(self, block):
        columns = max(len(row) for row in block.rows)
        table = self.document.add_table(rows=len(block.rows), cols=columns)
        table.style = self.document.styles["Table Grid"]
        if all(is_header for _, is_header in block.rows[0]):  # repeat the header row on each page
            table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for row, cells in zip(table.rows, block.rows):
            for cell, (runs, is_header) in zip(row.cells, cells):
                paragraph = cell.paragraphs[0]
                paragraph.paragraph_format.first_line_indent = Pt(0)
                paragraph._p.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "0")
                if is_header:
                    runs = [replace(r, bold=True) for r in runs]
                self.runs(paragraph, runs, BODY_FONT, BODY_SIZE)
