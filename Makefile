# Casework: the project's verbs. `make run` to start, `make test` to check everything.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.install-stamp
# Local development runs with DEBUG on; tests run like production, but without HTTPS
# redirects and with static files read from the app folders.
DEV_ENV := DEBUG=1
# Production refuses a short or published key, so each test run draws its own keys.
TEST_ENV := DEBUG=0 SECRET_KEY=$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))') \
	FIELD_ENCRYPTION_KEY=$$($(PYTHON) -c 'import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())') \
	SECURE_SSL_REDIRECT=0 STATIC_MANIFEST=0

.PHONY: install run migrate load superuser test lint format check bench load-test clean messages backup restore

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput

# Same rows, same keys, history started once: loading twice changes nothing.
load: migrate
	$(DEV_ENV) $(BIN)/python manage.py load_article

run: load
	@echo ""
	@echo "  Casework:      http://127.0.0.1:8000/"
	@echo "  Editors' admin: http://127.0.0.1:8000/admin/  (create an account: make superuser)"
	@echo ""
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

superuser: migrate
	$(DEV_ENV) $(BIN)/python manage.py createsuperuser

# Encrypted backups (casework/backups.py), run with the environment of the site they back up
# (BACKUP_ENCRYPTION_KEY among it): `make backup [DIR=backups]`, `make restore FILE=...`
# into a new, empty database.
backup: install
	$(BIN)/python manage.py backup_database $(or $(DIR),backups)

restore: install
	@test -n "$(FILE)" || { echo "make restore FILE=backups/casework-....backup"; exit 2; }
	$(BIN)/python manage.py restore_database "$(FILE)"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/python manage.py check

test: lint check
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

# Benchmarks never gate `make test`. The default one generates BENCH_PERSONS synthetic
# persons into a database of its own (test_<name of BENCH_DATABASE_URL>, created and
# dropped by pytest-django) and prints every answer beside the floor; BENCH picks
# another file (tests/benchmarks/test_api_bench.py: the API on a few thousand records).
BENCH ?= tests/benchmarks/test_scale_bench.py
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/casework_bench
BENCH_PERSONS ?= 100000
# --reuse-db keeps the benchmark database and its records for the next run.
BENCH_DB_FLAGS ?= --create-db
# One key for every run: a database kept with --reuse-db holds restricted fields encrypted
# with it (synthetic text), which the admin's change page decrypts.
BENCH_FIELD_ENCRYPTION_KEY ?= YmVuY2htYXJrLW9ubHktc3ludGhldGljLWRhdGEtMDA=
bench: install
	$(TEST_ENV) FIELD_ENCRYPTION_KEY=$(BENCH_FIELD_ENCRYPTION_KEY) DATABASE_URL=$(BENCH_DATABASE_URL) BENCH_PERSONS=$(BENCH_PERSONS) $(BIN)/pytest $(BENCH) -p no:cacheprovider -s $(BENCH_DB_FLAGS) $(PYTEST_ARGS)

# Under load (never part of `make test`): gunicorn with deploy/gunicorn.conf.py on a PostgreSQL
# database of LOAD_PERSONS synthetic persons (written on the first run, then reused), and
# locust's mix of pages and API calls, LOAD_USERS users for LOAD_SECONDS, headless. The
# variables are in tests/load/run.sh; the figures are in docs/performance.md.
load-test: install
	bash tests/load/run.sh

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache

# Interface translations: refresh the Russian catalogue from the code, then compile it.
# Needs GNU gettext (apt-get install gettext); the compiled .mo is committed.
messages: install
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l ru --no-location --no-wrap --ignore=.venv --ignore=tests --ignore=api --ignore='templates/admin/*' --ignore=staticfiles --ignore=docs
	$(DEV_ENV) $(BIN)/python manage.py compilemessages -l ru --ignore=.venv
