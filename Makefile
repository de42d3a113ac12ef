# One-command entry points (see README). Each works on a fresh machine with the Rust toolchain:
# what else they need (the wasm32 target, wasm-bindgen-cli, npm packages, Chromium) they install.

CATALOGS := $(wildcard catalogs/*.yaml)
# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WBG_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/version = "\(.*\)"/\1/p}' Cargo.lock)
ADDR ?= 127.0.0.1:8080
# Faces the native build carries (one build shared by the run, the tests and the server).
FEATURES := serve

.PHONY: run test web wasm node chromium postgres oracle-venv bench bench-peers bench-web bench-numbers bench-quotes schema

# The main job: build everything (engine, WASM package, page) and start `tailor serve` on
# catalogs/, printing the URL.
run: web
	cargo build --release --features $(FEATURES)
	@echo "tailor: open http://$(ADDR)/ (Ctrl-C stops)"
	./target/release/tailor serve --catalogs catalogs --www www/dist --addr $(ADDR)

# Everything CI runs: formatting, the WASM package and page, every test (unit, integration,
# property, conformance, native = WASM, HTTP API, and the page end to end in headless Chromium).
test: web chromium postgres oracle-venv
	cargo fmt --all -- --check
	cargo build --examples --features $(FEATURES)
	@# Examples are built (above), not run: the last summary line is the integration tests'.
	cargo test --lib --bins --tests --features $(FEATURES)

# The WASM package (www/pkg: tailor.js, tailor_bg.wasm, tailor.d.ts) and the page (www/dist).
web: node wasm
	cd www && npm ci --no-audit --no-fund && npm run build

wasm:
	rustup target add wasm32-unknown-unknown
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WBG_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WBG_VERSION)"; \
	  cargo install wasm-bindgen-cli --version =$(WBG_VERSION); fi
	@# The browser build carries no face but its own: no server, CLI or database crate.
	@if cargo tree --target wasm32-unknown-unknown --no-default-features --features wasm -e normal --prefix none \
	  | grep -qE '^(tokio|axum|hyper|clap|tower|utoipa|mimalloc) '; then \
	  echo "error: the wasm32 build depends on a server or CLI crate"; exit 1; fi
	cargo rustc --lib --profile wasm --target wasm32-unknown-unknown --no-default-features --features wasm --crate-type cdylib
	wasm-bindgen --target web --out-dir www/pkg --out-name tailor target/wasm32-unknown-unknown/wasm/tailor.wasm

# Tools outside cargo: Node.js and npm (the page's build, the WASM tests) and Chromium (the
# page's end-to-end tests), from Debian's packages when missing.
node:
	@command -v npm >/dev/null || (apt-get update && apt-get install -y nodejs npm)
chromium:
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)
# The quote store's PostgreSQL tests need a server at 127.0.0.1:5432 (started when missing).
postgres:
	@bash .ci/postgres.sh

# OR-Tools CP-SAT, the independent oracle of the wide-int tests (tests/integration/wide_vs_cpsat.rs)
# and the peer of `make bench-numbers`, in bench/.venv.
PEER_PY := bench/.venv/bin/python
oracle-venv:
	@test -x $(PEER_PY) || python3 -m venv --system-site-packages bench/.venv
	@$(PEER_PY) -c "import ortools" 2>/dev/null || $(PEER_PY) -m pip install --quiet ortools

bench:
	cargo run --release --quiet -- bench load ../shared/data/renault/megane.yaml ../shared/data/renault/medium.yaml $(CATALOGS)
	cargo run --release --quiet -- bench clicks --orders 200 --sequences 5

# Side by side with peer tools (python-sat, clingo, Ganak, flamapy), installed into bench/.venv
# when missing; answers are compared, a disagreement fails. Not part of CI (tens of minutes).
bench-peers:
	test -x $(PEER_PY) || python3 -m venv --system-site-packages bench/.venv
	$(PEER_PY) -c "import pysat, clingo, pyganak, flamapy" 2>/dev/null || $(PEER_PY) -m pip install --quiet python-sat clingo pyganak flamapy
	cargo run --release --quiet -- bench peers $(BENCH_PEERS_ARGS)

# The web face measured (issue 9, BENCHMARKS.md "The web face"): WASM in a Web Worker in headless
# Chromium beside the native binary and python-sat, page load and server throughput through
# `tailor serve`, in one run; prints the tables. Needs the shared data folder (BENCH_DATA) for the
# Renault and DIMACS rows (skipped, and said so, when it is absent). Not part of CI (~10 min).
BENCH_DATA ?= ../shared/data
bench-web: web
	cargo build --release --features $(FEATURES)
	test -x $(PEER_PY) || python3 -m venv --system-site-packages bench/.venv
	$(PEER_PY) -c "import pysat" 2>/dev/null || $(PEER_PY) -m pip install --quiet python-sat
	@command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk) || echo "no wrk: a Node.js client measures throughput"
	@test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)
	node bench/web/run.mjs --data $(BENCH_DATA) --bin target/release/tailor --python $(PEER_PY)

# The quote store under load (BENCHMARKS.md "Quotes under load"): 10,000 quote requests from
# 32 concurrent clients on loopback, on SQLite and on PostgreSQL; throughput, p50/p99, errors,
# lost quotes. Not part of CI (the tests run a short bounded burst).
bench-quotes: postgres
	cargo build --release --features $(FEATURES)
	node bench/quotes/load.mjs --bin target/release/tailor --requests 10000 --clients 32 --postgres postgres://postgres@127.0.0.1:5432

# Wide ints with linear rules per click beside OR-Tools CP-SAT (BENCHMARKS.md "Numbers").
bench-numbers: oracle-venv
	cargo run --release --quiet -- bench numbers

schema:
	cargo run --quiet -- schema > catalogs/catalog.schema.json
