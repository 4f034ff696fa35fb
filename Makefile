# Two entry points for a fresh machine: `make demo` (build, load the demo corpus, serve) and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DATA_DIR ?= data
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test install web serve clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip

# torch first, pinned to the CPU build, or sentence-transformers pulls a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml $(BIN)/python
	$(BIN)/pip install torch==2.13.0
	$(BIN)/pip install -e '.[dev]'
	touch $@

install: $(VENV)/.installed

web: search_api/web/vendor/.built

search_api/web/vendor/.built: package.json package-lock.json scripts/vendor_js.py
	npm ci --no-audit --no-fund
	$(BIN)/python scripts/vendor_js.py
	touch $@

demo: install
	$(BIN)/policykg --data-dir $(DATA_DIR) init
	$(BIN)/policykg --data-dir $(DATA_DIR) ingest corpus/
	$(BIN)/policykg --data-dir $(DATA_DIR) index
	$(BIN)/policykg --data-dir $(DATA_DIR) serve

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest -q

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(DATA_DIR) node_modules search_api/web/vendor
