# newswatch: `make demo` runs the main job once over the sample feeds; `make test` runs the tests.
# Both create the virtual environment on first use and honour NEWSWATCH_DATABASE_URL.
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
export NEWSWATCH_DATABASE_URL ?= postgresql://localhost:5432/newswatch

.PHONY: install demo desk test test-fast test-scheduler lint bench model model-check clean

$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[airflow,celery,test]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/python include/demo.py

DESK_PORT ?= 8000
export DESK_PORT
# The desk on the store of NEWSWATCH_DATABASE_URL (the demo's), until Ctrl-C. On 127.0.0.1 without
# sign-in, unless NEWSWATCH_DESK_TOKEN is set (then the token is asked for).
desk: install  ## serve the analyst's desk on http://127.0.0.1:$(DESK_PORT)/
	$(BIN)/newswatch serve --port $(DESK_PORT) $(if $(NEWSWATCH_DESK_TOKEN),,--no-auth)

lint: install  ## ruff, and the layer contracts of pyproject.toml (import-linter)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

test: lint
	$(BIN)/pytest

test-fast: lint  ## unit tests only: no database, no Airflow run, no scheduler
	$(BIN)/pytest tests/unit

test-scheduler: install  ## only the real-scheduler tests (LocalExecutor and Celery; needs Redis)
	$(BIN)/pytest -m scheduler tests/scheduler

$(VENV)/.bench-installed: $(VENV)/.installed pyproject.toml constraints.txt
	$(BIN)/pip install --quiet -c constraints.txt -e ".[bench]"
	touch $@

bench: install $(VENV)/.bench-installed  ## the benchmark table; BENCH_ARGS=--quick for a smoke run
	$(BIN)/python -m bench $(BENCH_ARGS)

# The parser the coder uses (include/newswatch/data/parser), trained here on UD English EWT with a
# seeded, checked-in config: `make model EWT=/path/to/ud-english-ewt` (about 2 h on one core).
MODEL_VENV ?= .venv-model
EWT ?= ../shared/data/ud-english-ewt

$(MODEL_VENV)/.installed: include/model/parser/requirements.txt constraints.txt
	$(PYTHON) -m venv $(MODEL_VENV)
	$(MODEL_VENV)/bin/pip install --quiet --upgrade pip
	$(MODEL_VENV)/bin/pip install --quiet -c constraints.txt -r include/model/parser/requirements.txt
	touch $@

model: $(MODEL_VENV)/.installed  ## retrain and package the parser; MODEL_ARGS=--quick for a smoke run
	$(MODEL_VENV)/bin/python include/model/parser/train.py --treebank $(EWT) $(MODEL_ARGS)

model-check: $(MODEL_VENV)/.installed  ## load the shipped parser with spaCy alone and time it
	$(MODEL_VENV)/bin/python include/model/parser/check_model.py

clean:
	rm -rf .airflow-demo .airflow-test .airflow .pytest_cache
