# Two entry points for a fresh machine: `make demo` (build, load the demo corpus, serve) and
# `make test` (lint, format check, the whole test suite). Both create or reuse .venv.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DATA_DIR ?= data
HOST ?= 127.0.0.1
PORT ?= 8000
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test install web serve clean bench eval

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first, pinned to the CPU build, or sentence-transformers pulls a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install torch==2.13.0
	$(BIN)/pip install -e '.[dev]'
	touch $@

# Browser JavaScript from npm, pinned by package-lock.json, copied into search_api/web/vendor.
search_api/web/vendor/.built: package.json package-lock.json scripts/vendor_js.py | $(BIN)/python
	npm ci --no-audit --no-fund
	$(BIN)/python scripts/vendor_js.py
	touch $@

install: $(VENV)/.installed web
web: search_api/web/vendor/.built

demo: install
	$(BIN)/policykg --data-dir $(DATA_DIR) init
	$(BIN)/policykg --data-dir $(DATA_DIR) ingest corpus/
	$(BIN)/policykg --data-dir $(DATA_DIR) index
	$(BIN)/policykg --data-dir $(DATA_DIR) match --all --scheme strategic --top 6 --format jsonl > /dev/null
	$(BIN)/policykg --data-dir $(DATA_DIR) serve --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/policykg --data-dir $(DATA_DIR) serve --host $(HOST) --port $(PORT)

test: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

eval: install
	$(BIN)/policykg --data-dir $(DATA_DIR) eval matching
	$(BIN)/policykg --data-dir $(DATA_DIR) eval retrieval

bench: install
	$(BIN)/python benchmarks/bench_retrieval.py
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/bench_matching.py
	$(BIN)/python benchmarks/bench_api.py

clean:
	rm -rf $(VENV) $(DATA_DIR) node_modules search_api/web/vendor
