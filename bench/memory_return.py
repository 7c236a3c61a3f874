#!/usr/bin/env python3
"""Does the emulator give memory back to the OS once records are deleted?

Usage: python3 bench/memory_return.py [MIB] [WATCH_SECONDS] [JAR] [-- JVM_OPTIONS...]
       (build the jar first: mvn -q -DskipTests package)

Starts the jar on a free port (housekeeping every 5 s), appends MIB MiB of 1 KiB records (default
300) in 1 MiB batches, deletes the stream, then samples the process's resident memory (VmRSS)
every 5 s for WATCH_SECONDS (default 120) while the server is idle, and prints the timeline.
"""
import json
import socket
import subprocess
import sys
import time
import urllib.request

args = sys.argv[1:]
jvm_options = []
if "--" in args:
    jvm_options = args[args.index("--") + 1:]
    args = args[:args.index("--")]
mib = int(args[0]) if len(args) > 0 else 300
watch = int(args[1]) if len(args) > 1 else 120
jar = args[2] if len(args) > 2 else "emulator/target/s2lite.jar"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def call(method, url, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if body is not None:
        req.add_header("content-type", "application/json")
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.status


port = free_port()
base = f"http://127.0.0.1:{port}"
proc = subprocess.Popen(["java", *jvm_options, "-jar", jar, "--host", "127.0.0.1", "--port", str(port),
                         "--housekeeping-period", "5"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(300):
        try:
            if call("GET", base + "/health") == 200:
                break
        except OSError:
            time.sleep(0.1)
    print(f"started:            {rss_mib(proc.pid):7.0f} MiB RSS")
    call("POST", base + "/v1/basins", {"basin": "memory-basin"})
    call("POST", base + "/v1/streams", {"stream": "big"}, {"s2-basin": "memory-basin"})
    batch = {"records": [{"body": "m" * 1000} for _ in range(1000)]}
    for _ in range(mib):
        call("POST", base + "/v1/streams/big/records", batch, {"s2-basin": "memory-basin"})
    print(f"after {mib} MiB:      {rss_mib(proc.pid):7.0f} MiB RSS")
    call("DELETE", base + "/v1/streams/big", headers={"s2-basin": "memory-basin"})
    deleted = time.monotonic()
    print(f"deleted:            {rss_mib(proc.pid):7.0f} MiB RSS")
    while time.monotonic() - deleted < watch:
        time.sleep(5)
        print(f"idle {time.monotonic() - deleted:5.0f} s:       {rss_mib(proc.pid):7.0f} MiB RSS")
finally:
    proc.terminate()
    proc.wait(timeout=30)
