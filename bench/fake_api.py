#!/usr/bin/env python3
"""A tiny stand-in for the Trafikito API, for bench/run.sh. Loopback only.

get_config answers "<token> <names>", where <names> is the comma-separated content of the file given
with --commands (re-read on every call, so the benchmark can change what a cycle runs without a restart);
save_output, error_feedback and ping answer OK. Every call is logged to --log as
"<epoch seconds answered> <endpoint> <request bytes> <epoch seconds the request's headers were read>", which
bench.py reads to see cycles start and end and to time the API calls within a cycle.

usage: fake_api.py --port-file FILE --commands FILE --log FILE
"""
import argparse
import http.server
import os
import sys
import time


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # The headers and the body go out in two writes; with Nagle on, the body waits for the client's
    # delayed ACK of the headers (40 ms on Linux) on every call of a kept-alive connection: a stall of
    # this stand-in, not of the agent (a real API's server sends small answers in one segment).
    disable_nagle_algorithm = True
    calls = 0

    def do_POST(self):
        began = time.time()
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            length = 0
            while True:  # the multipart forms come chunked
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                length += self.drop(size)
                self.rfile.readline()  # the CRLF after a chunk (or after the last, empty one)
                if size == 0:
                    break
        else:
            length = self.drop(int(self.headers.get("Content-Length") or 0))
        endpoint = self.path.rsplit("/", 1)[-1]
        if endpoint == "get_config":
            Handler.calls += 1
            with open(self.server.commands_file) as f:
                names = f.read().strip()
            body = "bench-%d %s" % (Handler.calls, names)
        elif endpoint in ("save_output", "error_feedback", "ping"):
            body = "OK"
        else:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        with open(self.server.log_file, "a") as log:
            log.write("%.6f %s %d %.6f\n" % (time.time(), endpoint, length, began))

    def drop(self, remaining):
        """Reads and drops a body part: a payload may be megabytes."""
        total = 0
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 1 << 16))
            if not chunk:
                break
            remaining -= len(chunk)
            total += len(chunk)
        return total

    def log_message(self, fmt, *args):
        pass


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--commands", required=True)
    p.add_argument("--log", required=True)
    a = p.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)  # a free port, chosen by the kernel
    server.commands_file = a.commands
    server.log_file = a.log
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(tmp, a.port_file)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
