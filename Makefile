# One command to run, one to test. Each creates .venv when needed and is idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-content bench-watcher bench-loop bench-search bench-search-quality bench-sync bench-learning bench-element bench-ui clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	@sh scripts/system-deps.sh run
	$(BIN)/cuecard

test: $(STAMP)
	@sh scripts/system-deps.sh test
	$(BIN)/ruff check app tests bench scripts
	$(BIN)/ruff format --check app tests bench scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest -q
	@echo "Unit and UI tests again with the clock two years ahead (no test may depend on the date):"
	CUECARD_TEST_CLOCK_SHIFT_DAYS=730 $(BIN)/python -m pytest -q -p no:cacheprovider --ignore=tests/e2e

lint: $(STAMP)
	$(BIN)/cuecard lint content

bench: bench-content bench-watcher bench-loop bench-search bench-search-quality bench-sync bench-learning bench-element bench-ui

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

# Real content: Debian's man pages (bench/search-quality/packages.txt) as cards.
bench-search-quality: $(STAMP)
	$(BIN)/python bench/search-quality/run.py

bench-sync: $(STAMP)
	@sh scripts/system-deps.sh test
	$(BIN)/python bench/sync/run.py

bench-learning: $(STAMP)
	$(BIN)/python bench/learning/run.py

bench-ui: $(STAMP)
	$(BIN)/python bench/ui/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
