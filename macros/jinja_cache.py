"""Compiled Jinja templates kept across builds (.cache/jinja/, git-ignored).

Jinja turns every template into Python code before rendering it; a build
compiles the theme's templates and, through mkdocs-macros, every page's
Markdown and section. That code depends only on the template's source and the
environment's syntax settings, so it is stored under a hash of both, with
Jinja's own bytecode cache (FileSystemBytecodeCache: it checks the source's
checksum on load and writes through a temporary file):

  theme   MkDocs' environment (on_env in hooks.py): templates from a loader,
          which Jinja looks up in `bytecode_cache` itself;
  pages   mkdocs-macros' environment (define_env in __init__.py): templates
          from strings, which Jinja never caches: its `compile` is wrapped.

A file is touched when used; files unused for a week are removed.
"""

import hashlib
import os

import jinja2
from jinja2 import FileSystemBytecodeCache

from .page_cache import prune_stale
from .paths import CACHE

FOLDER = CACHE / "jinja"


def _name(value):
    return getattr(value, "__qualname__", None) or repr(value)


def _settings(env):
    """What, besides the source, shapes the code Jinja compiles a template to."""
    return repr(
        (
            jinja2.__version__,
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            sorted(env.extensions),
            env.optimized,
            env.is_async,
            _name(env.autoescape),
            _name(env.finalize),
            sorted(env.filters),
            sorted(env.tests),  # an unknown filter or test is a compile-time error
        )
    )


class _Cache(FileSystemBytecodeCache):
    def __init__(self, env, folder):
        os.makedirs(folder, exist_ok=True)
        super().__init__(str(folder))
        self.env = env

    def get_cache_key(self, name, filename=None):
        # The settings are read each time: plugins may add filters after this cache is set.
        return hashlib.sha256(f"{_settings(self.env)}|{name}|{filename}".encode()).hexdigest()

    def load_bytecode(self, bucket):
        super().load_bytecode(bucket)
        if bucket.code is not None:
            try:
                os.utime(self._get_cache_filename(bucket))  # used: kept by prune_stale
            except OSError:
                pass


def cache_theme(env, folder=FOLDER):
    """Keep the compiled theme templates of MkDocs' environment."""
    env.bytecode_cache = _Cache(env, folder)
    prune_stale(folder)
    return env


def cache_strings(env, folder=FOLDER):
    """Keep the compiled templates that `env.from_string` makes (mkdocs-macros' pages)."""
    cache = _Cache(env, folder)
    compile_source = env.compile

    def compile_cached(source, name=None, filename=None, raw=False, defer_init=False):
        if name is not None or filename is not None or raw or defer_init:
            return compile_source(source, name, filename, raw, defer_init)
        bucket = cache.get_bucket(env, "string:" + hashlib.sha256(source.encode()).hexdigest(), None, source)
        if bucket.code is None:
            bucket.code = compile_source(source)
            cache.set_bucket(bucket)
        return bucket.code

    env.compile = compile_cached
    return env
