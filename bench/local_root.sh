#!/usr/bin/env bash
# --local-root at scale. 1) A server with -Xmx512m takes FILL_MIB (default 4096) of 1 KiB records
# while a live follower reads along, then serves it all back from the start (FillBench: every byte
# checked). 2) Restart time with RESTART_MIB (default 1024) stored: launch to the first 200 on
# /health and to the stream's tail, after kill -9 and after a clean stop.
#
# Usage: bench/local_root.sh [FILL_MIB] [RESTART_MIB]   (from the repository root; builds what it needs)
# Needs FILL_MIB + RESTART_MIB of free disk under $TMPDIR; servers run on loopback and are stopped after.
set -euo pipefail
cd "$(dirname "$0")/.."
fill="${1:-4096}"
restart="${2:-1024}"
mvn -B -ntp -q -DskipTests package
mvn -B -ntp -q -pl emulator test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
cp="emulator/target/test-classes:emulator/target/classes:$(cat emulator/target/cp.txt)"
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { date +%s%3N; }
start() { # start PORT DIR: launches the server and waits for /health; sets pid, and took (ms)
  local t0; t0=$(now_ms)
  java -Xmx512m -jar emulator/target/s2lite.jar --host 127.0.0.1 --port "$1" --local-root "$2" >>"$work/server.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$1/health" >/dev/null 2>&1; do sleep 0.01; done
  took=$(( $(now_ms) - t0 ))
}

port=$(free_port)
start "$port" "$work/fill"
echo "== ${fill} MiB into -Xmx512m --local-root (started in ${took} ms)"
java -cp "$cp" dev.s2lite.emulator.session.FillBench "http://127.0.0.1:$port" "$fill" fill-basin
echo "server heap: $(jcmd "$pid" GC.heap_info 2>/dev/null | grep -m1 -i 'heap\|garbage-first' || echo n/a)"
echo "database file: $(du -h "$work/fill/s2lite.mv.db" | cut -f1)"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
rm -rf "$work/fill"

port=$(free_port)
start "$port" "$work/restart"
java -cp "$cp" dev.s2lite.emulator.session.FillBench "http://127.0.0.1:$port" "$restart" restart-basin >/dev/null
echo "== restart with ${restart} MiB stored ($(du -h "$work/restart/s2lite.mv.db" | cut -f1) file)"
tail_url="http://127.0.0.1:$port/v1/streams/s/records/tail"
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
t0=$(now_ms); start "$port" "$work/restart"
curl -sf -H 's2-basin: restart-basin' "$tail_url"; echo
echo "after kill -9: /health in ${took} ms, tail in $(( $(now_ms) - t0 )) ms"
kill "$pid"; wait "$pid" 2>/dev/null || true
t0=$(now_ms); start "$port" "$work/restart"
curl -sf -H 's2-basin: restart-basin' "$tail_url"; echo
echo "after a clean stop: /health in ${took} ms, tail in $(( $(now_ms) - t0 )) ms"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
