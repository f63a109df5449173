# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# Two workers: the machines have two cores. `make test PYTEST_ARGS=` runs in one process.
PYTEST_ARGS ?= -n 2
AXE_CORE_VERSION := 4.14.1
AXE := var/node/node_modules/axe-core/axe.min.js
# The Nu Html Checker (the W3C validator's engine) checks every public page type (tests/test_valid_html.py; Java 11+).
VNU_JAR_VERSION := 26.9.27
VNU := var/node/node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: run test install install-dev lint format messages browser-deps prod two-instances load-and-fault bench

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# Create the virtualenv, install, migrate, load the demo content into an empty database,
# create the local staff account and serve the site on SQLite.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_content
	$(PY) manage.py create_local_staff
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

# axe-core checks the pages' accessibility in the browser tests; served from this folder, never a CDN.
$(AXE):
	@if command -v npm >/dev/null 2>&1; then \
		npm install --silent --no-audit --no-fund --prefix var/node axe-core@$(AXE_CORE_VERSION); \
	else echo "npm not found: the browser tests' accessibility checks need axe-core (npm install axe-core)"; fi

$(VNU):
	@if command -v npm >/dev/null 2>&1; then \
		npm install --silent --no-audit --no-fund --prefix var/node vnu-jar@$(VNU_JAR_VERSION); \
	else echo "npm not found: the HTML validity test needs vnu-jar (npm install vnu-jar)"; fi

# Install what the tests need and run the whole suite (SQLite unless DATABASE_URL is set).
# The browser tests run when Debian's Chromium is installed (apt-get install chromium), else they are skipped;
# the HTML validity test when Java is (apt-get install default-jre-headless).
test: install-dev $(AXE) $(VNU)
	$(PY) -m pytest $(PYTEST_ARGS)

# Production on this machine: the production settings for every step (so that collectstatic writes the
# manifest the server reads), migrations, hashed and compressed static files, then gunicorn (gunicorn.conf.py:
# 2 workers x 4 threads on BIND, 127.0.0.1:8000 by default). Needs SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL) and CACHE_URL
# (Redis) in the environment; it stops at once, naming the one that is missing.
prod: export DJANGO_SETTINGS_MODULE := unicancer_site.settings.production
prod: install
	$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(VENV)/bin/gunicorn unicancer_site.wsgi --config gunicorn.conf.py

# Two instances on 127.0.0.1:8701 and :8702 sharing PostgreSQL, Redis and media (Ctrl-C stops them).
two-instances: install-dev
	$(PY) ops/two_instances.py

# Load and faults against two instances, at most five minutes, on 127.0.0.1 only; prints its figures.
load-and-fault: install-dev
	$(PY) ops/load_and_fault.py

# The performance benchmark of issue 13 (ops/bench.py): its own databases bench_demo and bench_large (built once,
# then reused; BENCH_ARGS= rebuilds them), gunicorn with the production settings, wrk from Debian. About 15 min.
BENCH_ARGS ?= --reuse
bench: install-dev
	@command -v wrk >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null)
	$(PY) ops/bench.py $(BENCH_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
