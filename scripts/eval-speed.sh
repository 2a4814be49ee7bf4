#!/usr/bin/env bash
# `just eval`'s speed figures: builds the profile-guided newsroomctl (scripts/build-pgo.sh),
# checks that it gives the plain release build's output on the dev inputs (a difference fails
# the eval), then times both against Python trafilatura in the same alternating rounds
# (scripts/eval-trafilatura.sh). Without a profile-guided build (no rustup, say), the plain
# release build is timed alone.
# The profile is trained on the dev corpus ($PGO_TRAINING_CORPUS, default ../shared/corpus)
# whatever corpus is measured, so that unseen pages are measured as unseen.
# Usage: scripts/eval-speed.sh [CORPUS_DIR]   (the plain release build must exist)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
corpus="${1:-$root/../shared/corpus}"
training="${PGO_TRAINING_CORPUS:-$root/../shared/corpus}"
plain="$root/target/release/newsroomctl"
binaries=(--binary "release=$plain")
if pgo="$("$root/scripts/build-pgo.sh" "$training")"; then
  python3 "$root/eval/same_output.py" "$corpus" "$plain" "$pgo"
  binaries+=(--binary "pgo=$pgo")
else
  echo "eval-speed: no profile-guided build (see above); timing the plain release build only" >&2
fi
"$root/scripts/eval-trafilatura.sh" "$corpus" "${binaries[@]}" || echo "trafilatura comparison skipped (PyPI unreachable?)"
