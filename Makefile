# One-command entry points (see README). Each works on a fresh machine with the Rust toolchain.

CATALOGS := $(wildcard catalogs/*.yaml)

.PHONY: run test bench schema

# The main job: check every example catalog and show how its rules tie features together.
run:
	cargo run --release --quiet -- check $(CATALOGS)
	cargo run --release --quiet -- graph catalogs/home-connect.yaml --groups

# Everything CI runs.
test:
	cargo fmt --all -- --check
	cargo test --all-targets

bench:
	cargo run --release --quiet -- bench load ../shared/data/renault/megane.yaml ../shared/data/renault/medium.yaml $(CATALOGS)

schema:
	cargo run --quiet -- schema > catalogs/catalog.schema.json
