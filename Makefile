# One command to run, one to test. Each creates .venv when needed and is idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

PACKAGE_STAMP := $(VENV)/.installed-package

.PHONY: run test lint bench bench-content bench-watcher bench-loop bench-search \
	bench-search-quality bench-sync bench-learning bench-element bench-markup bench-package \
	bench-team-report bench-ui package test-installers deploy-files clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,package]'
	touch $(PACKAGE_STAMP)

run: $(STAMP)
	@sh scripts/system-deps.sh run
	$(BIN)/cuecard

test: $(STAMP)
	@sh scripts/system-deps.sh test
	@sh scripts/system-deps.sh wayland
	$(BIN)/ruff check app tests bench scripts packaging
	$(BIN)/ruff format --check app tests bench scripts packaging
	$(BIN)/mypy
	$(BIN)/python -m pytest -q
	@echo "Unit and UI tests again with the clock two years ahead (no test may depend on the date):"
	CUECARD_TEST_CLOCK_SHIFT_DAYS=730 $(BIN)/python -m pytest -q -p no:cacheprovider --ignore=tests/e2e --ignore=tests/wayland

# What this OS can build, into dist/: the frozen app and its installer (.deb here; the
# .pkg on macOS, the MSI on Windows: see .github/workflows/package.yml).
package: $(PACKAGE_STAMP)
	@sh scripts/system-deps.sh package
	$(BIN)/python packaging/package.py

# As root: installs the .deb for real, then purges it; MSIs under wine. See tests/installers.
test-installers: package
	@sh scripts/system-deps.sh installers
	CUECARD_TEST_INSTALLERS=1 $(BIN)/python -m pytest -q -p no:cacheprovider tests/installers

# Regenerate the files for administrators that are checked in (tests compare them).
deploy-files: $(STAMP)
	$(BIN)/python -m cuecard.deploy admx packaging/windows/policy/cuecard.admx
	$(BIN)/python -m cuecard.deploy adml packaging/windows/policy/en-US/cuecard.adml
	$(BIN)/python -m cuecard.deploy mobileconfig packaging/macos/cuecard.example.mobileconfig
	$(BIN)/python -m cuecard.deploy docs docs/deploy.md

lint: $(STAMP)
	$(BIN)/cuecard lint content

bench: bench-content bench-watcher bench-loop bench-search bench-search-quality bench-sync \
	bench-learning bench-element bench-markup bench-package bench-team-report bench-ui

bench-content: $(STAMP)
	@sh scripts/system-deps.sh test
	$(BIN)/python bench/content/run.py

bench-watcher: $(STAMP)
	@sh scripts/system-deps.sh test
	$(BIN)/python bench/watcher/run.py

bench-loop: $(STAMP)
	@sh scripts/system-deps.sh test
	$(BIN)/python bench/loop/run.py

bench-element: $(STAMP)
	@sh scripts/system-deps.sh test
	$(BIN)/python bench/element/run.py

bench-search: $(STAMP)
	$(BIN)/python bench/search/run.py

# Real content: Debian's man pages (bench/search-quality/packages.txt) as cards, and
# tldr-pages when a snapshot is at bench/.work/tldr or given as TLDR=PATH.
bench-search-quality: $(STAMP)
	$(BIN)/python bench/search-quality/run.py -v $(if $(TLDR),--tldr $(TLDR))

bench-sync: $(STAMP)
	@sh scripts/system-deps.sh test
	$(BIN)/python bench/sync/run.py

bench-learning: $(STAMP)
	$(BIN)/python bench/learning/run.py

bench-markup: $(STAMP)
	$(BIN)/python bench/markup/run.py

bench-package: package
	@sh scripts/system-deps.sh installers
	$(BIN)/python bench/package/run.py

bench-team-report: $(STAMP)
	@sh scripts/system-deps.sh test
	$(BIN)/python bench/team-report/run.py

bench-ui: $(STAMP)
	$(BIN)/python bench/ui/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist
