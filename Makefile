# WeHo Kiosk — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
LANGS := es ru fa

.PHONY: run test bench catalogs compile-catalogs screenshots system-deps clean

run: system-deps $(VENV)/.installed compile-catalogs
	$(VENV)/bin/kiosk run

test: $(VENV)/.installed compile-catalogs
	$(PY) -m pytest -q -p no:cacheprovider

bench: $(VENV)/.installed compile-catalogs
	@for f in bench/bench_*.py; do echo "== $$f"; $(PY) $$f || exit 1; done

system-deps:
	@PYTHON=$(PYTHON) packaging/install-system-deps.sh

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	@touch $@

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
	rm -rf $(VENV) translations/*/LC_MESSAGES/*.mo .pytest_cache
