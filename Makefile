# seized — make targets. Each target creates .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# the demo needs seized and its runtime dependencies; tests, benchmarks and lint the dev extras
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: demo test bench lint fmt clean vendor

# PyICU (for followthemoney) compiles from source for about two minutes: tools/install_runtime.py
# compiles it while pip fetches and installs everything else. The editable install of seized
# compiles its C extensions, so a change to the C sources installs again.
EXTENSION := setup.py src/seized/chain/_blockscan.c src/seized/chain/_sha256.h \
	src/seized/crypto/_pgpopen.c src/seized/model/_rowdigest.c
$(STAMP): pyproject.toml tools/install_runtime.py $(EXTENSION)
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python tools/install_runtime.py
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/pip install --quiet --no-compile -e '.[dev]'
	touch $(DEV_STAMP)

demo: $(STAMP)
	$(BIN)/seized demo demo-case

test: $(DEV_STAMP)
	$(BIN)/pytest -q -n 2

bench: $(DEV_STAMP)
	$(BIN)/python bench/run.py

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests bench tools
	$(BIN)/ruff format --check src tests bench tools
	$(BIN)/mypy

fmt: $(DEV_STAMP)
	$(BIN)/ruff format src tests bench tools
	$(BIN)/ruff check --fix src tests bench tools

# the workbench's front-end libraries, from the npm registry (needs npm); committed with a
# manifest of their versions, licences and SHA-256 that the tests check
vendor: $(STAMP)
	$(BIN)/python -m seized.web.vendor

clean:
	rm -rf $(VENV) demo-case .pytest_cache .mypy_cache .ruff_cache build src/seized.egg-info
	rm -f src/seized/chain/_blockscan.*.so src/seized/crypto/_pgpopen.*.so src/seized/model/_rowdigest.*.so
