"""The constant parts of every Word file, built once per build with python-docx:
page (A4, GB/T 9704-2012 margins and line grid), styles, page-number footers,
settings. body.py writes each document's text into this skeleton.

Numbers: ../shared/ENGINEERING.md. python-docx traps
handled here: Chinese fonts need `w:eastAsia` (set on docDefaults, styles and
every run, with the template's theme fonts removed, since a theme font wins
over a named one); the default template is US Letter, ja-JP/en-US, 1.15 lines
with 10 pt after; there is no API for PAGE fields, `w:docGrid` or outline levels.
Word's usual 28-character grid (a negative w:charSpace) is not used: LibreOffice
spreads such text to 16 characters a line; condensed character spacing gives
the 28 characters in Word, WPS and LibreOffice alike.

Only the styles the documents use are kept (the template has 164, 350 KB):
every file is smaller and quicker to write.
"""

import functools
import io
import math
import zipfile

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
# 7.5: the page number's dashes sit 7 mm below the text block, i.e. 28 mm
# above the page edge. Word and LibreOffice measure the footer distance to the
# bottom of the footer's 14 pt line, whose dashes are 3.1 mm above it
# (measured in LibreOffice: bench/word_audit.py --footer).
FOOTER_DISTANCE = Mm(25.1)
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

TABLE_STYLE = "Table Grid"
# The styles the documents use, and those the template's styles name as
# their base, link or next style (kept by _prune_styles).
USED_STYLES = {"Normal", TITLE_STYLE, *HEADING_STYLES.values(), SIGNATURE_STYLE, "Footer", TABLE_STYLE}

DOCUMENT_PART, CORE_PART = "word/document.xml", "docProps/core.xml"
FONT_TABLE_PART, APP_PART = "word/fontTable.xml", "docProps/app.xml"

# Every font the files name, declared so a program without it substitutes by
# its description, not by a guess: a stock Windows has 仿宋, 楷体, 黑体 and
# 宋体 but none of the _GB2312 fonts nor 方正小标宋简体. altName is the font
# Word and WPS then use; panose1/family/pitch describe the design; charset 86
# (GB2312) and the code-page bit of csb0 (936) say it is a Chinese font.
# (name, altName, panose1, family, pitch)
FONTS = (
    ("仿宋_GB2312", "仿宋", "02010609030101010101", "modern", "fixed"),
    ("楷体_GB2312", "楷体", "02010609030101010101", "modern", "fixed"),
    ("方正小标宋简体", "宋体", "02000000000000000000", "auto", "variable"),
    ("仿宋", "FangSong", "02010609060101010101", "modern", "fixed"),
    ("楷体", "KaiTi", "02010609060101010101", "modern", "fixed"),
    ("黑体", "SimHei", "02010609060101010101", "modern", "fixed"),
    ("宋体", "SimSun", "02010600030101010101", "auto", "variable"),
)
_FONT_SIG = '<w:sig w:usb0="00000001" w:usb1="080E0000" w:usb2="00000010" w:usb3="00000000" w:csb0="00040000" w:csb1="00000000"/>'

# docProps/app.xml: python-docx's template names "Microsoft Macintosh Word"
# 14.0; these files are made by neither. Only what describes the document.
APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Template>Normal.dotm</Template><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
    "</Properties>"
)


def font_table():
    fonts = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:panose1 w:val="{panose}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/>{_FONT_SIG}</w:font>'
        for name, alt, panose, family, pitch in FONTS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' + fonts + "</w:fonts>"
    )


