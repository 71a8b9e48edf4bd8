# mockloop: `make run` starts the app with demo data; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SANDBOX_SITE := .sandbox/site
DEV_ENV := DEBUG=1

.PHONY: install sandbox run test test-fast lint format bench assets clean

$(VENV)/.installed: pyproject.toml
	@test -n "$(PYTHON)" || (echo "Python 3.11 is needed (python3.11 or python3 on PATH)"; exit 1)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	$(BIN)/python -m scoring.feedback.prepare_model
	touch $@

install: $(VENV)/.installed

# numpy, and nothing else, for candidate code inside the sandbox (never the app's virtualenv).
$(SANDBOX_SITE)/.built: $(VENV)/.installed
	$(BIN)/python -m scoring.judge.build_sandbox_site $(SANDBOX_SITE)
	touch $@

sandbox: $(SANDBOX_SITE)/.built

run: install sandbox
	$(DEV_ENV) $(BIN)/python manage.py migrate --verbosity 0
	$(DEV_ENV) $(BIN)/python manage.py load_demo
	@# exec: make itself is the parent devstack watches, so any signal to make stops the whole stack
	$(DEV_ENV) exec $(BIN)/python -m config.devstack

test: install sandbox
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: install sandbox
	$(BIN)/pytest -m "not browser and not worker" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEV_ENV) $(BIN)/mypy .
	$(DEV_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install sandbox
	$(BIN)/python bench/run_all.py

assets:
	npm --prefix static/src ci && npm --prefix static/src run build

clean:
	rm -rf var/test .pytest_cache
