"""Load the YAML data files; a missing or broken one stops the build.

Every YAML text of the project (data files, values.yml, front matter) is read
by parse(): the safe loader, except that anchors and aliases (& and *) are
refused and a key may appear only once in a mapping. Aliases let 343 bytes
stand for a structure whose printout is hundreds of megabytes (an "alias
bomb"); the project's files never need them. A repeated key would otherwise
silently keep the last value.
"""

import yaml

from .errors import TemplateInputError

# libyaml's parser when PyYAML was built with it (MkDocs' own front-matter
# reader does the same): several times faster than the pure-Python one.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse(text, path, loader=SafeLoader, first_line=1):
    """The YAML document in `text` (None when empty). `first_line`: the file
    line of the text's first line, for messages. YAML syntax errors are raised
    as yaml.YAMLError; aliases and repeated keys as TemplateInputError."""
    reader = loader(text)
    try:
        node = reader.get_single_node()
        if node is None:
            return None
        _check_nodes(node, path, first_line)
        return reader.construct_document(node)
    finally:
        reader.dispose()


def _check_nodes(root, path, first_line):
    """Refuse aliases (a node reached twice) and repeated keys, walking each node once."""
    seen, stack = set(), [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            line = node.start_mark.line + first_line
            raise TemplateInputError(
                path, None, f"YAML without anchors and aliases (& and *; the value at line {line} is reused)", line=line
            )
        seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            first_seen = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    line = key.start_mark.line + first_line
                    if key.value in first_seen:
                        raise TemplateInputError(
                            path,
                            key.value,
                            f"each key once in a mapping (line {line} repeats line {first_seen[key.value]})",
                            "a repeated key",
                            line=line,
                        )
                    first_seen[key.value] = line
                stack += [key, value]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value


def load_yaml(path, expected="a YAML mapping"):
    if not path.is_file():
        raise TemplateInputError(path, None, f"a data file at this path ({expected})", "missing file")
    try:
        data = parse(path.read_text(encoding="utf-8"), path)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f"line {mark.line + 1}" if mark else "somewhere"
        raise TemplateInputError(path, None, f"valid YAML ({line}: {getattr(error, 'problem', error)})") from None
    if not isinstance(data, dict):
        raise TemplateInputError(path, None, expected, type(data).__name__)
    return data
