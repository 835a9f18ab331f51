"""Word layout audit (issue 18): render Word files of a built site with
LibreOffice and measure what a 文秘 checks.

    .venv/bin/python bench/word_audit.py SITE_DIR [--all] [--json OUT]

Per file: pages in LibreOffice; for forms (台账 forms, and the documents
that are forms: 推荐表, 调查问卷), whether they fit one page; for
documents with a 落款, whether the signature block is split (署名 and
成文日期 on different pages, or fewer than two body lines above them on
their page); for titles of more than one line, whether a line break falls
inside a word. Default sample: every plan and document, and the 活动方案,
信息稿 and every 台账 form of every eighth activity (--all: every file).
Not a test: it prints numbers and never fails on them.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bs4 import BeautifulSoup
from docx import Document

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from macros.word.titles import breaks_inside_word  # noqa: E402

SPACE = re.compile(r"\s+")
TOP, BOTTOM = 37 / 25.4 * 72, (297 - 35) / 25.4 * 72  # the text block, in pt from the top


def sample(site, everything):
    files = sorted(site.glob("plans/*/*.docx")) + sorted(site.glob("documents/*/*.docx"))
    activities = sorted(p for p in (site / "activities").iterdir() if p.is_dir() and any(p.glob("*.docx")))
    for n, folder in enumerate(activities):
        if everything or n % 8 == 0:
            files += sorted(folder.glob("*.docx"))
    return files


def render(files, out):
    """One LibreOffice run per 40 files (a private profile: no lock with others),
    each run into its own folder so files of the same name (a plan's and an
    activity's learning-community-plan.docx) do not overwrite each other.
    Returns {docx: its PDF}."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    profile = Path(tempfile.mkdtemp(prefix="word-audit-profile-"))
    chunks = []
    for docx in files:
        chunk = next((c for c in chunks if len(c) < 40 and all(d.name != docx.name for d in c)), None)
        if chunk is None:
            chunks.append(chunk := [])
        chunk.append(docx)
    pdfs = {}
    for number, chunk in enumerate(chunks):
        folder = Path(out) / str(number)
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                *map(str, chunk),
            ],
            capture_output=True,
            text=True,
            timeout=1800,
        )
        pdfs.update({docx: folder / (docx.stem + ".pdf") for docx in chunk})
    shutil.rmtree(profile, ignore_errors=True)
    return pdfs


def pdf_pages(pdf):
    """Per page, its lines as (top y, height, text without spaces) inside the text block."""
    xhtml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in BeautifulSoup(xhtml, "lxml").find_all("page"):
        lines = []
        for line in page.find_all("line"):
            top, bottom = float(line["ymin"]), float(line["ymax"])
            if TOP - 8 <= top <= BOTTOM:
                lines.append((top, bottom - top, SPACE.sub("", line.get_text())))
        pages.append(sorted(lines))
    return pages


FORM_DOC_TYPES = ("推荐表", "调查问卷")  # documents that are forms to fill in: one page each


def kind_of(path):
    name = path.stem
    if "-form-" in name:
        return "form"
    source = ROOT / "docs" / path.parent.parent.name / f"{path.parent.name}.md"
    if path.parent.parent.name == "documents" and source.is_file():
        if re.search(r"^doc_type: (%s)$" % "|".join(FORM_DOC_TYPES), source.read_text(encoding="utf-8"), re.M):
            return "document-form"
    if name.endswith("-plan") and path.parent.parent.name == "activities":
        return "activity-plan"
    if name.endswith("-news"):
        return "news"
    return path.parent.parent.name.rstrip("s")  # plan or document


def paragraphs(docx):
    document = Document(docx)
    out = []
    for paragraph in document.paragraphs:
        out.append((paragraph.style.name if paragraph.style is not None else "", SPACE.sub("", paragraph.text)))
    return out


def signature_split(pages, signature):
    """True when the 落款 lines are not on one page with two body lines above them."""
    if not signature:
        return False
    where = []  # the last place of each line (a title may hold the 署名's words)
    for wanted in signature:
        found = [
            (number, index) for number, lines in enumerate(pages) for index, (_, _, text) in enumerate(lines) if text == wanted
        ]
        if found:
            where.append(found[-1])
    if len(where) < len(signature):
        return True  # not found as whole lines: wrapped or lost
    pages_used = {number for number, _ in where}
    if len(pages_used) > 1:
        return True
    number, first = min(where)
    return first < 2


def title_breaks(pages, title):
    """The positions in `title` where the rendered title lines break."""
    lines = pages[0] if pages else []
    joined, positions = "", []
    for _, _, text in lines:
        if not title.startswith(joined + text):
            break
        joined += text
        positions.append(len(joined))
        if joined == title:
            return positions[:-1]
    return None  # not found line by line


