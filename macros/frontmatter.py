"""Read a page's YAML front matter, failing loudly on bad YAML.

MkDocs' own reader (mkdocs.utils.meta.get_data) drops the whole front matter
when the YAML does not load, e.g. for `based_on: 2026-13-01` (a date YAML
cannot build): the page then fails later as "no kind", far from the real
mistake. This reader finds the block the same way and names the key instead.
"""

import re

import yaml

from .datafiles import SafeLoader, parse
from .errors import TemplateInputError

# The block as MkDocs 1.6 finds it (mkdocs.utils.meta.YAML_RE, copied so that
# this module needs no MkDocs; tests/test_build.py checks that both are the same).
YAML_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.UNICODE | re.DOTALL)
DATE_EXPECTED = "a date written as YYYY-MM-DD, e.g. 2026-11-23"
_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:")


class _BadDate(yaml.constructor.ConstructorError):
    def __init__(self, node):
        super().__init__(None, None, "not a calendar date", node.start_mark)
        self.value = node.value


class _Loader(SafeLoader):
    """SafeLoader, except that an impossible date is a YAML error with its line."""


def _timestamp(loader, node):
    try:
        return SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        raise _BadDate(node) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def split(text):
    """(front-matter YAML or None, body, file line number where the body starts)."""
    match = YAML_RE.match(text)
    if not match:
        return None, text, 1
    rest = text[match.end() :]
    body = rest.lstrip("\n")
    return match.group(1), body, text[: match.end()].count("\n") + len(rest) - len(body) + 1


def read(text, path):
    """(body, front matter as a dict) of a page; a YAML error names the file (and key)."""
    source, body, _ = split(text)
    if source is None:
        return body, {}
    try:
        meta = parse(source, path, _Loader, first_line=2)  # line 1 of the file is the opening ---
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = source.split("\n")[mark.line] if mark else ""
        key = _KEY.match(line)
        if isinstance(error, _BadDate) and key:
            raise TemplateInputError(path, key.group(1), DATE_EXPECTED, error.value) from None
        where = f"line {mark.line + 2}" if mark else "somewhere"  # +2: 0-based, after the opening ---
        raise TemplateInputError(path, None, f"valid YAML front matter ({where}: {getattr(error, 'problem', error)})") from None
    return body, meta if isinstance(meta, dict) else {}
