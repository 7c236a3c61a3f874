#!/usr/bin/env bash
# Append throughput and ack latency (1 KiB records, batches of 100, one pipelined S2S session):
# the emulator in memory and with --local-root, then s2-lite with --local-root when the s2 CLI is
# installed (~/.cargo/bin/s2 or on PATH): our client against it, and `s2 bench` as a second opinion.
#
# Usage: bench/append.sh [SECONDS, default 30]   (from the repository root; builds what it needs)
# Every server runs on a free loopback port and a fresh temporary directory, and is stopped after.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
mvn -B -ntp -q -DskipTests package
mvn -B -ntp -q -pl emulator test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
cp="emulator/target/test-classes:emulator/target/classes:$(cat emulator/target/cp.txt)"
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
await_port() {
  for _ in $(seq 1 600); do
    if curl -sf "http://127.0.0.1:$1/health" >/dev/null 2>&1 || curl -s -o /dev/null "http://127.0.0.1:$1/v1/basins" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "server on port $1 did not start" >&2; return 1
}
# A 15 s warm-up first: the JIT needs it on a busy 2-core machine (s2 lite is native code).
run_client() { java -cp "$cp" dev.s2lite.emulator.session.AppendBench "http://127.0.0.1:$1" "$seconds" 15; }
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }

port=$(free_port)
java -jar emulator/target/s2lite.jar --host 127.0.0.1 --port "$port" >"$work/memory.log" 2>&1 & pid=$!
await_port "$port"; echo "== s2lite (memory)"; run_client "$port"; stop

port=$(free_port)
java -jar emulator/target/s2lite.jar --host 127.0.0.1 --port "$port" --local-root "$work/h2" >"$work/h2.log" 2>&1 & pid=$!
await_port "$port"; echo "== s2lite --local-root"; run_client "$port"; stop

s2="$(command -v s2 || true)"; [ -z "$s2" ] && [ -x "$HOME/.cargo/bin/s2" ] && s2="$HOME/.cargo/bin/s2"
if [ -n "$s2" ]; then
  port=$(free_port)
  "$s2" lite --port "$port" --local-root "$work/lite" >"$work/lite.log" 2>&1 & pid=$!
  await_port "$port"; echo "== s2 lite --local-root ($("$s2" --version))"; run_client "$port"
  echo "== s2 bench against s2 lite --local-root"
  curl -s -X POST "http://127.0.0.1:$port/v1/basins" -H 'content-type: application/json' \
    -d '{"basin": "s2-bench-basin", "config": {"create_stream_on_append": true}}' >/dev/null
  S2_ACCOUNT_ENDPOINT="http://127.0.0.1:$port" S2_BASIN_ENDPOINT="http://127.0.0.1:$port" S2_ACCESS_TOKEN=ignored \
    "$s2" bench s2-bench-basin -t "${S2_BENCH_MIBPS:-50}" -d "${seconds}s" -b 1024 -w 1s || echo "(s2 bench failed)"
  stop
else
  echo "== s2 lite: not installed (cargo install --locked s2-cli), skipped"
fi
