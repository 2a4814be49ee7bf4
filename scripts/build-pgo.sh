#!/usr/bin/env bash
# Profile-guided (PGO) release build of newsroomctl, for `just eval` and `just pgo`:
#   1. an instrumented release build (-Cprofile-generate) in target/pgo/generate;
#   2. a training run of it over the dev corpus (eval/pgo_train.py);
#   3. llvm-profdata from rustup's llvm-tools (it matches rustc's LLVM; a system
#      llvm-profdata of another version cannot read the profiles) merges the counts;
#   4. the optimised release build (-Cprofile-use) in target/pgo/use.
# Same sources, Cargo.lock and release profile as the plain build, so the same output byte for
# byte (`just eval` checks it); only inlining, code layout and branch order follow the
# measured heat. The profile is named by a hash of the instrumented binary and the training
# options, so an unchanged tree reuses it and cargo does not rebuild.
# Prints the optimised binary's path on stdout; progress goes to stderr.
# Usage: scripts/build-pgo.sh [CORPUS_DIR] [--pages all|even|odd]
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="$root/../shared/corpus"
pages=all
while [ $# -gt 0 ]; do
  case "$1" in
    --pages) pages="${2:?--pages needs all, even or odd}"; shift 2 ;;
    *) corpus="$1"; shift ;;
  esac
done
if ! resolved="$(cd "$corpus" 2>/dev/null && pwd)"; then
  echo "build-pgo: no training corpus at $corpus (the dev sets, ../shared/corpus by default)" >&2
  exit 1
fi
corpus="$resolved"
host="$(rustc -vV | sed -n 's/^host: //p')"
profdata="$(rustc --print sysroot)/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
  echo "build-pgo: installing rustup's llvm-tools (for llvm-profdata)" >&2
  rustup component add llvm-tools >&2
fi
pgo="$root/target/pgo"
mkdir -p "$pgo"

# --target keeps RUSTFLAGS off build scripts and proc macros: only the shipped code is
# instrumented, and the two builds keep separate target directories so neither undoes the other.
echo "build-pgo: instrumented build" >&2
RUSTFLAGS="-Cprofile-generate=$pgo/profiles" CARGO_TARGET_DIR="$pgo/generate" \
  cargo build --release --locked -p newsroomctl --target "$host" >&2
instrumented="$pgo/generate/$host/release/newsroomctl"

key="$( (sha256sum < "$instrumented"; echo "$corpus $pages") | sha256sum | cut -c1-16)"
profile="$pgo/newsroomctl-$key.profdata"
if [ -s "$profile" ]; then
  echo "build-pgo: reusing $profile" >&2
else
  rm -rf "$pgo/profiles" "$pgo"/newsroomctl-*.profdata
  mkdir -p "$pgo/profiles"
  NEWSROOMCTL="$instrumented" python3 "$root/eval/pgo_train.py" "$corpus" --pages "$pages" >&2
  "$profdata" merge -o "$profile.partial" "$pgo/profiles" >&2
  mv "$profile.partial" "$profile"
fi

echo "build-pgo: optimised build with $profile" >&2
RUSTFLAGS="-Cprofile-use=$profile" CARGO_TARGET_DIR="$pgo/use" \
  cargo build --release --locked -p newsroomctl --target "$host" >&2
echo "$pgo/use/$host/release/newsroomctl"
