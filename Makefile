# One-command entry points (see README). Each works on a fresh machine with the Rust toolchain.

CATALOGS := $(wildcard catalogs/*.yaml)

.PHONY: run test bench bench-peers schema

# The main job: check the example catalogs, then configure one from the command line.
run:
	cargo run --release --quiet -- check --no-analysis $(CATALOGS)
	cargo run --release --quiet -- configure catalogs/home-connect.yaml --select tv.package=cinema
	cargo run --release --quiet -- explain catalogs/home-connect.yaml --select tv.package=cinema --why internet.speed=s100

# Everything CI runs: formatting, every test, and the engine built for the browser (WASM).
test:
	cargo fmt --all -- --check
	rustup target add wasm32-unknown-unknown
	cargo build --lib --target wasm32-unknown-unknown
	cargo test --all-targets

bench:
	cargo run --release --quiet -- bench load ../shared/data/renault/megane.yaml ../shared/data/renault/medium.yaml $(CATALOGS)
	cargo run --release --quiet -- bench clicks --orders 200 --sequences 5

# Side by side with peer tools (python-sat, clingo, Ganak, flamapy), installed into bench/.venv
# when missing; answers are compared, a disagreement fails. Not part of CI (tens of minutes).
PEER_PY := bench/.venv/bin/python
bench-peers:
	test -x $(PEER_PY) || python3 -m venv --system-site-packages bench/.venv
	$(PEER_PY) -c "import pysat, clingo, pyganak, flamapy" 2>/dev/null || $(PEER_PY) -m pip install --quiet python-sat clingo pyganak flamapy
	cargo run --release --quiet -- bench peers $(BENCH_PEERS_ARGS)

schema:
	cargo run --quiet -- schema > catalogs/catalog.schema.json
