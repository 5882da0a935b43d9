# Training Portal — the two commands of the README, and the pieces they are made of.
#   make run    install everything, migrate SQLite, load the demo data, serve on http://127.0.0.1:8000
#   make test   the whole suite on SQLite, then on PostgreSQL

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# System packages the app needs: fonts and text shaping for PDF letters (WeasyPrint); the browser tests' Chromium.
SYSTEM_PACKAGES := fonts-liberation2 libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0 chromium chromium-driver
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/training_portal

.PHONY: run test test-sqlite test-postgres install bench-deps browser-deps system-deps postgres-up lint check-deploy messages serve demo clean

run: install system-deps
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (staff console: http://$(HOST):$(PORT)/admin/) — Ctrl+C to stop."
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

test: install system-deps browser-deps test-sqlite test-postgres

test-sqlite: install
	@echo "== Test suite on SQLite =="
	env -u DATABASE_URL $(PY) -m pytest

test-postgres: install postgres-up
	@echo "== Test suite on PostgreSQL ($(TEST_DATABASE_URL)) =="
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) -m pytest

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] >= (3, 11) else "Python 3.11 or newer is needed (set PYTHON=...)")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# What only the benches need (django-import-export, the Excel bench's baseline), on top of requirements.txt.
bench-deps: install
	$(PIP) install --quiet --disable-pip-version-check -r bench/requirements.txt

# axe-core, which the browser tests inject to check WCAG 2.1 AA (tests/browser/package.json, locked); without npm
# those checks are skipped and say why.
browser-deps:
	@if [ -f tests/browser/node_modules/axe-core/axe.min.js ]; then exit 0; fi; \
	if command -v npm >/dev/null 2>&1; then npm ci --prefix tests/browser --no-audit --no-fund; \
	else echo "npm is not installed: the browser tests will skip their accessibility checks (axe-core)."; fi

# Installs the missing system packages with apt-get when run as root; otherwise says what to run.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
		echo "Please install with your package manager:$$missing (Liberation fonts 2, HarfBuzz subset, Pango, Chromium and its driver)"; exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "Installing system packages:$$missing"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null 2>&1 || \
		{ apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; }; \
	else \
		echo "Missing system packages:$$missing"; \
		echo "Run: sudo apt-get install -y$$missing   (then run make again)"; exit 1; \
	fi

# Starts the local PostgreSQL cluster when it is installed but down.
postgres-up:
	@if $(PY) -c 'import psycopg2,sys,os; psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres", connect_timeout=3).close()' 2>/dev/null; then exit 0; fi; \
	if command -v pg_lsclusters >/dev/null 2>&1; then \
		for v in $$(pg_lsclusters -h | awk '$$4 != "online" {print $$1 "/" $$2}'); do \
			echo "Starting PostgreSQL cluster $$v"; \
			pg_ctlcluster --skip-systemctl-redirect $${v%/*} $${v#*/} start || pg_ctlcluster $${v%/*} $${v#*/} start; \
		done; \
	fi; \
	for i in 1 2 3 4 5 6 7 8 9 10; do \
		$(PY) -c 'import psycopg2; psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres", connect_timeout=3).close()' 2>/dev/null && exit 0; sleep 1; \
	done; \
	echo "PostgreSQL is not reachable on 127.0.0.1:5432 (user postgres). Install and start it, or set TEST_DATABASE_URL."; exit 1

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run

# Production settings must pass Django's deployment checklist with no warning.
check-deploy: install
	DEBUG=0 SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-enough-value-for-the-checklist-0123456789 \
		ALLOWED_HOSTS=training.example.gov.vn $(PY) manage.py check --deploy --fail-level WARNING

# Re-extract the Vietnamese catalogue after changing strings, then compile it (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages -l vi --no-obsolete --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages -l vi --ignore=.venv

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .grimp_cache .import_linter_cache tests/browser/node_modules
