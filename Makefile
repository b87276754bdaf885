# `make run` and `make test` set everything up on a fresh machine (Python 3.11+ and make), then act.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The sample as a reader copies it from the page; the ingest turns it into the article.
SAMPLE := demo/etoday-x-townhall.txt
TOKEN_FILE ?= data/publisher-token

.PHONY: run test install clean bench

# Re-installed only when pyproject.toml changes, so a second run starts in seconds.
$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "a11y needs Python 3.11 or newer")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

# A demo publisher token is generated once, kept out of git (data/ is ignored), and printed.
run: $(STAMP)
	@mkdir -p $(dir $(TOKEN_FILE))
	@test -s $(TOKEN_FILE) || $(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(24))' > $(TOKEN_FILE)
	@chmod 600 $(TOKEN_FILE)
	@echo "publisher token (Authorization: Bearer …): $$(cat $(TOKEN_FILE))"
	A11Y_HOST=$(HOST) A11Y_PORT=$(PORT) $(BIN)/a11y ingest $(SAMPLE)
	A11Y_PUBLISHER_TOKEN_FILE=$(TOKEN_FILE) $(BIN)/a11y serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# The five benchmarks of docs/benchmarks.md, one after another (about twenty-five minutes; needs
# nginx and wrk: apt-get install nginx-light wrk). Each starts its servers on loopback and stops them.
bench: $(STAMP)
	for script in flood listeners stampede first_audio pages; do $(BIN)/python bench/$$script.py || exit 1; done

clean:
	rm -rf $(VENV) data
