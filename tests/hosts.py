"""A fixture site served on two loopback addresses at once, standing for two hosts.

``with TwoHosts(folder) as h: h.url("/page.html")`` is ``http://127.0.0.1:PORT/page.html``;
``h.other("/widget.html")`` the same file from ``http://127.0.0.2:PORT``, another origin
(pages reach it with ``'http://127.0.0.2:' + location.port``). Paths under ``/hang/`` are
never answered (a frame that never loads), until the servers stop.
"""
from __future__ import annotations

import functools
import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

OTHER = "127.0.0.2"


class _Handler(SimpleHTTPRequestHandler):
    stopping: threading.Event

    def log_message(self, format, *args):  # noqa: A002 - signature fixed by http.server
        pass

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self):
        if self.path.startswith("/hang/"):
            self.stopping.wait()
            return
        super().do_GET()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass


class TwoHosts:
    def __init__(self, root: str | Path) -> None:
        self.root = str(Path(root).resolve())
        self.stopping = threading.Event()
        handler = type("H", (_Handler,), {"stopping": self.stopping})
        factory = functools.partial(handler, directory=self.root)
        for _ in range(20):   # the same free port on both addresses
            first = _Server(("127.0.0.1", 0), factory)
            try:
                second = _Server((OTHER, first.server_address[1]), factory)
                break
            except OSError:
                first.server_close()
        else:
            raise OSError("no port free on both 127.0.0.1 and 127.0.0.2")
        self.servers = [first, second]
        self.port = first.server_address[1]
        self.threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in self.servers]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def other(self, path: str) -> str:
        return f"http://{OTHER}:{self.port}{path}"

    def __enter__(self) -> "TwoHosts":
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        for s in self.servers:
            s.shutdown()
            s.server_close()


def reachable() -> bool:
    """Whether 127.0.0.2 can be bound here (Linux routes all of 127/8 to loopback)."""
    try:
        with socket.socket() as s:
            s.bind((OTHER, 0))
        return True
    except OSError:
        return False
