# The two commands of the README, and the steps behind them.
#   make demo   set up and serve the demo on the embedded default (SQLite + tantivy)
#   make test   set up and run the whole test suite, on SQLite and on PostgreSQL

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# PostgreSQL server the suite creates its throw-away databases on.
TECHEX_TEST_POSTGRES_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/test
export TECHEX_TEST_POSTGRES_URL

.PHONY: demo serve test test-sqlite test-postgres lint typecheck clean

$(BIN)/activate:
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 or newer is needed" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstalled whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml $(BIN)/activate
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

demo: $(VENV)/.installed
	$(BIN)/techex migrate
	$(BIN)/techex seed-demo
	@echo "Serving the demo at http://$(HOST):$(PORT) (API docs at http://$(HOST):$(PORT)/docs)"
	$(BIN)/techex serve --host $(HOST) --port $(PORT)

serve: $(VENV)/.installed
	$(BIN)/techex serve --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed
	$(BIN)/ruff check app tests bench migrations
	$(BIN)/ruff format --check app tests bench migrations
	$(BIN)/lint-imports --no-cache

typecheck: $(VENV)/.installed
	$(BIN)/mypy app

test-sqlite: $(VENV)/.installed
	TECHEX_TEST_DATABASE=sqlite $(BIN)/pytest -q

# The browser tests serve the site over a SQLite folder of their own whatever the engine
# under test: the SQLite run covers them.
test-postgres: $(VENV)/.installed
	TECHEX_TEST_DATABASE=postgresql $(BIN)/pytest -q -m "not browser"

# The two engines' runs are independent (each its own databases and folders): side by side on
# two cores they take little more than the longer one alone. Each run's output is printed whole.
test: lint typecheck
	$(MAKE) --no-print-directory -j2 --output-sync=target test-sqlite test-postgres

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
