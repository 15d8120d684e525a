"""HTTP serving throughput and latency: ``POST /v1/predict`` of one profile. Prints figures; asserts nothing.

    python benchmarks/bench_serve.py [--seconds 20] [--connections 8] [--unlocked | --workers N]

Starts ``uvicorn`` in a subprocess on a free loopback port serving the shipped default model (access log
off, one process), warms it up, then drives single-profile requests (synthetic profiles, no photos) from
``--connections`` keep-alive connections for ``--seconds``, first with the default 3 reasons, then with
``?reasons=0``. Prints requests/s and the p50 / p99 latency seen by the client.

The client is a few lines of raw asyncio HTTP/1.1 rather than httpx: on a 2-core machine the client
shares the CPU with the server, and a heavier client would measure itself. ``--unlocked`` replaces the
server's scoring lock with a no-op (safe here only because no profile has a photo; see
``fakeprofile/serve.py``) to show what the lock costs; single requests then no longer queue behind it, so
they are no longer scored together either. ``--workers N`` runs ``fakeprofile serve --workers N`` instead (N
processes, each with the model; the client then shares the two cores with all of them).
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
import contextlib, sys, uvicorn
import fakeprofile.serve as serve
if sys.argv[2] == "unlocked":
    serve._SCORING_LOCK = contextlib.nullcontext()
uvicorn.run(serve.create_app(), host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
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


def _report(title: str, latencies: list[float], failures: int, seconds: float) -> None:
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
    print(f"{title:<34} {len(latencies) / seconds:8,.0f} req/s   p50 {statistics.median(latencies):6.1f} ms   "
          f"p99 {p99:6.1f} ms   ({len(latencies):,} requests, {failures} not 200)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per setting (default 20)")
    parser.add_argument("--connections", type=int, default=8, help="concurrent keep-alive connections (default 8)")
    parser.add_argument("--unlocked", action="store_true", help="serve without the scoring lock (see above)")
    parser.add_argument("--workers", type=int, default=1, help="server processes (fakeprofile serve --workers)")
    args = parser.parse_args()
    if args.workers > 1 and args.unlocked:
        parser.error("--unlocked is for one process")

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
        command = [sys.executable, "-c", SERVER, str(port), "unlocked" if args.unlocked else "locked"]
    server = subprocess.Popen(command, cwd=REPO, env=os.environ.copy())
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
              f"{args.connections} connections, {args.seconds:g} s per setting, "
              f"scoring lock {'OFF' if args.unlocked else 'on'}")
        for query, title in (("", "predict, 3 reasons (default)"), ("?reasons=0", "predict, ?reasons=0")):
            requests = [_request(f"/v1/predict{query}", body) for body in bodies]
            asyncio.run(_drive(port, requests, 3.0, args.connections))  # warm-up: caches, lazy loads
            latencies, failures = asyncio.run(_drive(port, requests, args.seconds, args.connections))
            _report(title, latencies, failures, args.seconds)
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
