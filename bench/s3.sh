#!/usr/bin/env bash
# The S3 store against s3proxy on loopback (its file-system backend, in a temporary directory):
#  1. restart time with MIB of data stored (S3RestartBench: after a crash, after a clean close);
#  2. append throughput and ack latency through the server (1 KiB records, batches of 100, one
#     pipelined S2S session: AppendBench) for `s2lite.jar --bucket`, then for `s2 lite --bucket`
#     against the same S3 server when the s2 CLI is installed (~/.cargo/bin/s2 or on PATH), with
#     `s2 bench` as a second opinion.
#
# Usage: bench/s3.sh [SECONDS, default 30] [MIB, default 1024]   (from the repository root)
# Every process runs on a free loopback port and is stopped after; the data is deleted.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
mib="${2:-1024}"
mvn -B -ntp -q -DskipTests package
mvn -B -ntp -q -pl emulator test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
cp="emulator/target/test-classes:emulator/target/classes:$(cat emulator/target/cp.txt)"
work="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
await_http() {
  for _ in $(seq 1 900); do
    if curl -s -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing answers at $1" >&2; return 1
}

key=bench-key
secret=bench-secret
s3port=$(free_port)
mkdir -p "$work/s3"
cat >"$work/s3proxy.conf" <<EOF
s3proxy.endpoint=http://127.0.0.1:$s3port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$key
s3proxy.credential=$secret
jclouds.provider=filesystem
jclouds.filesystem.basedir=$work/s3
jclouds.identity=unused
jclouds.credential=unused
EOF
java -Xmx1g -jar emulator/target/s3proxy/s3proxy.jar --properties "$work/s3proxy.conf" >"$work/s3proxy.log" 2>&1 &
pids+=($!)
await_http "http://127.0.0.1:$s3port/"
endpoint="http://127.0.0.1:$s3port"
for bucket in bench-restart bench-s2lite bench-lite; do
  curl -sf --aws-sigv4 "aws:amz:us-east-1:s3" --user "$key:$secret" -X PUT "$endpoint/$bucket" \
    -H "x-amz-content-sha256: $(printf "" | sha256sum | cut -d" " -f1)" >/dev/null
done

echo "== S3 store restart time with $mib MiB (s3proxy file system backend)"
java -cp "$cp" dev.s2lite.emulator.store.s3.S3RestartBench "$endpoint" bench-restart "$key" "$secret" "$mib"

export AWS_ENDPOINT_URL_S3="$endpoint" AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_REGION=us-east-1
run_client() { java -cp "$cp" dev.s2lite.emulator.session.AppendBench "http://127.0.0.1:$1" "$seconds" 5; }
stop_last() { kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true; unset 'pids[-1]'; }

if java -jar emulator/target/s2lite.jar --help | grep -q -- '--bucket'; then
  port=$(free_port)
  java -jar emulator/target/s2lite.jar --host 127.0.0.1 --port "$port" --bucket bench-s2lite --path bench \
    >"$work/s2lite.log" 2>&1 &
  pids+=($!)
  await_http "http://127.0.0.1:$port/health"
  echo "== s2lite --bucket"
  run_client "$port"
  stop_last
else
  echo "== s2lite --bucket: this build has no --bucket flag yet, skipped"
fi

s2="$(command -v s2 || true)"; [ -z "$s2" ] && [ -x "$HOME/.cargo/bin/s2" ] && s2="$HOME/.cargo/bin/s2"
if [ -n "$s2" ]; then
  port=$(free_port)
  "$s2" lite --port "$port" --bucket bench-lite --path bench >"$work/lite.log" 2>&1 &
  pids+=($!)
  await_http "http://127.0.0.1:$port/health"
  echo "== s2 lite --bucket ($("$s2" --version))"
  run_client "$port"
  echo "== s2 bench against s2 lite --bucket"
  curl -s -X POST "http://127.0.0.1:$port/v1/basins" -H 'content-type: application/json' \
    -d '{"basin": "s2-bench-basin", "config": {"create_stream_on_append": true}}' >/dev/null
  S2_ACCOUNT_ENDPOINT="http://127.0.0.1:$port" S2_BASIN_ENDPOINT="http://127.0.0.1:$port" S2_ACCESS_TOKEN=ignored \
    "$s2" bench s2-bench-basin -t "${S2_BENCH_MIBPS:-20}" -d "${seconds}s" -b 1024 -w 1s || echo "(s2 bench failed)"
  stop_last
else
  echo "== s2 lite: not installed (cargo install --locked s2-cli), skipped"
fi
