# Cloud native notes: the commands a newcomer needs.
#   make serve   serve the site with live reload on http://127.0.0.1:8000/cloud-native-notes/
#   make test    run every test
# Each target creates .venv from the pinned requirements (and node_modules
# from package-lock.json where Node tools are needed) when missing or stale.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve test build offline pdf bench bench-scale clean lock translations new-topic remove-topic

help:
	@sed -n 's/^#   //p' $(MAKEFILE_LIST)

NODE_DEPS := node_modules/.package-lock.json

$(NODE_DEPS): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

$(BIN)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit("Python >= 3.11 is needed, found " + sys.version.split()[0]) if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	@# Every package is checked against the hashes in requirements.txt: a
	@# wheel re-published or altered since `make lock` is refused.
	$(BIN)/python -m pip install --quiet --require-hashes --requirement requirements.txt
	@touch $@

#   make build   build the online site into site/
build: $(BIN)/.installed
	$(BIN)/mkdocs build --strict

serve: $(BIN)/.installed
	$(BIN)/mkdocs serve --livereload

# One worker per core; an idle worker takes tests from the other's queue, so
# neither waits on a long module at the end. The site, the offline copy and
# the PDFs are built once per run and shared (tests/conftest.py once_per_run).
test: $(BIN)/.installed $(NODE_DEPS)
	$(BIN)/python -m pytest --numprocesses auto --dist worksteal

#   make offline the downloadable copy: dist/cloud-native-notes-offline.zip
offline: $(BIN)/.installed $(NODE_DEPS)
	$(BIN)/python scripts/build_offline.py

#   make pdf     the PDF edition: dist/cloud-native-notes-fr.pdf and -en.pdf
pdf: $(BIN)/.installed
	$(BIN)/python scripts/build_pdf.py

#   make bench   page weight and search speed, Lighthouse on every page, then search relevance
bench: $(BIN)/.installed $(NODE_DEPS)
	$(BIN)/python scripts/bench_pages.py
	$(BIN)/python scripts/lighthouse.py
	$(BIN)/python scripts/bench_search.py

#   make bench-scale  build, tests, search and offline zip with 0, 50 and 100 extra topics (slow; SKIP_TESTS=1: no make test)
bench-scale: $(BIN)/.installed $(NODE_DEPS)
	$(BIN)/python scripts/bench_scale.py $(if $(SKIP_TESTS),--skip-tests)

#   make translations record sections as translated in both languages (tests/translations.yml)
translations: $(BIN)/.installed
	$(BIN)/python scripts/translations.py record

#   make new-topic SLUG=x [STEP=n]  a new topic page in both languages, from the skeleton (CONTRIBUTING.md)
new-topic: $(BIN)/.installed
	@test -n "$(SLUG)" || { echo "usage: make new-topic SLUG=<slug> [STEP=<n>] (see: $(BIN)/python scripts/new_topic.py --help)"; exit 2; }
	$(BIN)/python scripts/new_topic.py $(SLUG) $(if $(STEP),--step $(STEP)) $(ARGS)

#   make remove-topic SLUG=x   undo a new-topic scaffold that was not kept
remove-topic: $(BIN)/.installed
	@test -n "$(SLUG)" || { echo "usage: make remove-topic SLUG=<slug>"; exit 2; }
	$(BIN)/python scripts/new_topic.py --remove $(SLUG) $(ARGS)

#   make clean   remove build outputs and node_modules (keeps .venv)
clean:
	rm -rf site dist .cache node_modules

#   make lock    re-pin requirements.txt, with hashes, from requirements.in (UPGRADE=1: newest versions)
# pip-compile keeps the current pins unless UPGRADE=1; Dependabot reads the
# same header and reruns it on its own pull requests.
PIP_TOOLS := pip-tools==7.6.2
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet $(PIP_TOOLS)
	CUSTOM_COMPILE_COMMAND="make lock" .lock-venv/bin/pip-compile --quiet --generate-hashes \
	  --strip-extras --no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade) \
	  --output-file requirements.txt requirements.in
	rm -rf .lock-venv
