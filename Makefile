# Two commands for a fresh machine:  make serve  and  make test.
# DISTRICT=<slug> builds or serves a district edition (districts/<slug>/).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two stamps: what the site needs (make serve, build) and the test stack on
# top of it (make test), so a first `make serve` skips pytest and playwright.
SITE_STAMP := $(VENV)/.site-installed
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.bench-installed
# ProperDocs, the MkDocs 1.6 fork, in a venv of its own without mkdocs.
PROPERDOCS_VENV := .venv-properdocs
PROPERDOCS_STAMP := $(PROPERDOCS_VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export DISTRICT
export SITE_URL

.PHONY: serve build test test-setup lint format coverage system-deps clean distclean new-district bench bench-search bench-plan vendor check build-properdocs offline originality fingerprints

# PORT=8001 make serve: a second edition next to the first one.
PORT ?= 8000

# No pip self-upgrade and no .pyc compile of every installed module: both
# cost seconds on a first install; the
# pinned packages install with the pip that venv brings.
$(SITE_STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --no-compile -r requirements.txt
	touch $(SITE_STAMP)

# The tests start about 80 Python processes (builds, make check); compiled
# once here, their imports skip compiling every module each time (where
# PYTHONDONTWRITEBYTECODE is set, Python never writes the bytecode itself).
$(STAMP): $(SITE_STAMP) requirements-dev.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-compile -r requirements-dev.txt
	$(BIN)/python -m compileall -q -j 0 $(VENV)/lib >/dev/null
	touch $(STAMP)

# A busy port ends with one Chinese line naming a free one (tools/port.py)
# instead of the traceback of mkdocs serve.
serve: $(SITE_STAMP)
	@$(BIN)/python tools/port.py $(PORT)
	$(BIN)/mkdocs serve --strict --dev-addr 127.0.0.1:$(PORT)

build: $(SITE_STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

# The offline edition: one zip, dist/<edition>-offline.zip, that opens from a
# folder by double-clicking index.html (macros/editions/offline.py, guide/offline.md).
offline: $(SITE_STAMP)
	$(BIN)/python -m macros.editions.offline

# --no-deps: requirements-properdocs.txt pins every package and leaves mkdocs out.
$(PROPERDOCS_STAMP): requirements-properdocs.txt
	$(PYTHON) -m venv $(PROPERDOCS_VENV)
	$(PROPERDOCS_VENV)/bin/pip install --quiet --no-deps -r requirements-properdocs.txt
	touch $(PROPERDOCS_STAMP)

# The same site built by ProperDocs: the way out if mkdocs stops installing.
build-properdocs: $(PROPERDOCS_STAMP)
	$(PROPERDOCS_VENV)/bin/properdocs build --strict -f mkdocs.yml --site-dir site

# The content gates of the tests on an edition's own pages and values.yml:
# make check DISTRICT=<slug> (without DISTRICT: docs/ and data/variables.yml).
check: $(STAMP)
	$(BIN)/python -m macros.check

# Text copied from the reference documents (24+ ideographs in a row), found
# by their fingerprints in data/ (tools/originality.py): make originality
# checks docs/; make fingerprints SEEDS=<folder of *.txt> rewrites the data.
originality: $(STAMP)
	$(BIN)/python tools/originality.py docs

fingerprints: $(STAMP)
	@test -n "$(SEEDS)" || { echo "用法：make fingerprints SEEDS=<参考文档所在的文件夹>"; exit 2; }
	$(BIN)/python tools/originality.py --make "$(SEEDS)"

# Browser tests need Debian's chromium-headless-shell; install it (and what else the tests
# use) when it is missing.
system-deps:
	@bash .ci/system-deps

# The two venvs and the Debian packages do not depend on each other: on a
# fresh machine they install side by side (about 15 s less than one after
# the other; each pip waits on the network and one core).
test-setup:
	@$(MAKE) --no-print-directory -j3 $(STAMP) $(PROPERDOCS_STAMP) system-deps

# pytest's exit 5 means it found no tests: a failure, said in words.
test: test-setup
	$(LINT)
	@$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest found no tests (exit 5), nothing was tested" >&2; fi; exit $$status

# Lint rules and the code format in pyproject.toml ([tool.ruff]); both are
# checked by make test. `make format` rewrites the tree to the format.
LINT = $(BIN)/ruff check . && $(BIN)/ruff format --check .
lint: $(STAMP)
	$(LINT)

format: $(STAMP)
	$(BIN)/ruff check --select I --fix .
	$(BIN)/ruff format .

# Line coverage of macros/ and tools/ by the whole suite, builds included
# (pyproject.toml [tool.coverage]); slower than make test.
coverage: test-setup
	rm -rf .cache/coverage
	COVERAGE_FILE=$(CURDIR)/.cache/coverage/data $(BIN)/coverage run -m pytest; \
	status=$$?; COVERAGE_FILE=$(CURDIR)/.cache/coverage/data $(BIN)/coverage combine -q; \
	COVERAGE_FILE=$(CURDIR)/.cache/coverage/data $(BIN)/coverage report; exit $$status

# Create a district edition: make new-district NAME=xinhua
# NAME reaches the shell only as an environment variable ("$$NAME"), never as
# command text: NAME='x;touch y' must not run touch. Python checks the name.
new-district: export NAME := $(NAME)
new-district: $(SITE_STAMP)
	@test -n "$$NAME" || { echo "用法：make new-district NAME=<英文小写名称>"; exit 2; }
	$(BIN)/python -c 'import sys; from macros.editions.district import main; sys.exit(main(sys.argv[1:]))' new "$$NAME"

$(BENCH_STAMP): $(STAMP) requirements-bench.txt
	$(BIN)/pip install --quiet -r requirements-bench.txt
	touch $(BENCH_STAMP)

# Build-cost benchmark (issue 8; not part of make test; about 15 minutes):
# our build against a plain Material build of the same pages at 1×, 5×, 20×.
bench: $(BENCH_STAMP) system-deps
	$(BIN)/python bench/build_bench.py $(BENCH_ARGS)

# Search benchmark (not part of make test; takes about 20 minutes): our search
# against Material's built-in search and Pagefind at 1× and 20× content.
# BENCH_ARGS="--factors 1" for a quick run.
bench-search: $(BENCH_STAMP) system-deps
	$(BIN)/python bench/search_bench.py $(BENCH_ARGS)

# 我的年度计划 benchmark (not part of make test; about a minute): click to
# download of the community plan with 30 chosen activities, and the
# JavaScript gzipped that an ordinary page loads.
bench-plan: $(STAMP) system-deps
	$(BIN)/python bench/plan_bench.py $(BENCH_ARGS)

# Refresh the vendored JavaScript libraries (tools/vendor.json) from the npm
# registry at their pinned versions; tests/test_vendor.py checks the checksums.
vendor:
	$(PYTHON) tools/vendor.py

# What builds make; the virtualenvs stay (they take minutes to install again).
clean:
	rm -rf site dist .cache

# Everything make creates, the virtualenvs too.
distclean: clean
	rm -rf $(VENV) $(PROPERDOCS_VENV)
