#!/usr/bin/env bash
# The emulator against s2-lite (`s2 lite`, when the s2 CLI is on PATH or in ~/.cargo/bin): the
# `s2 bench` rows of issue 15 and the unary latency loop, repetitions alternating the servers,
# medians, lite/ours ratios and peak resident memory. Not part of CI.
#
# Usage: bench/vs-lite.sh [--rows 10x8k,50x8k,100x8k,200x8k,20x512,unary] [--reps 3] [--duration 15] ...
#        bench/vs-lite.sh --help      (every option; a quick run: --rows 50x8k,unary --reps 1 --duration 10)
# Builds the jar first (set SKIP_BUILD=1 to use emulator/target/s2lite.jar as it is).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SKIP_BUILD:-0}" != 1 ] && [[ " $* " != *" --help "* && " $* " != *" -h "* ]]; then
  mvn -B -ntp -q -pl emulator -am -DskipTests package
fi
echo "load before: $(uptime)"
python3 bench/vs_lite.py "$@"
echo "load after: $(uptime)"
