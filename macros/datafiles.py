"""Load the YAML data files; a missing or broken one stops the build."""

import yaml

from .errors import TemplateInputError

# libyaml's parser when PyYAML was built with it (MkDocs' own front-matter
# reader does the same): several times faster than the pure-Python one.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path, expected="a YAML mapping"):
    if not path.is_file():
        raise TemplateInputError(path, None, f"a data file at this path ({expected})", "missing file")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark else "somewhere"
        raise TemplateInputError(path, None, f"valid YAML ({line}: {getattr(error, 'problem', error)})") from None
    if not isinstance(data, dict):
        raise TemplateInputError(path, None, expected, type(data).__name__)
    return data
