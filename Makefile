# The two commands a user needs are `make demo` and `make test`; both set up .venv on first use.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip --disable-pip-version-check --quiet
# The first `make demo` installs for about a minute or two: pip's own lines (Collecting …,
# Installing …) show it is moving; progress bars only on a terminal (not in CI logs).
PIP_SHOW := $(PY) -m pip --disable-pip-version-check
PROGRESS := --progress-bar $(if $(CI),off,on)
# Snapshot tests are faster and steadier without animations; Textual reads this before pytest imports it.
export TEXTUAL_ANIMATIONS := none

.PHONY: demo test lint typecheck unit bench screenshots clean

$(VENV)/.created:
	@echo "[1/3] creating the virtual environment $(VENV) (first run only) ..."
	$(PYTHON) -m venv $(VENV)
	@echo "[2/3] upgrading pip ..."
	$(PIP) install --upgrade pip
	touch $@

$(VENV)/.demo: $(VENV)/.created pyproject.toml
	@echo "[3/3] installing sagemaker-tui with the demo's dependencies (first run: a minute or two) ..."
	$(PIP_SHOW) install $(PROGRESS) -e ".[demo]"
	@echo "installed; starting the demo"
	touch $@

$(VENV)/.test: $(VENV)/.created pyproject.toml
	@echo "[3/3] installing sagemaker-tui with the demo and test dependencies ..."
	$(PIP) install -e ".[demo,test]"
	touch $@

demo: $(VENV)/.demo
	$(VENV)/bin/sagemaker-tui --demo $(ARGS)

lint: $(VENV)/.test
	$(VENV)/bin/ruff check tui tests benchmarks screenshots
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# Parallel on every core (pytest-xdist), then the timing-sensitive tests alone (marker `serial`).
unit: $(VENV)/.test
	$(PY) -m pytest -n auto -m "not serial" $(PYTEST_ARGS)
	$(PY) -m pytest -m serial $(PYTEST_ARGS)

test: lint unit

bench: $(VENV)/.test
	$(PY) -m benchmarks $(ARGS)

screenshots: $(VENV)/.test
	$(PY) screenshots/generate.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
