"""The site's search index, written after the build into site/assets/search/
(pages are added as they are built, see macros/background.py).

A query downloads only what it needs (docs/assets/javascripts/search-index.js):
  manifest.json            where the index is and how it is sharded (tiny)
  <hash>/s<n>.json         token -> postings, shard n = fnv1a(token) % shards
  <hash>/d<id>.json        one page: URL, title, kind, summary, section titles
  <hash>/sounds.json       pinyin reading -> characters, read only when a
                           query holds a pair found nowhere (a slip by sound)

The shards also map each sound key ("~chang-yi", "~=chang-yi-shu") to the
index's tokens that sound so ("倡议", "=倡议书"): search_tokens.sound_key().

A posting names the page and, per occurrence, unit * 8 + field: unit 0 is the
page top (title, synonyms, front matter), unit k the k-th h2/h3 section.
Synonyms come from front matter only, so writers extend search without code.
The offline edition (macros/editions/offline.py) also gets each file as a script,
"<file>.js", which search-index.js loads over file://, where fetch() fails.
"""

import functools
import hashlib
import json
import math
import shutil
from collections import defaultdict
from pathlib import Path

from .. import kinds
from ..editions import offline
from .pages import read_units
from .tokens import bare_name_tokens, name_tokens, sound_key, sound_table, text_tokens

# bare_title holds only the exact token of a title without its （…） note.
FIELDS = {"title": 0, "synonym": 1, "meta": 2, "heading": 3, "body": 4, "link": 5, "bare_title": 6}
FOLDER = "assets/search"
SOUND_TABLE = "sounds.json"  # reading -> characters, for the query's sound keys
SHARD_BYTES = 8192
# Pages for those who maintain the site (docs/maintainers/, out of the nav too).
MAINTAINERS = "maintainers/"


def fnv1a(token):
    """32-bit FNV-1a over code points; search-index.js computes the same."""
    value = 0x811C9DC5
    for char in token:
        value ^= ord(char)
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value


@functools.cache
def _b36(number):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        number, rest = divmod(number, 36)
        out = digits[rest] + out
        if not number:
            return out


def _any_name_tokens(name):
    return name_tokens(name) | bare_name_tokens(name)


def _front_matter_tokens(meta):
    """(field, tokens) pairs of a page's front matter."""
    yield FIELDS["title"], name_tokens(meta["title"])
    yield FIELDS["bare_title"], bare_name_tokens(meta["title"])
    for synonym in meta.get("synonyms", []):
        yield FIELDS["synonym"], _any_name_tokens(synonym)
    page_type = kinds.type_of(meta)
    if page_type:
        yield FIELDS["meta"], _any_name_tokens(page_type)
    for theme in meta.get("themes", []):
        yield FIELDS["meta"], _any_name_tokens(theme)
    for key in ("summary", "description"):
        if key in meta:
            yield FIELDS["meta"], set(text_tokens(meta[key]))


def _kind_label(meta):
    label = kinds.of(meta["kind"]).label
    detail = kinds.type_of(meta)
    return f"{label} · {detail}" if detail else label


def _page_record(url, meta, units):
    record = {
        "u": url,
        "t": meta["title"],
        "k": _kind_label(meta),
        "d": meta.get("summary") or meta.get("description") or "",
        "s": [[unit.heading, unit.anchor] for unit in units],
    }
    if meta.get("listing"):
        record["l"] = 1
    return record


def _occurrences(meta, h1, units):
    """(unit, field, tokens) of one page."""
    for field, tokens in _front_matter_tokens(meta):
        yield 0, field, tokens
    for heading in h1:
        yield 0, FIELDS["heading"], _any_name_tokens(heading)
    # Listing and guide pages mostly repeat other pages: their text counts little.
    text_field = FIELDS["link"] if meta["kind"] == "page" else FIELDS["body"]
    listing = meta.get("listing", False)
    for number, unit in enumerate(units):
        if unit.heading and listing:  # 倡议书, 志愿服务…: the listed pages answer these
            yield number, FIELDS["link"], set(text_tokens(unit.heading))
        elif unit.heading:
            yield number, FIELDS["heading"], _any_name_tokens(unit.heading)
        yield number, text_field, set(text_tokens(" ".join(unit.text)))
        yield number, FIELDS["link"], set(text_tokens(" ".join(unit.link_text)))


def _encode(postings):
    """[(doc, "code,code")] in doc order -> "delta:code,code;delta:code" (base 36)."""
    parts, previous = [], 0
    for doc, codes in postings:
        parts.append(f"{_b36(doc - previous)}:{codes}")
        previous = doc
    return ";".join(parts)