@functools.cache
def build():
    """{part name: bytes} of an empty 公文, document.xml and core.xml included
    (package.py replaces those two per document)."""
    document = Document()
    _drop_template_leftovers(document)
    _set_up_page(document)
    _set_up_styles(document)
    _set_up_page_numbers(document)
    _set_language_settings(document)
    _prune_styles(document)
    _set_compatibility_mode(document)
    style_ids = {name: document.styles[name].style_id for name in USED_STYLES}
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    parts[FONT_TABLE_PART] = font_table().encode("utf-8")
    parts[APP_PART] = APP_XML.encode("utf-8")
    return parts, style_ids


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
    """The line pitch of 22 lines a page, without snapping to it (no w:type):
    with type="lines" LibreOffice snaps every line, table rows included, to
    28.95 pt (tables 45% taller). The body keeps 22 lines by its exact line
    spacing; no character grid (see above)."""
    sect_pr = section._sectPr
    for old in sect_pr.findall(qn("w:docGrid")):
        sect_pr.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:linePitch"), str(LINE_PITCH.twips))
    sect_pr.insert_element_before(grid, "w:printerSettings", "w:sectPrChange")


def _set_compatibility_mode(document):
    """Word 2013 and later layout (15): 14 opens every file in 兼容模式."""
    compat = document.settings.element.find(qn("w:compat"))
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _set_language_settings(document):
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:  # the template says ja-JP: Word would pick a Japanese font
        theme_lang.set(qn("w:eastAsia"), LANGUAGE)


def _prune_styles(document):
    """Drop the latent styles and every style no document uses."""
    root = document.styles.element
    latent = root.find(qn("w:latentStyles"))
    if latent is not None:
        root.remove(latent)
    by_id = {style.get(qn("w:styleId")): style for style in root.findall(qn("w:style"))}
    keep = {document.styles[name].style_id for name in USED_STYLES}
    keep |= {style_id for style_id, style in by_id.items() if style.get(qn("w:default")) == "1"}
    pending = list(keep)
    while pending:  # the styles these are based on, linked to or followed by
        style = by_id.get(pending.pop())
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = style.find(qn(tag)) if style is not None else None
            if ref is not None and ref.get(qn("w:val")) not in keep:
                keep.add(ref.get(qn("w:val")))
                pending.append(ref.get(qn("w:val")))
    for style_id, style in by_id.items():
        if style_id not in keep:
            root.remove(style)


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
        r_pr.insert_element_before(
            size_cs,
            "w:highlight",
            "w:u",
            "w:effect",
            "w:bdr",
            "w:shd",
            "w:fitText",
            "w:vertAlign",
            "w:rtl",
            "w:cs",
            "w:em",
            "w:lang",
            "w:eastAsianLayout",
            "w:specVanish",
            "w:oMath",
        )
    size_cs.set(qn("w:val"), str(int(size.pt * 2)))


def _set_character_spacing(r_pr, twentieths):
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(twentieths))
    r_pr.insert_element_before(
        spacing, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:lang", "w:eastAsianLayout"
    )


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
    _define(styles[TITLE_STYLE], TITLE_FONT, TITLE_SIZE, WD_ALIGN_PARAGRAPH.CENTER, space_after=LINE_PITCH, keep_with_next=True)
    for level, font in HEADING_FONTS.items():
        _define(
            styles[HEADING_STYLES[level]],
            font,
            BODY_SIZE,
            WD_ALIGN_PARAGRAPH.JUSTIFY,
            first_line=2,
            keep_with_next=True,
            outline_level=level - 2,
            condensed=True,
        )
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


def _define(
    style,
    font,
    size,
    alignment,
    *,
    first_line=0,
    right=0,
    space_after=0,
    keep_with_next=False,
    outline_level=None,
    char_size=BODY_SIZE,
    condensed=False,
):
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
    """ "— N —" in the footer: odd pages right, even pages left, one character in."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    _page_number_paragraph(section.footer, WD_ALIGN_PARAGRAPH.RIGHT, right=1)
    _page_number_paragraph(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, left=1)


def _page_number_paragraph(footer, alignment, right=0, left=0):
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.style = "Footer"
    paragraph.alignment = alignment
    _set_indent_chars(
        paragraph.paragraph_format, paragraph._p.get_or_add_pPr(), right=right, left=left, char_size=PAGE_NUMBER_SIZE
    )
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
