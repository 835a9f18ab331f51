"""District editions.

An edition is a folder districts/<slug>/ holding
  values.yml  the edition's variable values (flat: community: 星光社区) and
              optionally site_name; every key is checked, a typo fails;
  docs/       local pages, laid out like docs/: a page at a new path is added,
              a page at the same path as an upstream one replaces it.
Everything an edition changes lives in its folder, so upstream updates merge
without conflicts. The edition is chosen with the DISTRICT environment variable.

`make new-district NAME=<slug>` creates an edition (see main()).
"""

import os
import posixpath
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..datafiles import load_yaml
from ..errors import TemplateInputError, quoted
from ..paths import DISTRICTS, DOCS, ROOT
from ..schema import plain_text
from ..variables import apply_overrides, check_text, load_definitions

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,40}\Z")  # \Z: "$" would let a trailing line break through
# An edition must name its own place: these keys are required in values.yml.
REQUIRED = ("community", "street", "district", "city", "year")
UPSTREAM_SITE_NAME = "社区精神文明建设模板库"
SETTINGS = {"site_name": "网站名称，显示在页面顶部和浏览器标签上"}


@dataclass(frozen=True)
class Edition:
    slug: str | None
    definitions: dict
    local_docs: Path | None
    site_name: str | None = None

    def find_doc(self, src):
        """The file behind docs path `src`: the edition's own copy first; None
        for a path that leads out of docs/ (sections/../../x)."""
        if not inside_docs(src):
            return None
        for root in (self.local_docs, DOCS):
            if root is not None and (root / src).is_file():
                return root / src
        return None

    def local_pages(self):
        """Paths (relative to docs/) of the edition's own files."""
        if self.local_docs is None:
            return []
        return sorted(p.relative_to(self.local_docs).as_posix() for p in self.local_docs.rglob("*") if p.is_file())


def inside_docs(src):
    """Does the docs path `src` stay inside docs/ (no leading / and no ../ out)?"""
    normal = posixpath.normpath(str(src))
    return not (posixpath.isabs(normal) or normal == ".." or normal.startswith("../"))


def check_links(folder):
    """A symbolic link in an edition's folder (or docs/) may point only inside
    the project: otherwise the build would publish, or a page include, a file
    from elsewhere on the machine."""
    project = ROOT.resolve()
    for parent, dirs, files in os.walk(folder):
        for path in [Path(parent)] + [Path(parent) / name for name in dirs + files]:
            if path.is_symlink() and not path.resolve().is_relative_to(project):
                raise TemplateInputError(
                    path.relative_to(ROOT) if path.is_relative_to(ROOT) else path,
                    None,
                    "a file inside the project (a symbolic link may not point outside it)",
                    os.readlink(path),
                )


def existing():
    """The slugs of the editions in districts/ (folders with a values.yml)."""
    if not DISTRICTS.is_dir():
        return []
    return sorted(p.parent.name for p in DISTRICTS.glob("*/values.yml"))


def _which_exist():
    """For an error about DISTRICT: the editions a person may have meant."""
    slugs = existing()
    return f"existing editions: {', '.join(slugs)}" if slugs else "there is no edition yet"


def folder_of(slug):
    if not SLUG.match(slug or ""):
        raise TemplateInputError(
            "DISTRICT", None, f"an edition name of lowercase letters, digits and hyphens ({_which_exist()})", slug
        )
    return DISTRICTS / slug


def existing_folder(slug):
    """The folder of an existing edition; the error lists the editions there are."""
    folder = folder_of(slug)
    if not folder.is_dir():
        raise TemplateInputError(
            folder, None, f"an edition folder ({_which_exist()}; create a new one with: make new-district NAME={slug})", "missing"
        )
    return folder


def load(slug):
    definitions = load_definitions()
    check_links(DOCS)
    if not slug:
        return Edition(None, definitions, None)
    folder = existing_folder(slug)
    values_file = folder / "values.yml"
    values = load_yaml(values_file, "a mapping of variable names to values")
    site_name = values.pop("site_name", None)
    if site_name is not None:
        site_name = plain_text(
            values_file, "site_name", check_text(values_file, "site_name", site_name)
        )  # shown as it is by the theme
    for name in REQUIRED:  # checked first: an empty value reads better than "not text"
        if name in values and values[name] in (None, ""):
            raise TemplateInputError(values_file, name, "a value (every edition names its own place and year)", "missing")
    merged = apply_overrides(definitions, values, values_file)  # unknown keys (typos) fail here
    for name in REQUIRED:
        if name not in values:
            raise TemplateInputError(values_file, name, "a value (every edition names its own place and year)", "missing")
    if site_name in (None, UPSTREAM_SITE_NAME):  # an edition's home page and tabs carry its own name
        site_name = f"{values['district']}{UPSTREAM_SITE_NAME}"
    local_docs = folder / "docs"
    check_links(folder)
    return Edition(slug, merged, local_docs if local_docs.is_dir() else None, site_name)


