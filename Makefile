# WeHo Kiosk — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Catalog languages come from the language registry (kiosk/languages.py + translations/*/language.toml).
LANGS = $(shell $(PY) -m kiosk.languages translations)

.PHONY: run test test-latest lock bench catalogs compile-catalogs screenshots system-deps clean

run: system-deps $(VENV)/.installed compile-catalogs
	$(VENV)/bin/kiosk run

# The suite runs on every core (pytest-xdist): tests spread one by one, except a file whose
# tests share a module-scoped fixture (tests/conftest.py keeps those together).
TEST_WORKERS ?= auto
test: $(VENV)/.installed compile-catalogs
	$(PY) -m pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --dist loadgroup

bench: $(VENV)/.installed compile-catalogs
	@for f in bench/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

system-deps:
	@PYTHON=$(PYTHON) packaging/install-system-deps.sh

# Installs exactly what the lock files pin, hash-checked (README: "Locked dependencies").
$(VENV)/.installed: requirements-tools.txt requirements-dev.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes -r requirements-tools.txt
	$(PY) -m pip install -q --require-hashes -r requirements-dev.txt
	$(PY) -m pip install -q --no-deps --no-build-isolation -e .
	@touch $@

# Refresh the locks from pyproject's ranges (the kiosk's first; the dev lock is constrained to it).
LOCK := $(VENV)/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: $(VENV)/.installed
	$(LOCK) -o requirements-tools.txt requirements-tools.in
	$(LOCK) -o requirements.txt pyproject.toml
	$(LOCK) --all-build-deps --extra test -c requirements.txt -o requirements-dev.txt pyproject.toml
	$(VENV)/bin/pip lock -q --no-deps -r requirements-dev.txt -o pylock.toml

# The newest versions pyproject allows, in a venv of their own, against the core tests: shows
# drift (a new Babel, SQLAlchemy, …) before `make lock` takes it in. Not part of `make test`.
test-latest:
	@test -x .venv-latest/bin/python || $(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install -q --upgrade pip
	.venv-latest/bin/python -m pip install -q --upgrade --upgrade-strategy eager -e '.[test]'
	.venv-latest/bin/pip list --format=freeze | grep -i -E '^(pyside6|babel|sqlalchemy|requests|qasync)='
	QT_QPA_PLATFORM=offscreen .venv-latest/bin/python -m pytest -q -p no:cacheprovider tests/core

# Extract every message (Python and lesson files) → merge into each language → compile.
catalogs: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ --sort-by-file --project "WeHo Kiosk" \
		--copyright-holder "City of West Hollywood" --msgid-bugs-address "" \
		-c "Translators:" -o translations/kiosk.pot .
	@for l in $(LANGS); do \
		if [ -f translations/$$l/LC_MESSAGES/kiosk.po ]; then \
			$(VENV)/bin/pybabel update -D kiosk -d translations -l $$l -i translations/kiosk.pot --no-fuzzy-matching; \
		else \
			$(VENV)/bin/pybabel init -D kiosk -d translations -l $$l -i translations/kiosk.pot; \
		fi; done
	$(MAKE) compile-catalogs

# .mo files are build products (never committed); the kiosk also compiles a .po in memory if needed.
compile-catalogs: $(VENV)/.installed
	@$(VENV)/bin/pybabel compile -D kiosk -d translations --statistics 2>&1 | grep -v '^compiling' || true

screenshots: $(VENV)/.installed compile-catalogs
	$(PY) -m ui.gallery docs/screenshots

clean:
	rm -rf $(VENV) .venv-latest translations/*/LC_MESSAGES/*.mo .pytest_cache
