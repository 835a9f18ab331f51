"""`make check DISTRICT=<slug>`: the upstream tests' content gates, run on an
edition's own pages and its values.yml (without DISTRICT: on docs/ and
data/variables.yml), printed as `file:line: rule: message`; exit status 1 when
anything is found, 2 when the edition itself cannot be found.

The build runs the same checks first (build_check(), from hooks.py), so what
`make check` reports is what stops `mkdocs build`, with the same message.

It reads the Markdown sources, not a build, so that every problem has a line:
Jinja expressions, HTML tags and link targets are left out of the phrase
gates, as the tests' built text leaves them out. After the problems it lists
the edition's replacement pages whose upstream page changed since their
`based_on:` (a notice, not a failure: the district decides what to take).

Run as `python -m macros.check` from the project root.
"""

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from . import kinds, quality
from .catalog import load_taxonomy
from .datafiles import parse as parse_yaml
from .editions import district, upstream
from .errors import BuildError, TemplateInputError
from .frontmatter import read as read_front_matter
from .frontmatter import split as split_front_matter
from .paths import DATA, DOCS
from .plan.days import load as load_days
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
    for number, line in enumerate(lines[first - 1 : last], start=first):
        if re.match(rf"{base}\s*:", line):
            return number
    return first


def _schema_problem(shown, lines, error, last=None):
    message = str(error).removeprefix(f"{error.path}: ")
    line = error.line or (_key_line(lines, error.key, 1, last) if error.key else 1)
    return Problem(shown, line, "schema", message)


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
    # markup that runs as code, anywhere in the file (front matter included)
    unsafe = [Problem(shown, line, "unsafe-markup", message) for line, message in quality.unsafe_markup(text)]
    try:
        meta = validate(shown, read_front_matter(text, shown)[1], schemas)
    except TemplateInputError as error:
        return [_schema_problem(shown, lines, error, first - 1), *unsafe]
    kind = kinds.of(meta["kind"])
    document = kind.document_text
    problems = unsafe + list(_heading_problems(shown, kind, body, first))
    for key, value in meta.items():
        items = list(_texts(value))
        number = _key_line(lines, key, 1, first - 1) if items else None
        for item in items:
            problems += text_problems(shown, number, item, document)
            if key == "title":
                problems += [
                    Problem(shown, number, rule, message) for rule, message in quality.title_problems(item, meta["kind"])
                ]
            if quality.punctuation_fixed(item) != item:
                problems.append(Problem(shown, number, "punctuation", f"{key} 的标点应为：{quality.punctuation_fixed(item)}"))
    if document:
        for number, line in enumerate(body.split("\n"), start=first):
            # a tag or a macro separates what stands either side (满意</th><th>不满意 is no doubled word)
            problems += text_problems(shown, number, _NOT_TEXT.sub(" ", line))
            if line.startswith("# "):  # the document's own title
                problems += [
                    Problem(shown, number, rule, message) for rule, message in quality.title_problems(_NOT_TEXT.sub("", line))
                ]
        for number in quality.writer_note_lines(body):
            problems.append(
                Problem(
                    shown,
                    first + number - 1,
                    "writer-note",
                    '写给编写者的“依据：”要放进提示框 !!! note "依据"，否则会进入 Word、纯文本和复制的文字',
                )
            )
    for number, old, new in quality.punctuation_problems(body):
        problems.append(Problem(shown, first + number - 1, "punctuation", f"应为全角标点：{old.strip()} → {new.strip()}"))
    return sorted(problems, key=lambda p: p.line)


_H2 = re.compile(r"^##[ \t]+(.+?)(?:[ \t]+\{[^}]*\})?[ \t]*#*[ \t]*$")


def _heading_problems(shown, kind, body, first):
    """The level-2 headings a kind requires (kinds.py), e.g. an activity's 安全保障,
    of which its 活动方案 and 信息稿 downloads are made."""
    if not kind.required_headings:
        return
    found = {match.group(1).strip() for line in body.split("\n") if (match := _H2.match(line))}
    missing = [name for name in kind.required_headings if name not in found]
    if missing:
        yield Problem(
            shown,
            first,
            "headings",
            f"缺少二级标题“## {'”“## '.join(missing)}”"
            f"（{kind.name} 页面要有 {'、'.join(kind.required_headings)}，下载的文件由这些部分组成）",
        )


def _shown_or_none(path):
    """A path as messages name it (relative to the project), or None outside it."""
    if not path:
        return None
    if not Path(path).is_absolute():
        return Path(path).as_posix()
    try:
        return upstream.shown(path)
    except ValueError:  # outside the project
        return None


def check_values(path, values_of, load):
    """Problems of a values file: its schema (`load` raises), then each value's text."""
    shown = upstream.shown(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    try:
        load()
    except TemplateInputError as error:
        other = _shown_or_none(error.path)
        if other and other != shown:  # a file of the edition's docs (a symlink out of the project)
            return [Problem(other, error.line or 1, "schema", str(error).removeprefix(f"{error.path}: "))]
        return [_schema_problem(shown, lines, error)]
    problems = []
    for name, value in values_of(parse_yaml("\n".join(lines), shown)).items():
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
        values = check_values(
            values_path, lambda raw: {n: e.get("value") for n, e in raw.items() if isinstance(e, dict)}, load_definitions
        )
        edition = None
    else:
        folder = district.existing_folder(slug)  # raises, naming the editions there are
        values = check_values(folder / "values.yml", lambda raw: raw, lambda: district.load(slug))
        try:
            edition = district.load(slug)
        except TemplateInputError:  # reported above; its pages are still worth checking
            docs = folder / "docs"
            edition = district.Edition(slug, load_definitions(), docs if docs.is_dir() else None)
        definitions = edition.definitions
        pages = [edition.local_docs / src for src in edition.local_pages() if src.endswith(".md")]
    schemas = build_schemas(load_taxonomy(), list(definitions), load_days())
    problems = values + [p for page in pages for p in check_page(page, schemas)]
    behind = []
    if edition is not None:
        replaced, behind = _replacement_problems(edition)
        problems += replaced
    return problems, behind


def build_check(slug):
    """The build's checks (hooks.py, on_config): exactly what `make check` runs,
    on the same files; every problem stops the build, each named as `make check` names it."""
    problems, _ = run(slug)
    if problems:
        lines = "\n".join(map(str, problems))
        raise BuildError(f"构建停止：发现 {len(problems)} 处问题（make check 列出的也是这些）：\n{lines}")


def main(argv=None):
    slug = district.selected()
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
