"""`make check DISTRICT=<slug>`: the upstream tests' content gates, run on an
edition's own pages and its values.yml (without DISTRICT: on docs/ and
data/variables.yml), printed as `file:line: rule: message`; exit status 1 when
anything is found, 2 when the edition itself cannot be found.

It reads the Markdown sources, not a build, so that every problem has a line:
Jinja expressions, HTML tags and link targets are left out of the phrase
gates, as the tests' built text leaves them out. After the problems it lists
the edition's replacement pages whose upstream page changed since their
`based_on:` (a notice, not a failure: the district decides what to take).

Run as `python -m macros.check` from the project root.
"""

import os
import re
import sys
from dataclasses import dataclass

import yaml

from . import editions, quality, upstream
from .catalog import DOCUMENT_KINDS, load_taxonomy
from .errors import TemplateInputError
from .frontmatter import read as read_front_matter, split as split_front_matter
from .paths import DATA, DOCS
from .schema import build_schemas, validate
from .variables import load_definitions

# Pages whose text goes into Word, plain text and copies (the tests' content_sources).
# What the reader never sees as text: {{ … }}, {% … %}, tags, link targets, bold marks.
_NOT_TEXT = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|<[^>\n]*>|(?<=\])\([^)\s]*\)|\*\*")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    rule: str
    message: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.rule}: {self.message}"


def _key_line(lines, key, first=1, last=None):
    """The line number of `key:` among lines[first-1:last] (first when not found)."""
    base = re.escape(re.split(r"[.\[]", str(key))[0])  # themes[1] -> themes, community.label -> community
    for number, line in enumerate(lines[first - 1:last], start=first):
        if re.match(rf"{base}\s*:", line):
            return number
    return first


def _schema_problem(shown, lines, error, last=None):
    message = str(error).removeprefix(f"{error.path}: ")
    return Problem(shown, _key_line(lines, error.key, 1, last) if error.key else 1, "schema", message)


def text_problems(shown, line, text, phrases=True):
    """The gates on one piece of text a reader gets."""
    if phrases:
        for rule, pattern, label in quality.PHRASE_GATES:
            found = sorted({match.group(0) for match in pattern.finditer(text)})
            if found:
                shown_found = [f"U+{ord(c):04X}" for c in found] if rule == "zero-width" else found
                yield Problem(shown, line, rule, f"{label}：{'、'.join(shown_found)}")
        chars = quality.traditional_chars(text)
        if chars:
            yield Problem(shown, line, "traditional", f"繁体字：{'、'.join(chars)}（本站只用简体字）")


def _texts(value):
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, str):
            yield item


def check_page(path, schemas):
    """All problems of one Markdown page."""
    shown = upstream.shown(path)
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    _, body, first = split_front_matter(text)
    try:
        meta = validate(shown, read_front_matter(text, shown)[1], schemas)
    except TemplateInputError as error:
        return [_schema_problem(shown, lines, error, first - 1)]
    document = meta["kind"] in DOCUMENT_KINDS
    problems = []
    for key, value in meta.items():
        for item in _texts(value):
            number = _key_line(lines, key, 1, first - 1)
            problems += text_problems(shown, number, item, document)
            if key == "title":
                problems += [Problem(shown, number, rule, message) for rule, message in quality.title_problems(item, meta["kind"])]
            if quality.punctuation_fixed(item) != item:
                problems.append(Problem(shown, number, "punctuation", f"{key} 的标点应为：{quality.punctuation_fixed(item)}"))
    if document:
        for number, line in enumerate(body.split("\n"), start=first):
            problems += text_problems(shown, number, _NOT_TEXT.sub("", line))
            if line.startswith("# "):  # the document's own title
                problems += [Problem(shown, number, rule, message) for rule, message in quality.title_problems(_NOT_TEXT.sub("", line))]
        for number in quality.writer_note_lines(body):
            problems.append(Problem(shown, first + number - 1, "writer-note",
                                    "写给编写者的“依据：”要放进提示框 !!! note \"依据\"，否则会进入 Word、纯文本和复制的文字"))
    for number, old, new in quality.punctuation_problems(body):
        problems.append(Problem(shown, first + number - 1, "punctuation", f"应为全角标点：{old.strip()} → {new.strip()}"))
    return sorted(problems, key=lambda p: p.line)


