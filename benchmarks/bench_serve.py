"""HTTP serving throughput and latency: ``POST /v1/predict`` of one profile. Prints figures; asserts nothing.

    python benchmarks/bench_serve.py [--seconds 20] [--connections 8] [--workers N]

Starts ``uvicorn`` in a subprocess on a free loopback port serving the shipped default model (access log
off, one process), warms it up, then drives single-profile requests (synthetic profiles, no photos) from
``--connections`` keep-alive connections for ``--seconds``, first with the default 3 reasons, then with
``?reasons=0``. Prints requests/s and the p50 / p99 latency seen by the client, and the anchor the figures
hang on: the CPU the server process spent per request (user + system from ``/proc``, every thread, so the
client's load on the same cores does not inflate it) and the share of it spent scoring (the thread CPU of the
scoring calls, counted in the server) against HTTP, JSON and validation around them. The server runs with one
OpenBLAS thread, as ``fakeprofile serve`` does.

The client is a few lines of raw asyncio HTTP/1.1 rather than httpx: on a 2-core machine the client
shares the CPU with the server, and a heavier client would measure itself. ``--workers N`` runs
``fakeprofile serve --workers N`` instead (N processes, each with the model; the client then shares the two
cores with all of them). (An ``--unlocked`` setting, the scoring lock replaced by a no-op, is gone: single
profiles are now scored by one thread at a time whatever the lock, so it measured nothing.)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SERVER = """
import sys, time, uvicorn
import fakeprofile.serve as serve
scoring_cpu = [0.0]
score_slots = serve._score_slots

def timed_score_slots(model, group):  # the thread CPU of every scoring call: the share of the server's CPU it takes
    start = time.thread_time()
    try:
        score_slots(model, group)
    finally:
        scoring_cpu[0] += time.thread_time() - start

serve._score_slots = timed_score_slots
app = serve.create_app()
app.add_api_route("/bench/scoring-cpu", lambda: {"seconds": scoring_cpu[0]})
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(path: str, body: bytes) -> bytes:
    head = (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


async def _exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    """Send one request on a keep-alive connection and read the whole response; returns the status."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(int(line.split(":", 1)[1]) for line in lines if line.lower().startswith("content-length:"))
    await reader.readexactly(length)
    return status


async def _drive(port: int, requests: list[bytes], seconds: float, connections: int) -> tuple[list[float], int]:
    """Latencies (ms) of every request completed within ``seconds``, and the number of non-200 answers."""
    latencies: list[float] = []
    failures = 0
    deadline = time.perf_counter() + seconds

    async def worker(offset: int) -> None:
        nonlocal failures
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        i = offset
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            status = await _exchange(reader, writer, requests[i % len(requests)])
            latencies.append((time.perf_counter() - start) * 1000)
            failures += status != 200
            i += connections
        writer.close()

    await asyncio.gather(*(worker(k) for k in range(connections)))
    return latencies, failures


def _process_cpu(pid: int) -> float:
    """CPU seconds (user + system, all threads) a process and its live children (``--workers``) have used so far,
    from ``/proc``."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    children = [int(c) for task in Path(f"/proc/{pid}/task").iterdir() for c in (task / "children").read_text().split()]
    return own + sum(_process_cpu(child) for child in children)


def _scoring_cpu(port: int) -> float | None:
    """CPU seconds the server has spent in scoring calls (one process only: None with several workers)."""
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET /bench/scoring-cpu HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    return json.loads(body)["seconds"] if head.split()[1] == b"200" else None


def _report(title: str, latencies: list[float], failures: int, seconds: float, server_cpu: float,
            scoring_cpu: float | None) -> None:
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
    print(f"{title:<34} {len(latencies) / seconds:8,.0f} req/s   p50 {statistics.median(latencies):6.1f} ms   "
          f"p99 {p99:6.1f} ms   ({len(latencies):,} requests, {failures} not 200)")
    per_request = server_cpu * 1000 / max(len(latencies), 1)
    share = "" if scoring_cpu is None else f", {scoring_cpu / server_cpu:.0%} of it scoring"
    print(f"{'':<34} server CPU {per_request:.2f} ms/request{share}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per setting (default 20)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent keep-alive connections (default 8)")
    parser.add_argument("--workers", type=int, default=1, help="server processes (fakeprofile serve --workers)")
    args = parser.parse_args()

    from fakeprofile.synth import generate_profiles

    profiles = generate_profiles(500, seed=11)
    for profile in profiles:
        profile.pop("photo", None)  # a server refuses local paths; photo decoding is bench_photos' business
    bodies = [json.dumps(p).encode() for p in profiles]

    port = _free_port()
    if args.workers > 1:
        command = [str(Path(sys.executable).parent / "fakeprofile"), "--quiet", "serve", "--port", str(port),
                   "--workers", str(args.workers)]
    else:
        command = [sys.executable, "-c", SERVER, str(port)]
    # One OpenBLAS thread, as `fakeprofile serve` sets it (fakeprofile.cli.main): the server scores a few rows at a
    # time, where BLAS threads only spin against the client for the same two cores.
    server = subprocess.Popen(command, cwd=REPO, env={"OPENBLAS_NUM_THREADS": "1"} | os.environ)
    try:
        for _ in range(600):  # the model and the gazetteer load at start-up: up to a minute on a busy machine
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit(f"the server exited with {server.returncode}") from None
                time.sleep(0.1)
        processes = f"{args.workers} worker processes" if args.workers > 1 else "one process"
        print(f"uvicorn on 127.0.0.1:{port}, default model, {processes}, {os.cpu_count()} CPUs, "
              f"{args.connections} connections, {args.seconds:g} s per setting")
        for query, title in (("", "predict, 3 reasons (default)"), ("?reasons=0", "predict, ?reasons=0")):
            requests = [_request(f"/v1/predict{query}", body) for body in bodies]
            asyncio.run(_drive(port, requests, 3.0, args.connections))  # warm-up: caches, lazy loads
            cpu_before, scoring_before = _process_cpu(server.pid), _scoring_cpu(port)
            latencies, failures = asyncio.run(_drive(port, requests, args.seconds, args.connections))
            cpu, scoring = _process_cpu(server.pid) - cpu_before, _scoring_cpu(port)
            _report(title, latencies, failures, args.seconds, cpu,
                    None if scoring is None or scoring_before is None else scoring - scoring_before)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
