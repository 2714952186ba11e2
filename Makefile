# The two commands a newcomer needs: `make demo` and `make test`. Both install what they need first.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo serve test install check-wheel lint

$(BIN)/.installed: pyproject.toml $(wildcard session/locale/*/LC_MESSAGES/messages.po)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/pybabel compile --statistics -d session/locale
	touch $@

install: $(BIN)/.installed

demo: $(BIN)/.installed
	$(BIN)/session demo

serve: $(BIN)/.installed
	$(BIN)/session serve

# axe-core, for the accessibility checks in the browser tests, from the npm registry.
AXE_VERSION = 4.14.1
AXE = tests/e2e/vendor/axe.min.js
$(AXE):
	scripts/install-system-deps
	mkdir -p $(@D)
	cd $(@D) && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null && tar xzf axe-core-$(AXE_VERSION).tgz package/axe.min.js package/LICENSE && mv package/axe.min.js package/LICENSE . && rm -rf package axe-core-$(AXE_VERSION).tgz

# The wheel as a user installs it (a fresh venv, runtime dependencies only): every page and a push.
check-wheel: $(BIN)/.installed
	$(BIN)/python scripts/check-wheel

# The linter, the formatter's check and the type checker (settings in pyproject.toml).
lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: $(BIN)/.installed $(AXE) lint check-wheel
	scripts/install-system-deps
	$(BIN)/python -m pytest
