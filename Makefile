# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1:8000
PYTEST_ARGS ?=

.PHONY: run test install install-dev lint format messages demo serve clean bench

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: install, migrate, load the demo district and serve it on http://127.0.0.1:8000/
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver $(HOST)

## test: lint, then the whole suite (DATABASE_URL picks the database; SQLite by default)
test: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## messages: refresh the Chinese catalogue after changing user-facing strings (needs GNU gettext).
## Translations in locale/fragments/*.po are merged in; the result is committed, .mo included.
messages: install
	@tmp=$$(mktemp -d); po=locale/zh_Hans/LC_MESSAGES/django.po; \
	$(PY) manage.py makemessages -l zh_Hans --no-location --no-obsolete \
	  -i '.venv/*' -i 'tests/*' -i 'staticfiles/*' -i 'media/*' && \
	cp $$po $$tmp/ref.pot && \
	msgcat --use-first $$(ls locale/fragments/*.po 2>/dev/null) $$po -o $$tmp/all.po && \
	msgmerge -q --no-fuzzy-matching --no-location $$tmp/all.po $$tmp/ref.pot -o $$po && \
	$(PY) manage.py compilemessages -l zh_Hans -i '.venv' -i 'media' && \
	rm -rf $$tmp; \
	echo "untranslated: $$(msgattrib --untranslated --no-obsolete $$po | grep -c '^msgid' || true)"

## bench: the benchmark harness on PostgreSQL (benchmarks/README.md): generated data, pages
## under gunicorn + wrk, the report, submissions and the import, each against its ceiling.
## SCALE=10000 for a quick run; SCALES="10000 1000000" for both in one table. The database
## named in DATABASE_URL (default BENCH_DATABASE_URL) is created for the run and dropped.
SCALE ?= 1000000
SCALES ?= $(SCALE)
SEED ?= 2016
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/zwgk_bench
BENCH_ARGS ?=
bench: install-dev
	@command -v wrk >/dev/null 2>&1 || { SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq wrk; }
	DATABASE_URL=$${DATABASE_URL:-$(BENCH_DATABASE_URL)} $(PY) benchmarks/harness.py \
	  --scales $(SCALES) --seed $(SEED) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache .ruff_cache
