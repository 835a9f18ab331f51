"""One build's state, in one object: the edition, offline mode, the catalog
and what the build steps hand each other.

The MkDocs adapter (hooks.py) makes a Build in on_config, from the settings
it reads once (DISTRICT and TPL_OFFLINE, passed by make and macros/editions/offline.py),
and hands it to the macros through the MkDocs config (KEY). Nothing else
carries build state: no module globals, no environment variables read later.
Nothing here imports MkDocs, so another site generator needs only a new adapter.
"""

import os
from dataclasses import dataclass, field
from functools import cached_property

from .editions import district
from .variables import as_values

KEY = "tpl_build"  # the Build in the MkDocs config, for the macros (macros/__init__.py)
OFFLINE_ENV = "TPL_OFFLINE"  # set to 1 by `make offline` (macros/editions/offline.py) for its build


@dataclass
class Build:
    edition: district.Edition
    offline: bool = False
    nav_skeleton: list | None = None  # mkdocs.yml's nav, before navigation.expand
    catalog: object = None  # catalog.Catalog, from on_files
    background: object = None  # background.Background, from on_files
    my_plan: object = None  # the 我的年度计划 page of the nav, from on_nav
    panels: dict = field(default_factory=dict)  # the rendered 我的信息 panel by 我的年度计划's address
    theme_env: object = None  # the theme's Jinja environment, from on_env

    @classmethod
    def from_environment(cls, environ=os.environ):
        """The build make (or `make offline`) asked for: read once, at config time.
        Its inputs pass `make check` first (check.build_check raises otherwise)."""
        # Imported here, not with the package: `python -m macros.check` (make
        # check) would otherwise find it imported already and print runpy's warning.
        from . import check

        slug = district.selected(environ)
        check.build_check(slug)
        return cls(district.load(slug), offline=environ.get(OFFLINE_ENV) == "1")

    @cached_property
    def values(self):
        """The edition's variables as template values."""
        return as_values(self.edition.definitions)

    def require_catalog(self):
        if self.catalog is None:
            raise RuntimeError("the catalog is built in on_files (macros/hooks.py); is it listed under hooks: in mkdocs.yml?")
        return self.catalog
