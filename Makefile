# mapapp: two commands for a fresh machine.
#   make run   - builds everything and serves the app with demo data at http://127.0.0.1:5000
#   make test  - installs what the tests need, checks lint and formatting, and runs the whole
#                suite on SpatiaLite and PostGIS
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export MAPAPP_REFERENCE_DIR ?= $(abspath ../shared/reference)

.PHONY: run test venv db lint clean

run: venv
	@scripts/system_deps.sh spatialite pdf
	$(BIN)/mapapp init-db
	$(BIN)/mapapp reference load
	$(BIN)/mapapp demo load --replace
	$(BIN)/mapapp serve

test: lint node_modules/axe-core/axe.min.js
	@scripts/system_deps.sh spatialite postgis chromium pdf
	@scripts/start_postgres.sh
	@scripts/start_replica.sh
	MAPAPP_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/mapapp_test \
	MAPAPP_TEST_REPLICA_URL=postgresql+psycopg://postgres@127.0.0.1:5433/postgres \
	  $(BIN)/pytest $(PYTEST_ARGS)

venv: $(VENV)/.installed

$(VENV)/.installed: setup.cfg pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "mapapp needs Python 3.11 or newer (set PYTHON=python3.12 etc.)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[test]"
	@touch $@

# axe-core, injected into pages by the accessibility tests (npm registry, pinned in
# package-lock.json).
node_modules/axe-core/axe.min.js: package.json package-lock.json
	@scripts/system_deps.sh npm
	npm ci --no-audit --no-fund --silent
	@touch $@

# The same checks CI runs before the tests: lint rules, then formatting.
lint: venv
	$(BIN)/ruff check mapapp tests scripts
	$(BIN)/ruff format --check mapapp tests scripts

clean:
	rm -rf $(VENV) instance .pytest_cache node_modules