def audit(site, everything=False):
    files = sample(site, everything)
    out = Path(tempfile.mkdtemp(prefix="word-audit-"))
    pdfs = render(files, out)
    results = []
    for docx in files:
        pdf = pdfs[docx]
        row = {"file": str(docx.relative_to(site)), "kind": kind_of(docx), "pages": None}
        if not pdf.is_file():
            row["error"] = "not rendered"
            results.append(row)
            continue
        pages = pdf_pages(pdf)
        pdf.unlink()
        paras = paragraphs(docx)
        title = next((text for style, text in paras if style == "Title"), "")
        signature = [text for style, text in paras if style.startswith("Signature") and text]
        breaks = title_breaks(pages, title) if title else []
        row.update(
            pages=len(pages),
            title=title,
            title_lines=None if breaks is None else len(breaks) + 1,
            title_split_words=[] if not breaks else breaks_inside_word(title, breaks),
            signature_split=signature_split(pages, signature),
            has_signature=bool(signature),
        )
        results.append(row)
    shutil.rmtree(out, ignore_errors=True)
    return results


def summary(results):
    forms = [r for r in results if r["kind"] in ("form", "document-form")]
    signed = [r for r in results if r.get("has_signature")]
    titled = [r for r in results if r.get("title_lines") and r["title_lines"] > 1]
    by_kind = {}
    for r in results:
        by_kind.setdefault(r["kind"], []).append(r["pages"] or 0)
    lines = [
        f"files rendered: {len(results)} (errors: {sum(1 for r in results if 'error' in r)})",
        f"forms on one page: {sum(1 for r in forms if r['pages'] == 1)} of {len(forms)}",
        f"files with a split signature block: {sum(1 for r in signed if r['signature_split'])} of {len(signed)}",
        f"titles broken inside a word: {sum(1 for r in titled if r['title_split_words'])} of {len(titled)} titles on more than one line",
        "pages per kind (total / files): " + ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in sorted(by_kind.items())),
    ]
    for r in results:
        if r["kind"] in ("plan", "document", "document-form"):
            lines.append(f"  {r['pages']:>3}  {r['file']}")
    bad = [
        r
        for r in results
        if r.get("signature_split") or r.get("title_split_words") or (r["kind"] in ("form", "document-form") and r["pages"] != 1)
    ]
    for r in bad:
        lines.append(
            f"  ! {r['file']}: pages {r['pages']}, signature split {r.get('signature_split')}, "
            f"title breaks inside {r.get('title_split_words')}"
        )
    return "\n".join(lines)


def footer_dash_mm(pdf, page=1):
    """How far the page number's dashes sit below the text block (mm), read
    from a 254 dpi rendering (one pixel = 0.1 mm) of one page."""
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-f", str(page), "-l", str(page), "-r", "254", "-gray", str(pdf), f"{folder}/p"], check=True)
        data = next(Path(folder).glob("p*.pgm")).read_bytes()
    _, size, _, pixels = data.split(b"\n", 3)
    width, height = map(int, size.split())
    bottom = round((297 - 35) * 10)
    for y in range(bottom + 5, height):  # the first row darker than a glyph stroke: the dash
        if sum(1 for v in pixels[y * width : (y + 1) * width] if v < 128) >= 40:
            return (y - bottom) / 10
    return None


def narrow_header_cells(site):
    """(cells narrower than their header text, header cells, files with one) over
    every Word file: each cell's width (w:tcW) against its text in its own size
    (4号: 280 twips a character; 小四 in forms: 240) plus the cell margins."""
    import zipfile

    narrow = cells = files = 0
    for path in sorted(site.rglob("*.docx")):
        xml = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
        found = False
        for table in re.findall(r"<w:tbl>.*?</w:tbl>", xml, re.S):
            row = re.search(r"<w:tr>.*?</w:tr>", table, re.S).group(0)
            if "<w:tblHeader/>" not in row:
                continue
            for cell in re.findall(r"<w:tc>.*?</w:tc>", row, re.S):
                width = int(re.search(r'<w:tcW w:w="(\d+)"', cell).group(1))
                size = re.search(r'<w:sz w:val="(\d+)"/>', cell)
                text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", cell))
                cells += 1
                if text and width < sum(0.5 if ord(c) < 0x2000 else 1 for c in text) * int(size.group(1)) * 10 + 114:
                    narrow += 1
                    found = True
        files += found
    return narrow, cells, files


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--all", action="store_true", help="every Word file, not a sample")
    parser.add_argument("--json", type=Path, help="write the per-file results here")
    parser.add_argument("--footer", action="store_true", help="only: the page-number dash's distance under the text block")
    args = parser.parse_args()
    if args.footer:
        docx = next(args.site.glob("documents/*/*.docx"))
        with tempfile.TemporaryDirectory() as out:
            pdf = render([docx], Path(out))[docx]
            print(f"{docx.name}: page-number dash {footer_dash_mm(pdf)} mm under the text block")
        return
    narrow, cells, files = narrow_header_cells(args.site)
    print(f"header cells narrower than their text (all files, XML): {narrow} of {cells}, in {files} files")
    results = audit(args.site, args.all)
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(summary(results))


if __name__ == "__main__":
    main()
