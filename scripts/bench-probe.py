#!/usr/bin/env python3
"""scripts/bench's timing probe, one light process so that it takes little of the cores it measures.

  bench-probe.py ready PORT BODY TIMEOUT_S      polls POST /v1/messages until it answers 200; prints the wall
                                               clock then, in epoch milliseconds (the caller took its own at start)
  bench-probe.py serial PORT BODY N             N requests one after another on one kept-alive connection;
                                               prints "mean_ms p50_ms p99_ms" of their latencies
"""
import socket
import sys
import time


def request(body: bytes) -> bytes:
    return (b"POST /v1/messages HTTP/1.1\r\nHost: 127.0.0.1\r\ncontent-type: application/json\r\n"
            b"anthropic-version: 2023-06-01\r\ncontent-length: " + str(len(body)).encode() + b"\r\n\r\n" + body)


def exchange(sock: socket.socket, req: bytes, buf: bytearray) -> int:
    """Sends one request and reads its whole answer (content-length or chunked); returns the status."""
    sock.sendall(req)
    while b"\r\n\r\n" not in buf:
        chunk = sock.recv(65536)
        if not chunk:
            raise OSError("closed")
        buf += chunk
    head, _, rest = bytes(buf).partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    lower = head.lower()
    if b"content-length:" in lower:
        n = int(lower.split(b"content-length:", 1)[1].split(b"\r\n", 1)[0])
        while len(rest) < n:
            chunk = sock.recv(65536)
            if not chunk:
                raise OSError("closed")
            rest += chunk
        buf[:] = rest[n:]
    else:  # chunked: read to the terminating zero-length chunk
        while not rest.endswith(b"0\r\n\r\n"):
            chunk = sock.recv(65536)
            if not chunk:
                raise OSError("closed")
            rest += chunk
        buf[:] = b""
    return status


def ready(port: int, body: bytes, timeout: float) -> None:
    t0 = time.monotonic()
    req = request(body)
    while time.monotonic() - t0 < timeout:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                if exchange(s, req, bytearray()) == 200:
                    print(round(time.time() * 1000))
                    return
        except (OSError, ValueError, IndexError):
            pass  # not listening yet, or (a port taken meanwhile) not an HTTP answer
        time.sleep(0.005)
    sys.exit(1)


def serial(port: int, body: bytes, n: int) -> None:
    req = request(body)
    lat = []
    buf = bytearray()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        for _ in range(n):
            t = time.perf_counter()
            status = exchange(s, req, buf)
            lat.append((time.perf_counter() - t) * 1000)
            if status != 200:
                sys.exit(f"status {status}")
    lat.sort()
    print(f"{sum(lat) / n:.3f} {lat[n // 2]:.3f} {lat[min(n - 1, int(n * 0.99))]:.3f}")


if __name__ == "__main__":
    mode, port, body = sys.argv[1], int(sys.argv[2]), open(sys.argv[3], "rb").read()
    if mode == "ready":
        ready(port, body, float(sys.argv[4]))
    else:
        serial(port, body, int(sys.argv[4]))
