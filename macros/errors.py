"""One error type for every bad input, so messages read the same everywhere."""

import reprlib

# A bad value is quoted in a message up to this many characters: enough to
# recognise it, never the megabytes a huge (or self-repeating) value prints as.
MAX_QUOTED = 200


def quoted(value, limit=MAX_QUOTED):
    """repr(value), at most `limit` characters (nested values are cut while printing)."""
    printer = reprlib.Repr()
    printer.maxlevel, printer.maxstring, printer.maxother = 4, limit, limit
    printer.maxlist = printer.maxtuple = printer.maxdict = printer.maxset = 10
    text = printer.repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class BuildError(Exception):
    """The build stops with this message (bad input, or a step that cannot be
    done). Raised by the domain modules, which know nothing of MkDocs; the
    MkDocs adapter (hooks.py) reports it as MkDocs reports a plugin's error:
    the message alone, no traceback."""


class TemplateInputError(BuildError):
    """Bad content or data: names the file, the key and what was expected."""

    def __init__(self, path, key, expected, got=None, line=None):
        where = f"{path}: key '{str(key)[:80]}'" if key else str(path)
        message = f"{where}: expected {expected}"
        if got is not None:
            message += f", got {quoted(got)}"
        super().__init__(message)
        self.path, self.key = path, key  # where `make check` looks for the line
        self.line = line  # the file line, when the reader of the file knows it
