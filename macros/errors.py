"""One error type for every bad input, so messages read the same everywhere."""

from mkdocs.exceptions import PluginError


class TemplateInputError(PluginError):
    """Bad content or data: names the file, the key and what was expected."""

    def __init__(self, path, key, expected, got=None):
        where = f"{path}: key '{key}'" if key else str(path)
        message = f"{where}: expected {expected}"
        if got is not None:
            message += f", got {got!r}"
        super().__init__(message)
        self.path, self.key = path, key  # where `make check` looks for the line