def check_values(path, values_of, load):
    """Problems of a values file: its schema (`load` raises), then each value's text."""
    shown = upstream.shown(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    try:
        load()
    except TemplateInputError as error:
        return [_schema_problem(shown, lines, error)]
    problems = []
    for name, value in values_of(yaml.safe_load("\n".join(lines))).items():
        if not isinstance(value, str) or not value:
            continue
        number = _key_line(lines, name)
        problems += text_problems(shown, number, value)
        if quality.punctuation_fixed(value) != value:
            problems.append(Problem(shown, number, "punctuation", f"标点应为：{quality.punctuation_fixed(value)}"))
    return problems


def _replacement_problems(edition):
    problems, behind = [], []
    for src in edition.local_pages():
        try:
            replacement = upstream.replacement(edition, src)
        except TemplateInputError:
            continue  # a page whose front matter does not read: check_page names it
        if replacement is None:
            continue
        try:
            upstream.check(replacement)
        except TemplateInputError as error:
            shown = upstream.shown(replacement.local)
            lines = replacement.local.read_text(encoding="utf-8").split("\n")
            problems.append(Problem(shown, _key_line(lines, "based_on"), "based-on", str(error).removeprefix(f"{shown}: ")))
            continue
        if replacement.behind:
            behind.append(replacement)
    return problems, behind


def _behind_report(behind):
    lines = ["", f"上游已更新、本地替换页面可能需要对照修改（{len(behind)} 个；改完后把 based_on 改成上游的 updated）："]
    for r in behind:
        since = f"based_on {r.based_on}" if r.based_on is not None else "没有写 based_on"
        lines.append(f"  {upstream.shown(r.local)}: {since}；上游 docs/{r.src} updated {r.updated}")
        if r.changes:
            lines.append(f"    上游的修改说明：{r.changes}")
    return "\n".join(lines)


def run(slug):
    """(problems, replacements behind upstream) of the edition `slug` (None: upstream)."""
    if slug is None:
        definitions = load_definitions()
        pages = sorted(DOCS.rglob("*.md"))
        values_path = DATA / "variables.yml"
        values = check_values(values_path, lambda raw: {n: e.get("value") for n, e in raw.items() if isinstance(e, dict)},
                              load_definitions)
        edition = None
    else:
        folder = editions.existing_folder(slug)  # raises, naming the editions there are
        values = check_values(folder / "values.yml", lambda raw: raw, lambda: editions.load(slug))
        try:
            edition = editions.load(slug)
        except TemplateInputError:  # reported above; its pages are still worth checking
            docs = folder / "docs"
            edition = editions.Edition(slug, load_definitions(), docs if docs.is_dir() else None)
        definitions = edition.definitions
        pages = [edition.local_docs / src for src in edition.local_pages() if src.endswith(".md")]
    schemas = build_schemas(load_taxonomy(), list(definitions))
    problems = values + [p for page in pages for p in check_page(page, schemas)]
    behind = []
    if edition is not None:
        replaced, behind = _replacement_problems(edition)
        problems += replaced
    return problems, behind


def main(argv=None):
    slug = os.environ.get("DISTRICT", "").strip() or None
    try:
        problems, behind = run(slug)
    except TemplateInputError as error:
        print(f"错误：{error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    what = f"区县版本 {slug} 的本地页面和 values.yml" if slug else "docs/ 和 data/variables.yml"
    print(f"检查了 {what}：" + (f"发现 {len(problems)} 处问题。" if problems else "没有发现问题。"))
    if behind:
        print(_behind_report(behind))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
