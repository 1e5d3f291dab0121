# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORES ?= 4

.PHONY: run test lint report bench accuracy accuracy-check clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) on PATH (or make PYTHON=python3)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/snakemake --workflow-profile workflow/profiles/default --cores $(CORES)

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/snakemake --lint
	$(BIN)/pytest

report: $(STAMP)
	$(BIN)/snakemake --cores $(CORES) --report report.html

bench: $(STAMP)
	$(BIN)/python bench/benchmark.py

accuracy: $(STAMP)
	$(BIN)/python bench/accuracy.py

# What CI runs after the tests when ../shared/papers is there: fails only on a regression
# against bench/accuracy-baseline.json (a paper lost, an exact output no longer exact).
accuracy-check: $(STAMP)
	$(BIN)/python bench/accuracy.py --check --cores $(CORES)

clean:
	rm -rf results logs benchmarks .snakemake report.html
