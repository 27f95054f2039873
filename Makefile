# Newsdesk: `make run` serves the demo on http://127.0.0.1:8000; `make test` runs every test.
# Needs only Python >= 3.12 and make (and Debian's chromium for the browser tests, which
# `make test` installs when it runs as root with apt-get; otherwise it says how).

PYTHON ?= $(shell for p in python3.13 python3.12 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --quiet --disable-pip-version-check
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast serve demo bench-inputs lint format lock test-tools stack bench load fuzz-api messages clean

CATALOGUES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

run: $(VENV)/.installed $(CATALOGUES) demo serve

demo: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo

serve:
	@echo "Newsdesk: http://$(HOST):$(PORT)/  (editors: http://$(HOST):$(PORT)/admin/ — create a login with '$(BIN)/python manage.py createsuperuser')"
	@# The background worker sends the desk's e-mail alerts (printed here unless EMAIL_HOST is set).
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed-dev $(CATALOGUES) test-tools
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The quick loop while working: no browser, no stack, no long property runs (CI runs them all).
test-fast: $(VENV)/.installed-dev $(CATALOGUES)
	$(BIN)/python -m pytest -m "not slow and not browser and not stack" $(PYTEST_ARGS)

# The production topology from local processes: nginx (front proxy) → Varnish (edge cache,
# purged by key) → two gunicorn processes → PostgreSQL and Redis. See deploy/stack.py.
stack: $(VENV)/.installed test-tools
	$(BIN)/python deploy/stack.py --demo

# Page timings at 1,000 and 100,000 events (in-process), and the load harness (wrk against
# gunicorn with the production settings). Both print figures; neither is a test.
bench: $(VENV)/.installed
	$(BIN)/python bench/run.py

# Pathological inputs (no spaces, deep nesting, thousands of quotes, 600 governments) at two
# sizes: how their cost grows.
bench-inputs: $(VENV)/.installed
	$(BIN)/python bench/pathological.py

load: $(VENV)/.installed test-tools
	$(BIN)/python bench/load.py

# Every API operation fuzzed from the OpenAPI document, against gunicorn (CI runs it).
fuzz-api: $(VENV)/.installed-dev
	$(BIN)/python deploy/fuzz_api.py

# Translations: compiled from the committed .po files (pure Python, no gettext needed)…
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po | $(VENV)/.installed
	$(BIN)/python manage.py compile_catalogues

# …and, after changing user-facing strings, gathered again (needs GNU gettext's xgettext);
# then translate the new entries in locale/fr/LC_MESSAGES/django.po (the tests insist).
messages: $(VENV)/.installed
	$(BIN)/python manage.py makemessages --all --no-location $(MESSAGES_IGNORE)

MESSAGES_IGNORE := --ignore=.venv --ignore=bench --ignore=deploy --ignore=tests \
	--ignore=staticfiles --ignore=datasets --ignore=build

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

$(VENV)/bin/python:
	@test -n "$(PYTHON)" || { echo "Newsdesk needs Python 3.12 or newer: install it, or run make PYTHON=/path/to/python3.12"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

# Installs exactly the versions in the lock files (with their hashes), then the project itself.
$(VENV)/.installed: pyproject.toml requirements/base.txt | $(VENV)/bin/python
	$(PIP) install --require-hashes -r requirements/base.txt
	$(PIP) install --no-deps -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml requirements/dev.txt | $(VENV)/bin/python
	$(PIP) install --require-hashes -r requirements/dev.txt
	$(PIP) install --no-deps -e .
	@touch $(VENV)/.installed $@

# After changing dependencies in pyproject.toml: pin them again (uv, from the dev extra).
lock: $(VENV)/.installed-dev
	$(BIN)/uv pip compile pyproject.toml --universal --python-version 3.12 --generate-hashes \
	  --no-header --quiet -o requirements/base.txt
	$(BIN)/uv pip compile pyproject.toml --extra dev --universal --python-version 3.12 \
	  --generate-hashes --no-header --quiet -o requirements/dev.txt

# Browser tests drive Debian's chromium (never a downloaded browser); the stack test and the
# load harness need Debian's nginx, varnish (with varnish-modules, for xkey) and wrk; the
# catalogue test, gettext's xgettext. Installed with apt-get when run as root.
TEST_TOOLS := chromium nginx:nginx-light wrk xgettext:gettext varnishd:varnish \
	/usr/lib/*/varnish/vmods/libvmod_xkey.so:varnish-modules
test-tools:
	@missing=""; for tool in $(TEST_TOOLS); do \
	  case $${tool%%:*} in /*) ls $${tool%%:*} ;; *) command -v $${tool%%:*} ;; esac \
	    >/dev/null 2>&1 || missing="$$missing $${tool#*:}"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's$$missing for the browser, stack and load tests…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq$$missing >/dev/null; \
	  else \
	    echo "*** Missing:$$missing — the tests that need them will be SKIPPED. Install: sudo apt-get install$$missing"; \
	  fi; fi

clean:
	rm -rf $(VENV) staticfiles db.sqlite3 *.egg-info locale/*/LC_MESSAGES/*.mo