def page_entry(url, meta, html):
    """One page's part of the index: (its record, {token: "code,code"}, the
    digest of its text). Maintainers' pages keep a record (document numbers
    follow the build order) but no token, so no query finds them."""
    h1, units = read_units(html)
    if url.startswith(MAINTAINERS):
        return _page_record(url, meta, units), {}, _text_digest(units)
    codes = defaultdict(set)
    for unit, field, tokens in _occurrences(meta, h1, units):
        code = unit * 8 + field
        for token in tokens:
            codes[token].add(code)
    encoded = {token: ",".join(_b36(c) for c in sorted(found)) for token, found in codes.items()}
    return _page_record(url, meta, units), encoded, _text_digest(units)


class Indexer:
    """Collects pages one by one (as the build renders them), then writes the index."""

    def __init__(self):
        self.records = []
        self.postings = defaultdict(list)
        self.first_with_text = {}  # digest of a page's text -> the first page with it
        self.repeats = {}  # doc -> the earlier doc whose text it repeats

    def add_entry(self, entry):
        """Add a page_entry() (the next document number is the page's)."""
        record, codes, digest = entry
        doc = len(self.records)
        self.records.append(record)
        if digest in self.first_with_text:
            self.repeats[doc] = self.first_with_text[digest]
        self.first_with_text.setdefault(digest, doc)
        for token, found in codes.items():
            self.postings[token].append((doc, found))

    def encoded(self):
        return {token: _encode(docs) for token, docs in self.postings.items()}

    def files(self):
        """{path under assets/search/: text} of the whole index."""
        return index_files(self.records, self.encoded(), self.repeats)


def _text_digest(units):
    """The same digest for pages whose sections say the same (a page and its
    copy under another title)."""
    text = "\x1f".join(f"{u.heading}\x1e{''.join(u.text)}\x1e{''.join(u.link_text)}" for u in units)
    return hashlib.sha1(text.encode()).digest()


def _repeat_runs(repeats):
    """{doc: earlier doc} -> [[first doc, count, earlier doc]] for runs of
    consecutive docs repeating the same page (a page's copies are built together)."""
    runs = []
    for doc, earlier in sorted(repeats.items()):
        if runs and runs[-1][0] + runs[-1][1] == doc and runs[-1][2] == earlier:
            runs[-1][1] += 1
        else:
            runs.append([doc, 1, earlier])
    return runs


def _dump(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _sounds(encoded):
    """{sound key: "token,token"}: the bigrams and exact names of the index
    that sound alike (search_tokens.sound_key), for queries typed by sound."""
    alike = defaultdict(list)
    for token in sorted(encoded):
        key = sound_key(token)
        if key:
            alike[key].append(token)
    return {key: ",".join(tokens) for key, tokens in alike.items()}


def index_files(records, encoded, repeats=None):
    """{path under assets/search/: text}: the shards, the pages and the manifest.
    `repeats` ({doc: earlier doc with the same text}) lets the results show a
    text once before its repeats."""
    encoded = {**encoded, **_sounds(encoded)}
    size = sum(len(t.encode()) + len(p) + 6 for t, p in encoded.items())
    shard_count = max(1, math.ceil(size / SHARD_BYTES))
    shards = [dict() for _ in range(shard_count)]
    for token in sorted(encoded):
        shards[fnv1a(token) % shard_count][token] = encoded[token]
    files = {f"s{n}.json": _dump(shard) for n, shard in enumerate(shards)}
    files.update({f"d{doc}.json": _dump(record) for doc, record in enumerate(records)})
    files[SOUND_TABLE] = _dump(sound_table(encoded))
    digest = hashlib.sha1("".join(f"{k}{v}" for k, v in sorted(files.items())).encode()).hexdigest()[:10]
    manifest = {
        "v": 1,
        "dir": digest,
        "shards": shard_count,
        "docs": len(records),
        # pages with listing: true; search-index.js ranks them by their own names only
        "listings": [doc for doc, record in enumerate(records) if record.get("l")],
        "repeats": _repeat_runs(repeats or {}),
    }
    files = {f"{digest}/{name}": text for name, text in files.items()}
    files["manifest.json"] = _dump(manifest)
    return files


def write_index(site_dir, files, scripts=False):
    """Write index_files() (with `scripts`, each file's script twin too); return the manifest."""
    root = Path(site_dir) / FOLDER
    shutil.rmtree(root, ignore_errors=True)
    for folder in {(root / name).parent for name in files}:
        folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
        if scripts:
            offline.write_json_twin(root / name, text)
    return json.loads(files["manifest.json"])
