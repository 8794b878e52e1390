"""A small HTTP proxy in front of a real server that answers the first N requests with an error (throttling,
5xx): the retry paths of the real hvac and boto3 clients run against it."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class FlakyProxy:
    def __init__(self, target: str, failures: int, status: int, body: bytes, content_type: str) -> None:
        self.target = urlsplit(target)
        self.failures = failures
        self.status = status
        self.body = body
        self.content_type = content_type
        self.requests = 0
        self.failed = 0
        self.lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                data = self.rfile.read(length) if length else b""
                with proxy.lock:
                    proxy.requests += 1
                    fail = proxy.failed < proxy.failures
                    if fail:
                        proxy.failed += 1
                if fail:
                    self.send_response(proxy.status)
                    self.send_header("Content-Type", proxy.content_type)
                    self.send_header("Content-Length", str(len(proxy.body)))
                    self.end_headers()
                    self.wfile.write(proxy.body)
                    return
                conn = http.client.HTTPConnection(
                    proxy.target.hostname or "127.0.0.1", proxy.target.port, timeout=30
                )
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
                headers["Host"] = proxy.target.netloc
                conn.request(self.command, self.path, body=data or None, headers=headers)
                response = conn.getresponse()
                payload = response.read()
                self.send_response(response.status)
                for key, value in response.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                conn.close()

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle  # noqa: N815

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"


@contextmanager
def flaky_proxy(
    target: str, failures: int, status: int, body: bytes = b"", content_type: str = "application/json"
) -> Iterator[FlakyProxy]:
    proxy = FlakyProxy(target, failures, status, body, content_type)
    thread = threading.Thread(target=proxy.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.server.shutdown()
        proxy.server.server_close()
