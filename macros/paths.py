"""Where the project's data lives. Absolute, because mkdocs may be run from anywhere."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DOCS = ROOT / "docs"
DISTRICTS = ROOT / "districts"
CACHE = ROOT / ".cache"  # build caches, git-ignored (page_cache.py, jinja_cache.py)
