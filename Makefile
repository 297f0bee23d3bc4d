# Two commands set everything up on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready

.PHONY: site test serve check bench audit screenshots clean constraints browser

site: $(READY)
	$(BIN)/python build.py

serve: $(READY)
	$(BIN)/python build.py serve

check: $(READY)
	$(BIN)/python build.py check

test: $(READY) browser
	$(BIN)/python -m pytest -n 2 -q

# make bench BENCH=--quick for a small corpus; BENCH="--n 300 --repeat 3" for anything between.
bench: $(READY)
	$(BIN)/python benchmarks/bench.py $(BENCH)

# The virtual environment, created and filled on first use and whenever the dependencies change.
$(READY): pyproject.toml constraints.txt
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3 -m venv failed; installing Debian's python3-venv"; \
	  apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	@touch $@

# Browser tests drive Debian's Chromium; install it when we can (root with apt), otherwise they skip.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    (apt-get install -y -qq chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)); \
	  else echo "chromium is not installed: browser tests will be skipped (sudo apt-get install chromium)"; fi; }

constraints: $(READY)
	$(BIN)/python -m pip freeze --exclude-editable | grep -vi '^explainer' > constraints.txt.new
	{ sed -n '1,2p' constraints.txt; cat constraints.txt.new; } > constraints.txt && rm constraints.txt.new

clean:
	rm -rf public .public.* .cache
