# Two commands for a newcomer: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint bench screenshots demo clean cluster cluster-stop

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

run: $(VENV)/.installed
	$(PY) -m alignment.bootstrap
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.headless true

test: $(VENV)/.installed-test
	$(PY) -m ruff check .
	$(PY) -m pytest

lint: $(VENV)/.installed-test
	$(PY) -m ruff check .

# the browser tests again, this time keeping their screenshots as the README's pictures
screenshots: $(VENV)/.installed-test
	ALIGNMENT_SCREENSHOTS=docs/screenshots $(PY) -m pytest tests/browser

# generates a million-experiment organisation in data/bench/ (git-ignored), then prints
# every benchmark against its floor in one table; twelve to fifteen minutes on 2 cores, PostgreSQL and replicas included
bench: $(VENV)/.installed-test
	$(PY) -m benchmarks

# PostgreSQL, three replicas and HAProxy on this machine, the way an organisation runs it
# (README, "Running it for a whole organisation"); Ctrl-C stops them all
cluster: $(VENV)/.installed
	$(PY) -m deploy.cluster

# stops what a `make cluster` left running (its terminal closed, the process killed)
cluster-stop: $(VENV)/.installed
	$(PY) -m deploy.cluster stop

demo: $(VENV)/.installed
	$(PY) -m alignment.demo

clean:
	rm -rf $(VENV) data/alignment.duckdb data/alignment.duckdb.wal
