"""MkDocs hook (listed first under hooks: in mkdocs.yml): keep mkdocs-macros'
INFO lines out of the build log.

mkdocs-macros 1.5.0 logs at INFO, whatever its `verbose` option says, the
modules it found and the names of every config variable, macro and filter:
a screenful of internals before every build of `make serve`. Hooks are
imported while the config is read, before the plugin's on_config logs, so
raising its logger here is early enough. Its warnings and errors still show;
`mkdocs build -v` (DEBUG) shows everything again.
"""

import logging

_MACROS_LOG = logging.getLogger("mkdocs.plugins.mkdocs_macros")
if not logging.getLogger("mkdocs").isEnabledFor(logging.DEBUG):
    _MACROS_LOG.setLevel(logging.WARNING)
