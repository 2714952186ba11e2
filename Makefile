# The two commands a newcomer needs: `make demo` and `make test`. Both install what they need first.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo serve test install

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

test: $(BIN)/.installed
	$(BIN)/python -m pytest
