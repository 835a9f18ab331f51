"""tools/compare_site.py: the refactor's proof that the site did not change.
In-process, on small folders: it must see every real difference and none of
the build times a Word file or a gzip header carries."""

import base64
import gzip
import importlib.util
import time

from conftest import ROOT
from macros.word.blocks import Block, Run
from macros.word.package import write_docx

spec = importlib.util.spec_from_file_location("compare_site", ROOT / "tools/compare_site.py")
compare_site = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare_site)


def docx(text):
    return write_docx([Block("title", [Run("标题")], 1), Block("body", [Run(text)])], title="标题", author="测试")


def twin(data):
    return f'(window.tplFiles=window.tplFiles||{{}})[document.currentScript.src]="{base64.b64encode(data).decode()}";\n'.encode()


def write(folder, files):
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return folder


def one_page_site(folder, docx_bytes, gzip_time):
    """A site of one page with its Word file, the file's script twin and a gzipped sitemap."""
    return write(
        folder,
        {
            "x/index.html": b"<p>a</p>",
            "x/x.docx": docx_bytes,
            "x/x.docx.js": twin(docx_bytes),
            "sitemap.xml.gz": gzip.compress(b"<urlset/>", mtime=gzip_time),
        },
    )


def test_build_times_are_not_differences(tmp_path):
    first = docx("正文")
    time.sleep(1.1)  # core.xml's times are to the second
    second = docx("正文")
    assert first != second  # the times differ: the comparison must look inside
    before = one_page_site(tmp_path / "a", first, gzip_time=1)
    after = one_page_site(tmp_path / "b", second, gzip_time=2)
    lines, differing, total = compare_site.compare(before, after)
    assert (lines, differing, total) == ([], 0, 4)
    assert compare_site.main([str(before), str(after)]) == 0


def test_every_real_difference_is_named(tmp_path):
    before = write(
        tmp_path / "a",
        {
            "p/index.html": b"<td>\xe7\xa4\xbe\xe5\x8c\xba</td>",
            "p/p.docx": docx("社区居委会"),
            "p/p.docx.js": twin(docx("社区居委会")),
            "gone.html": b"x",
            "sitemap.xml.gz": gzip.compress(b"<a/>"),
        },
    )
    after = write(
        tmp_path / "b",
        {
            "p/index.html": "<td>村</td>".encode(),
            "p/p.docx": docx("村民委员会"),
            "p/p.docx.js": twin(docx("村民委员会")),
            "new.html": b"x",
            "sitemap.xml.gz": gzip.compress(b"<b/>"),
        },
    )
    lines, differing, _ = compare_site.compare(before, after)
    text = "\n".join(lines)
    assert differing == 6, text
    assert "p/p.docx: part word/document.xml differs" in text and "村民委员会" in text
    assert "p/p.docx.js: part word/document.xml differs" in text
    assert "docProps/core.xml" not in text
    assert f"gone.html: only in {before}" in text and f"new.html: only in {after}" in text
    assert "sitemap.xml: differs" in text and "p/index.html: differs" in text
    assert compare_site.main([str(before), str(after)]) == 1
