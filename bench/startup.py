#!/usr/bin/env python3
"""Time from launching `java -jar emulator/target/s2lite.jar` to its first `200 OK` on /health.

Usage: python3 bench/startup.py [RUNS] [JAR]   (build the jar first: mvn -q -DskipTests package)
Each run starts a fresh JVM on a free port, polls /health every 5 ms, then stops it.
"""
import socket
import statistics
import subprocess
import sys
import time
import urllib.request

runs = int(sys.argv[1]) if len(sys.argv) > 1 else 10
jar = sys.argv[2] if len(sys.argv) > 2 else "emulator/target/s2lite.jar"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


times = []
for _ in range(runs):
    port = free_port()
    started = time.monotonic()
    proc = subprocess.Popen(["java", "-jar", jar, "--host", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = started + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    sys.exit("the emulator did not answer /health within 30 s")
                time.sleep(0.005)
        times.append((time.monotonic() - started) * 1000)
    finally:
        proc.terminate()
        proc.wait(timeout=10)

print("ms from launch to first /health 200:", [round(t) for t in times])
print(f"median {statistics.median(times):.0f} ms, min {min(times):.0f} ms, max {max(times):.0f} ms")
