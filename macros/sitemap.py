"""The sitemap MkDocs writes (sitemap.xml and sitemap.xml.gz) without the
maintainers' pages: they are built so that their links stay checked, but
they are for the people who keep the site, not for readers who arrive from
a search engine (like the nav and the site's search, mkdocs.yml not_in_nav)."""

import gzip
import re
from pathlib import Path

_URL = re.compile(r"\n?[ \t]*<url>\s*<loc>([^<]*)</loc>.*?</url>", re.S)


def leave_out(site_dir, urls):
    """Remove the <url> entries whose <loc> ends with one of `urls` (page URLs
    relative to the site, e.g. "maintainers/writing/"), in both files."""
    path = Path(site_dir) / "sitemap.xml"
    if not path.exists() or not urls:
        return
    ends = tuple("/" + url for url in urls)
    text = _URL.sub(lambda m: "" if m.group(1).endswith(ends) else m.group(0), path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    with open(path.with_suffix(".xml.gz"), "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as packed:
        packed.write(text.encode("utf-8"))
