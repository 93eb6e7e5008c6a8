# Dalbit: `make` builds both sites and both EPUBs; `make test` runs the tests.
# Each edition is an independent build, so `make -j` builds them side by side.

PYTHON      ?= python3
VENV        := .venv
BIN         := $(VENV)/bin
SPHINXBUILD := $(BIN)/sphinx-build
# -E and an emptied output folder: a fresh build each time. Sphinx drops index entries
# from the search index on incremental builds and keeps stale terms and files from
# earlier builds, and a bundle must be the same bytes every time.
SPHINXOPTS  ?= -W --keep-going -q -E
BUILD       := build
SOURCE      := docs

# Edition folder -> Sphinx language (the catalog folder under locale/).
EDITIONS    := en ko
language_en := en
language_ko := ko_KP
TRANSLATED  := ko_KP

export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.PHONY: all html epub bilingual bundle gettext update-po test venv clean java korean-font check bench fmt fmt-check stats review \
        $(EDITIONS:%=html-%) $(EDITIONS:%=epub-%)

DIST        := dist
VERSION      = $(shell $(BIN)/python -c "import runpy; print(runpy.run_path('conf.py')['release'])")

all: html epub bilingual bundle

venv: $(VENV)/.installed
$(VENV)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { \
	  echo "make: cannot create $(VENV): install Python 3.11+ with venv (Debian: apt-get install python3-venv)" >&2; exit 2; }
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[test]'
	@touch $@

html: $(EDITIONS:%=html-%)
	$(BIN)/dalbit chooser $(BUILD)/html --epub-root $(BUILD)/epub

$(EDITIONS:%=html-%): html-%: venv korean-font
	rm -rf $(BUILD)/html/$*
	$(SPHINXBUILD) -b html -c . -D language=$(language_$*) \
	  -d $(BUILD)/doctrees/html-$* $(SPHINXOPTS) $(SOURCE) $(BUILD)/html/$*

java:
	@tools/setup/need-java

# The books carry a Korean font cut from Noto Sans CJK KR (dalbit.fonts).
korean-font:
	@tools/setup/need-korean-font

epub: $(EDITIONS:%=epub-%)
	@test ! -d $(BUILD)/html || $(BIN)/dalbit chooser $(BUILD)/html --epub-root $(BUILD)/epub

$(EDITIONS:%=epub-%): epub-%: venv java korean-font
	rm -rf $(BUILD)/epub-work/$*
	$(SPHINXBUILD) -b epub -c . -D language=$(language_$*) -D epub_basename=dalbit-$* \
	  -d $(BUILD)/doctrees/epub-$* $(SPHINXOPTS) $(SOURCE) $(BUILD)/epub-work/$*
	@mkdir -p $(BUILD)/epub
	cp $(BUILD)/epub-work/$*/dalbit-$*.epub $(BUILD)/epub/.dalbit-$*.epub.tmp
	$(BIN)/dalbit repack-epub $(BUILD)/epub/.dalbit-$*.epub.tmp
	mv $(BUILD)/epub/.dalbit-$*.epub.tmp $(BUILD)/epub/dalbit-$*.epub
	$(BIN)/dalbit epubcheck $(BUILD)/epub/dalbit-$*.epub

# The bilingual edition: each English paragraph beside its Korean translation,
# from the same catalogs and the English build's doctrees.
BILINGUAL_OPTS = -D language=ko_KP -D dalbit_edition=en-ko \
  -D dalbit_bilingual_source=$(abspath $(BUILD)/doctrees/html-en)

bilingual: html-en java korean-font
	rm -rf $(BUILD)/html/en-ko $(BUILD)/epub-work/en-ko
	$(SPHINXBUILD) -b html -c . $(BILINGUAL_OPTS) -d $(BUILD)/doctrees/html-en-ko $(SPHINXOPTS) \
	  $(SOURCE) $(BUILD)/html/en-ko
	$(SPHINXBUILD) -b epub -c . $(BILINGUAL_OPTS) -D epub_basename=dalbit-en-ko \
	  -d $(BUILD)/doctrees/epub-en-ko $(SPHINXOPTS) $(SOURCE) $(BUILD)/epub-work/en-ko
	@mkdir -p $(BUILD)/epub
	cp $(BUILD)/epub-work/en-ko/dalbit-en-ko.epub $(BUILD)/epub/.dalbit-en-ko.epub.tmp
	$(BIN)/dalbit repack-epub $(BUILD)/epub/.dalbit-en-ko.epub.tmp
	mv $(BUILD)/epub/.dalbit-en-ko.epub.tmp $(BUILD)/epub/dalbit-en-ko.epub
	$(BIN)/dalbit epubcheck $(BUILD)/epub/dalbit-en-ko.epub
	$(BIN)/dalbit chooser $(BUILD)/html --epub-root $(BUILD)/epub

# The offline bundle: dist/dalbit-<version>/ and its zip, for USB sticks and SD cards.
bundle: html epub bilingual
	$(BIN)/dalbit bundle $(BUILD) $(DIST) --version $(VERSION)

# Translators: extract the English messages, then merge them into every catalog.
gettext: venv
	$(SPHINXBUILD) -b gettext -c . -d $(BUILD)/doctrees/gettext $(SPHINXOPTS) $(SOURCE) $(BUILD)/gettext

update-po: gettext
	$(BIN)/dalbit update $(BUILD)/gettext locale $(TRANSLATED:%=-l %)

# Progress per language and document (fuzzy never counts as translated).
stats: venv
	$(BIN)/dalbit stats locale

# The reviewer's side-by-side report, one offline HTML file per language.
review: venv
	@for lang in $(TRANSLATED); do $(BIN)/dalbit review locale/$$lang/LC_MESSAGES -o $(BUILD)/review-$$lang.html || exit $$?; done

# Catalogs in the one canonical form (CI runs the check).
fmt: venv
	$(BIN)/dalbit fmt locale
fmt-check: venv
	$(BIN)/dalbit fmt --check locale

# Glossary, markup, particle and spelling checks over every translated catalog.
check: venv
	@for lang in $(TRANSLATED); do $(BIN)/dalbit check locale/$$lang/LC_MESSAGES || exit $$?; done

test: venv java
	@tools/setup/need-chromium
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(BUILD) $(DIST)

# Speed and size, measured against peers in the same run (see bench/).
bench: venv
	$(BIN)/python -m pip install -q --disable-pip-version-check -e '.[bench]'
	$(BIN)/python bench/bench_check.py
	$(BIN)/python bench/bench_update.py
	$(BIN)/python bench/bench_search.py
	$(MAKE) bundle
	$(BIN)/python bench/bench_bundle.py
