#!/usr/bin/env bash
# `just langid-model`: rebuild services/enrichment/pipeline/data/langid/ngrams.bin from the
# lingua-<language>-language-model crates (crates.io, Apache-2.0), byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
# Fetch lingua 1.8.0 and its model crates into the cargo registry.
cargo new -q --vcs none "$scratch/fetch"
(cd "$scratch/fetch" && cargo add -q lingua@1.8.0 && cargo fetch -q)
registry=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/index.crates.io-*/ | head -n 1)
cd services/enrichment/pipeline/data/langid/builder
CARGO_TARGET_DIR="$scratch/target" cargo run -q --release -- "$registry" ../ngrams.bin
sha256sum ../ngrams.bin
