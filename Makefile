# Backend Mentor. Only Python 3.11+ and make are assumed.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev

.PHONY: install run test lint typecheck contracts content-check originality pytest lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"

$(STAMP): $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e .
	$(BIN)/mentor content vectors
	touch $@

$(DEV_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -c constraints.txt -e ".[dev]"
	touch $@

install: $(STAMP)

run: $(STAMP)
	$(BIN)/mentor run

test: $(DEV_STAMP) lint typecheck contracts content-check originality pytest

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy

contracts: $(DEV_STAMP)
	$(BIN)/lint-imports

content-check: $(STAMP)
	$(BIN)/mentor content check

originality:
	@if [ -f ../shared/tools/originality.py ]; then $(BIN)/python ../shared/tools/originality.py; \
	elif [ "$$CI" = "true" ]; then echo "../shared/tools/originality.py is required under CI" >&2; exit 1; \
	else echo "originality: ../shared/tools/originality.py not found, skipped"; fi

pytest: $(DEV_STAMP)
	$(BIN)/pytest

# Re-pin every dependency after changing pyproject.toml (exact versions CI tested).
lock: $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	$(BIN)/pip freeze --exclude-editable | grep -v '^backend-mentor' > constraints.txt

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache
