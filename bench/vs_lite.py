#!/usr/bin/env python3
"""The emulator against s2-lite, side by side: `s2 bench` rows, the unary latency loop, memory.

Usage: python3 bench/vs_lite.py [options]   (bench/vs-lite.sh builds the jar first, then runs this)

For every repetition and every row, each server is started fresh on a free loopback port (in
memory), gets a basin, runs the row, and is stopped; the servers alternate which goes first
(repetition 1: lite then ours, repetition 2: ours then lite, ...). A row is either an `s2 bench`
load (`MIBPSxRECORD`, e.g. `50x8k`) or `unary` (one keep-alive HTTP/1.1 connection: N appends of
one 100-byte record, each followed by a one-record read of it). Resident memory is the server's
peak (VmHWM) over the run. The table shows medians over the repetitions and lite/ours ratios.

The `s2` CLI (s2-cli 0.43.x) is taken from PATH or ~/.cargo/bin; without it only our server runs
(and `s2 bench` rows are skipped: they need the CLI as the load generator).
"""
import argparse
import http.client
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time

DEFAULT_ROWS = ["10x8k", "50x8k", "100x8k", "200x8k", "20x512", "unary"]
# What the jar is launched with unless --jvm-opts says otherwise: the flags README recommends.
RECOMMENDED_JVM_OPTS = "-XX:+UseG1GC -XX:MaxNewSize=128m -XX:+ExplicitGCInvokesConcurrent"


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter,
                                epilog="Rows: " + " ".join(DEFAULT_ROWS) + " (default all). "
                                       "Quick run: --rows 50x8k,unary --reps 1 --duration 10")
    p.add_argument("--rows", default=",".join(DEFAULT_ROWS),
                   help="comma-separated rows: MIBPSxRECORD (record size in bytes, k = KiB) or unary")
    p.add_argument("--reps", type=int, default=3, help="repetitions per row and server (default 3)")
    p.add_argument("--duration", type=int, default=15, help="seconds of load per s2 bench run (default 15)")
    p.add_argument("--catchup-delay", type=int, default=2, help="s2 bench --catchup-delay seconds (default 2)")
    p.add_argument("--warmup", type=int, default=5,
                   help="seconds of load on each fresh server before the measured run (s2 bench at "
                        "20 MiB/s, or the unary loop), to let a JIT compile; 0 for none (default 5)")
    p.add_argument("--unary-count", type=int, default=2000, help="append+read pairs in the unary row (default 2000)")
    p.add_argument("--servers", default="lite,ours", help="which servers: lite,ours (default both)")
    p.add_argument("--jar", default="emulator/target/s2lite.jar", help="the emulator jar")
    p.add_argument("--jvm-opts", default=None,
                   help="JVM options for our jar (default: the recommended ones, '%s')" % RECOMMENDED_JVM_OPTS)
    p.add_argument("--jfr", metavar="DIR", help="record a JFR file per run of ours into DIR (profiling)")
    p.add_argument("--max-minutes", type=float, default=40,
                   help="stop starting new runs after this many minutes (default 40)")
    p.add_argument("--json", metavar="FILE", help="also write every run's figures to FILE")
    return p.parse_args()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def find_s2():
    s2 = shutil.which("s2")
    if s2 is None and os.access(os.path.expanduser("~/.cargo/bin/s2"), os.X_OK):
        s2 = os.path.expanduser("~/.cargo/bin/s2")
    return s2