def selected(environ=os.environ):
    """The slug of the edition DISTRICT names (make passes it); None for upstream.
    Read once per build (build.Build) or command (check, offline)."""
    return environ.get("DISTRICT", "").strip() or None


# --- creating an edition -------------------------------------------------


def _quoted(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _template_line(name, entry):
    """A derived name (党组织, 成文日期 …) is left commented out: it then follows
    community, year … of this edition (data/variables.yml `derive`)."""
    if entry.get("derive") is None:
        return f"{name}: {_quoted(entry['value'])}"
    return f"# {name}: {_quoted(entry['value'])}  # 不写则按上面的名称和年度自动生成"


def values_template(definitions):
    lines = [
        "# 本区县版本的变量值：改这里，不要改 data/variables.yml。",
        "# 每项上方的注释说明它是什么；值只写一行文字。删掉的项沿用全站默认值，",
        f"# 但 {'、'.join(REQUIRED)} 必须填写。",
        "",
        f"# {SETTINGS['site_name']}",
        f"site_name: {_quoted(UPSTREAM_SITE_NAME)}",
    ]
    for name, entry in definitions.items():
        lines += ["", f"# {entry['label']}：{entry['help']}", _template_line(name, entry)]
    return "\n".join(lines) + "\n"


LOCAL_ACTIVITY = """---
title: 本区特色活动（示例）
kind: activity
summary: 这是本区县自己的活动范例，可以改写或删除；新增活动照此格式放在 activities 文件夹里。
themes: [文明创建]
months: [6]
audience: [全体居民]
organisers: [社区党组织, 社区居委会]
records: [活动方案, 签到表, 活动照片, 信息稿]
synonyms: [本区特色活动]
updated: {today}
---

## 活动目的

说明本区县为什么开展这项活动、要解决什么问题。

## 时间地点

写明时间和地点。

## 活动流程

1. 准备：……
2. 实施：……
3. 总结：……

## 分工

写明社区、共建单位和志愿者各自负责什么。

## 安全保障

写明本活动需要注意的安全事项。

## 信息稿

**{{ community }}开展本区特色活动**

{{ fill("活动日期") }}，{{ district }}{{ street }}{{ community }}开展……，{{ fill("人数") }}名居民参加。

## 台账清单

{{ ledger_checklist() }}
"""

LOCAL_NOTICE = """---
title: 本区通知
kind: page
description: 本区县文明办发给各社区的通知和要求。
---

# 本区通知

这里写本区县文明办对各社区的要求，例如年度计划的报送时间、本地创建活动{{ local_campaign }}的安排。
"""


def create(slug):
    folder = folder_of(slug)
    if folder.exists():
        raise TemplateInputError(folder, None, "a name not used by another edition", "exists")
    (folder / "docs/activities").mkdir(parents=True)
    (folder / "docs/guide").mkdir(parents=True)
    (folder / "values.yml").write_text(values_template(load_definitions()), encoding="utf-8")
    (folder / "docs/activities/local-example.md").write_text(
        LOCAL_ACTIVITY.replace("{today}", date.today().isoformat()), encoding="utf-8"
    )
    (folder / "docs/guide/notice.md").write_text(LOCAL_NOTICE, encoding="utf-8")
    return folder


def main(argv):
    """Command line of `make new-district`: new <slug>."""
    if len(argv) != 2 or argv[0] != "new":
        return "用法：make new-district NAME=<英文小写名称，如 xinhua>"
    if not SLUG.match(argv[1]):
        return f"错误：区县版本名称 {quoted(argv[1])} 不能用：只能用英文小写字母、数字和连字符（-），以字母或数字开头，最多 41 个字符，如 xinhua。"
    try:
        created = create(argv[1])
    except TemplateInputError as error:
        return f"错误：{error}"
    print(f"已创建 {created.relative_to(DISTRICTS.parent)}：先改其中的 values.yml，再运行 make serve DISTRICT={argv[1]}")
    return 0
