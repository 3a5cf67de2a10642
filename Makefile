# Reverie: `make run` serves the app on http://127.0.0.1:8000, `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The integration tests run on the local PostgreSQL and Redis (CI=true requires them).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/reverie
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15

.PHONY: install dev run test lint stack worker pipeline benchmarks messages clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Reverie needs Python 3.11 ($(PYTHON) not found; set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[dev]"
	@touch $@

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

var/.ready: $(VENV)/.installed $(wildcard */migrations/*.py) $(wildcard */fixtures/*.json)
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py load_initial_data
	@touch $@

run: var/.ready
	@echo "Reverie is at http://$(HOST):$(PORT)/"
	$(BIN)/uvicorn config.asgi:application --host $(HOST) --port $(PORT) --lifespan off

test: dev
	$(BIN)/ruff check .
	$(BIN)/pytest -m "not integration"
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(BIN)/pytest -m integration

lint: dev
	$(BIN)/ruff check .

# The production topology on this machine: PostgreSQL + Redis, two ASGI server processes
# behind nothing (ports 8000 and 8001), and Celery workers. Ctrl-C stops everything.
STACK_ENV = DEBUG=false SECRET_KEY=$${SECRET_KEY:-local-stack-secret-key-change-me-0123456789abcdefghijklmn} \
	ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false \
	CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0 \
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/reverie} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0}
stack: $(VENV)/.installed
	-createdb -h 127.0.0.1 -U postgres reverie 2>/dev/null
	$(STACK_ENV) $(BIN)/python manage.py migrate --noinput
	$(STACK_ENV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(STACK_ENV) $(BIN)/python manage.py load_initial_data
	@echo "Reverie (stack) is at http://127.0.0.1:8000/ and :8001/"
	$(STACK_ENV) sh -c '\
	  $(BIN)/celery -A config worker --loglevel INFO --concurrency 2 & \
	  $(BIN)/uvicorn config.asgi:application --host 127.0.0.1 --port 8001 --lifespan off & \
	  $(BIN)/uvicorn config.asgi:application --host 127.0.0.1 --port 8000 --lifespan off & \
	  trap "kill 0" INT TERM EXIT; wait'

worker: $(VENV)/.installed
	$(BIN)/celery -A config worker --loglevel INFO

# The Korean catalogs: gather every marked message into locale/ko (new ones come back
# untranslated, changed ones fuzzy: translate them, then run this again), and compile the .mo
# files, which are committed so that `make run` needs no gettext. Needs GNU gettext.
MESSAGES_IGNORE = --ignore=.venv --ignore=var --ignore=tests --ignore=benchmarks --ignore=static/root
messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages -l ko -d django --no-obsolete $(MESSAGES_IGNORE)
	$(BIN)/python manage.py makemessages -l ko -d djangojs --no-obsolete $(MESSAGES_IGNORE)
	$(BIN)/python manage.py compilemessages -l ko --ignore=.venv

# Recompile the Vertex AI pipeline template after editing music/pipelines/compose_pipeline.py.
pipeline: dev
	$(BIN)/python -m music.pipelines.compose_pipeline

benchmarks: dev
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf var .pytest_cache .ruff_cache