def status_kib(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def request(port, method, path, body=None, headers=None, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        hdrs = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            hdrs["content-type"] = "application/json"
        conn.request(method, path, body=data, headers=hdrs)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


class Server:
    def __init__(self, kind, args, s2, logdir, label):
        self.kind = kind
        self.port = free_port()
        self.log = open(os.path.join(logdir, f"{label}.log"), "w")
        if kind == "lite":
            cmd = [s2, "lite", "--port", str(self.port)]
        else:
            opts = (RECOMMENDED_JVM_OPTS if args.jvm_opts is None else args.jvm_opts).split()
            if args.jfr:
                os.makedirs(args.jfr, exist_ok=True)
                opts.append(f"-XX:StartFlightRecording=filename={os.path.join(args.jfr, label)}.jfr,settings=profile")
            cmd = ["java", *opts, "-jar", args.jar, "--host", "127.0.0.1", "--port", str(self.port)]
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _ = request(self.port, "GET", "/v1/basins", timeout=2)
                if status == 200:
                    break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{kind} did not start (see {self.log.name})")
            time.sleep(0.05)
        status, body = request(self.port, "POST", "/v1/basins",
                               {"basin": "bench-basin", "config": {"create_stream_on_append": True}})
        if status not in (200, 201):
            raise RuntimeError(f"{kind}: creating the basin answered {status} {body[:200]!r}")

    def peak_rss_mib(self):
        kib = status_kib(self.proc.pid, "VmHWM")
        return None if kib is None else kib / 1024

    def rss_mib(self):
        kib = status_kib(self.proc.pid, "VmRSS")
        return None if kib is None else kib / 1024

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def parse_row(row):
    if row == "unary":
        return None
    m = re.fullmatch(r"(\d+)x(\d+)(k?)", row)
    if not m:
        sys.exit(f"bad row {row!r}: expected MIBPSxRECORD (e.g. 50x8k) or unary")
    return int(m.group(1)), int(m.group(2)) * (1024 if m.group(3) else 1)


BENCH_PATTERNS = {
    "write_mibps": r"^Write:\s+([\d.]+) MiB/s",
    "catchup_mibps": r"^Catchup:\s+([\d.]+) MiB/s",
}


def s2_bench(s2, port, mibps, record, duration, catchup_delay):
    env = dict(os.environ, S2_ACCOUNT_ENDPOINT=f"http://127.0.0.1:{port}",
               S2_BASIN_ENDPOINT=f"http://127.0.0.1:{port}", S2_ACCESS_TOKEN="ignored", NO_COLOR="1")
    cmd = [s2, "bench", "bench-basin", "-t", str(mibps), "-b", str(record), "-d", f"{duration}s",
           "-w", f"{catchup_delay}s"]
    try:
        out = subprocess.run(cmd, env=env, capture_output=True, text=True,
                             timeout=duration + catchup_delay + 120)
    except subprocess.TimeoutExpired:
        return {"error": "s2 bench timed out"}
    text = out.stdout + out.stderr
    if out.returncode != 0:
        return {"error": f"s2 bench exit {out.returncode}: " + text.strip().splitlines()[-1][:200]}
    fig = {}
    for key, pattern in BENCH_PATTERNS.items():
        m = re.search(pattern, text, re.M)
        fig[key] = float(m.group(1)) if m else None
    # "p50    :   11.29ms        p50    :   11.52ms": ack on the left, end-to-end on the right
    # (durations print as Rust's Debug: ms, s, µs)
    duration = r"([\d.]+)(ns|µs|us|ms|s)"
    for q in ("p50", "p99"):
        m = re.search(rf"^{q}\s*:\s*{duration}\s+{q}\s*:\s*{duration}", text, re.M)
        fig[f"ack_{q}_ms"], fig[f"e2e_{q}_ms"] = (
            (millis(m.group(1), m.group(2)), millis(m.group(3), m.group(4))) if m else (None, None))
    return fig


def millis(value, unit):
    return float(value) * {"ns": 1e-6, "µs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1000.0}[unit]


def percentile(values, q):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q / 100 * (len(s) - 1))))]


