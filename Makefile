# The Dalbit book: a thin layer over the `dalbit` command, which any project gets with
# `pip install dalbit`. `make` builds everything, `make test` runs the tests, `make help` lists the rest.
# conf.py holds the editions and every setting; nothing here repeats them.

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
DALBIT  := $(BIN)/dalbit
BUILD   ?= build
DIST    ?= dist
# sphinx-builds side by side (dalbit build --jobs); default: the number of cores.
JOBS    ?= $(shell nproc 2>/dev/null || echo 2)
OUT     := --build-dir $(BUILD) -j $(JOBS)

# Parallelism is inside `dalbit build`; two make targets building the same edition at once would collide.
.NOTPARALLEL:
.PHONY: all help venv java korean-font html epub bilingual bundle gettext update-po check stats review fmt fmt-check \
        test bench clean

all: venv java korean-font ## everything, from a clean build: sites, EPUBs, bilingual edition, chooser, dist/ bundle
	$(DALBIT) build $(OUT) --dist-dir $(DIST)

help: ## list the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  make \1\t\2/' | expand -t 20

venv: $(VENV)/.installed ## create .venv from pyproject.toml
$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "make: cannot create $(VENV): install Python 3.11+ with venv (Debian: apt-get install python3-venv)" >&2; exit 2; }
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $@

java:
	@tools/setup/need-java

# The books carry a Korean font cut from Noto Sans CJK KR (dalbit.fonts).
korean-font:
	@tools/setup/need-korean-font

html: venv korean-font ## the sites, rebuilding only what changed (build/html/)
	$(DALBIT) build html $(OUT)

epub: venv java korean-font ## the EPUBs, checked by epubcheck (build/epub/)
	$(DALBIT) build epub $(OUT)

bilingual: venv java korean-font ## the bilingual edition, each paragraph beside its translation
	$(DALBIT) build bilingual $(OUT)

bundle: venv java korean-font ## the offline bundle for USB sticks (dist/), from a clean build
	$(DALBIT) build bundle $(OUT) --dist-dir $(DIST)

gettext: update-po
update-po: venv ## extract the messages and merge them into every language's catalogs
	$(DALBIT) update --build-dir $(BUILD)

check: venv ## glossary, markup, particle and spelling checks of every translation
	$(DALBIT) check

stats: venv ## translation progress per language and document
	$(DALBIT) stats

review: venv ## offline review pages per language (build/review-<language>/index.html)
	$(DALBIT) review --build-dir $(BUILD)

fmt: venv ## write the catalogs in the one canonical form
	$(DALBIT) fmt
fmt-check: venv ## exit 1 when a catalog is not in canonical form
	$(DALBIT) fmt --check

test: venv java korean-font ## the test suite (real builds in a temporary folder, headless Chromium)
	@tools/setup/need-chromium
	$(BIN)/python -m pytest -q

bench: venv ## speed and size against peers in the same run (see bench/)
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[bench]'
	$(BIN)/python bench/bench_check.py
	$(BIN)/python bench/bench_update.py
	$(BIN)/python bench/bench_adapt.py
	$(BIN)/python bench/bench_spacing.py
	$(BIN)/python bench/bench_search.py
	$(BIN)/python bench/bench_build.py
	$(MAKE) bundle
	$(BIN)/python bench/bench_bundle.py

clean: ## remove build/ and dist/
	rm -rf $(BUILD) $(DIST)
