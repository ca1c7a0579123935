"""A quiet HTTP server for a built site, run as its own process so that every pytest worker can use it.

    python tests/siteserver.py DIRECTORY WATCHED_PID

It binds a free port on 127.0.0.1, prints that port on one line, and serves DIRECTORY until the
process WATCHED_PID ends (the pytest process that started the run: under pytest-xdist the
controller, whose workers all share one built site and this one server).
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
import time


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class Server(http.server.ThreadingHTTPServer):
    """A server for many browsers at once (every worker's Chromium, and a service worker saving the
    whole site): the standard library's backlog of 5 connections waiting to be accepted overflowed
    on a loaded machine, and the kernel then drops a browser's connection attempt, which it repeats
    only after a second or more (the `TcpExtListenOverflows` count of `nstat`)."""

    request_queue_size = 128
    daemon_threads = True


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def main() -> None:
    directory, watched = sys.argv[1], int(sys.argv[2])
    handler = functools.partial(QuietHandler, directory=directory)
    server = Server(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    while alive(watched):
        time.sleep(0.5)
    server.shutdown()


if __name__ == "__main__":
    main()