def unary(port, count, warmup_seconds):
    if warmup_seconds > 0:
        end = time.monotonic() + warmup_seconds
        while time.monotonic() < end:
            unary(port, 100, 0)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    hdrs = {"s2-basin": "bench-basin", "content-type": "application/json", "accept": "application/json"}
    body = json.dumps({"records": [{"body": "u" * 100}]}).encode()
    path = "/v1/streams/unary/records"
    appends, reads = [], []
    try:
        for i in range(count + count // 10):  # the first tenth (a fresh connection) is not counted
            t0 = time.perf_counter()
            conn.request("POST", path, body=body, headers=hdrs)
            r = conn.getresponse()
            ack = r.read()
            t1 = time.perf_counter()
            if r.status != 200:
                return {"error": f"append answered {r.status} {ack[:200]!r}"}
            seq = json.loads(ack)["start"]["seq_num"]
            conn.request("GET", f"{path}?seq_num={seq}&count=1", headers=hdrs)
            r = conn.getresponse()
            got = r.read()
            t2 = time.perf_counter()
            if r.status != 200 or len(json.loads(got)["records"]) != 1:
                return {"error": f"read answered {r.status} {got[:200]!r}"}
            if i >= count // 10:
                appends.append((t1 - t0) * 1000)
                reads.append((t2 - t1) * 1000)
    finally:
        conn.close()
    return {"append_p50_ms": percentile(appends, 50), "append_p99_ms": percentile(appends, 99),
            "read_p50_ms": percentile(reads, 50), "read_p99_ms": percentile(reads, 99)}


BENCH_COLUMNS = [("write_mibps", "write MiB/s", True), ("ack_p50_ms", "ack p50 ms", False),
                 ("ack_p99_ms", "ack p99 ms", False), ("e2e_p99_ms", "e2e p99 ms", False),
                 ("catchup_mibps", "catch-up MiB/s", True), ("peak_rss_mib", "peak RSS MiB", False)]
UNARY_COLUMNS = [("append_p50_ms", "append p50 ms", False), ("append_p99_ms", "append p99 ms", False),
                 ("read_p50_ms", "read p50 ms", False), ("read_p99_ms", "read p99 ms", False),
                 ("peak_rss_mib", "peak RSS MiB", False)]


def median(runs, key):
    vals = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def fmt(v):
    if v is None:
        return "-"
    return f"{v:.2f}" if v < 100 else f"{v:.0f}"


def print_tables(rows, results, servers):
    load = os.getloadavg()
    print(f"\nMedians over the repetitions (in brackets: lite/ours; for throughput >1 means lite is faster, "
          f"for latency and memory <1 means lite is lower). Load at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    bench_rows = [r for r in rows if r != "unary"]
    for columns, selected, title in ((BENCH_COLUMNS, bench_rows, "load"), (UNARY_COLUMNS, ["unary"] if "unary" in rows else [], "unary")):
        if not selected:
            continue
        print()
        print("| " + title + " | " + " | ".join(f"{label} (lite / ours)" for _, label, _ in columns) + " | runs |")
        print("| --- " * (len(columns) + 2) + "|")
        for row in selected:
            cells = []
            for key, _, _ in columns:
                lite = median(results.get((row, "lite"), []), key)
                ours = median(results.get((row, "ours"), []), key)
                ratio = f" [{lite / ours:.2f}]" if lite is not None and ours else ""
                cells.append(f"{fmt(lite)} / {fmt(ours)}{ratio}")
            runs = "/".join(str(len([r for r in results.get((row, s), []) if "error" not in r])) for s in ("lite", "ours"))
            name = row if row == "unary" else "%d MiB/s, %d B records" % parse_row(row)
            print(f"| {name} | " + " | ".join(cells) + f" | {runs} |")


def main():
    args = parse_args()
    rows = [r.strip() for r in args.rows.split(",") if r.strip()]
    for r in rows:
        parse_row(r)
    s2 = find_s2()
    servers = [s.strip() for s in args.servers.split(",")]
    if s2 is None:
        print("s2 CLI not found (PATH or ~/.cargo/bin): s2-lite and the s2 bench rows are skipped")
        servers = [s for s in servers if s != "lite"]
        rows = [r for r in rows if r == "unary"]
    else:
        print(subprocess.run([s2, "--version"], capture_output=True, text=True).stdout.strip())
    logdir = tempfile.mkdtemp(prefix="s2lite-vs-lite-")
    print(f"rows {rows}, {args.reps} repetitions, servers {servers}, server logs in {logdir}")
    print(f"our JVM options: {RECOMMENDED_JVM_OPTS if args.jvm_opts is None else args.jvm_opts!r}; load now {os.getloadavg()}")
    results = {}
    started = time.monotonic()
    out_of_time = False
    for rep in range(args.reps):
        order = servers if rep % 2 == 0 else list(reversed(servers))
        for row in rows:
            for kind in order:
                if time.monotonic() - started > args.max_minutes * 60:
                    out_of_time = True
                    break
                label = f"{kind}-{row}-rep{rep + 1}"
                server = Server(kind, args, s2, logdir, label)
                try:
                    spec = parse_row(row)
                    if spec is None:
                        fig = unary(server.port, args.unary_count, args.warmup)
                    else:
                        if args.warmup > 0:
                            s2_bench(s2, server.port, 20, spec[1], args.warmup, 0)
                        fig = s2_bench(s2, server.port, spec[0], spec[1], args.duration, args.catchup_delay)
                    fig["peak_rss_mib"] = server.peak_rss_mib()
                    fig["rss_mib"] = server.rss_mib()
                finally:
                    server.stop()
                fig["load1"] = os.getloadavg()[0]
                results.setdefault((row, kind), []).append(fig)
                shown = " ".join(f"{k}={fmt(v) if isinstance(v, float) else v}" for k, v in fig.items())
                print(f"[{time.monotonic() - started:6.0f} s] {label}: {shown}", flush=True)
    if out_of_time:
        print(f"stopped after --max-minutes {args.max_minutes}: later runs were not started")
    print_tables(rows, results, servers)
    if args.json:
        with open(args.json, "w") as f:
            json.dump([{"row": k[0], "server": k[1], "runs": v} for k, v in results.items()], f, indent=1)


if __name__ == "__main__":
    main()
