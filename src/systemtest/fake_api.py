#!/usr/bin/env python3
"""The Trafikito API as the system test needs it, on the host's 127.0.0.1 (the container shares the network).

Registration answers a new server id; get_config answers "<token> <names>", the names read from --commands on
every call (the test changes what a cycle runs by rewriting that file); save_output, error_feedback and ping
answer OK. Every call is one line of --log: "<epoch> <endpoint> <path prefix> <detail>", where detail is the
server name of a registration, the server id of a get_config, and the file a save_output's body went to.

usage: fake_api.py --port-file FILE --commands FILE --log FILE --bodies DIR
"""
import argparse
import http.server
import json
import os
import re
import threading
import time

lock = threading.Lock()
counter = [0]


def next_number():
    with lock:
        counter[0] += 1
        return counter[0]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.read_body()
        path, _, query = self.path.partition("?")
        prefix, _, endpoint = path.rpartition("/")
        detail = "-"
        status, answer = 200, "OK"
        if endpoint == "get_agent_file" and "file=trafikito.conf" in query:
            n = next_number()
            try:
                detail = json.loads(body).get("serverName", "-")
            except ValueError:
                detail = "unparsable"
            answer = "server_id = srv-systest-%d\napi_key = key-systest-0123456789-%d\n" % (n, n)
        elif endpoint == "get_agent_file":
            status, answer = 404, "not here"  # the agent then writes its 16 default commands
        elif endpoint == "get_config":
            try:
                detail = json.loads(body).get("serverId", "-")
            except ValueError:
                detail = "unparsable"
            with open(self.server.commands_file) as f:
                answer = "tok-%d %s" % (next_number(), f.read().strip())
        elif endpoint == "save_output":
            n = next_number()
            detail = os.path.join(self.server.bodies, "save-%d.bin" % n)
            with open(detail, "wb") as f:
                f.write(body)
        elif endpoint not in ("error_feedback", "ping"):
            status, answer = 404, "unknown endpoint"
        data = answer.encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        with lock, open(self.server.log_file, "a") as log:
            log.write("%.3f %s %s %s\n" % (time.time(), endpoint, prefix or "/", re.sub(r"\s", "_", detail)))

    def read_body(self):
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            parts = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
                if size == 0:
                    return b"".join(parts)
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def log_message(self, fmt, *args):
        pass


def main():
    p = argparse.ArgumentParser()
    for name in ("--port-file", "--commands", "--log", "--bodies"):
        p.add_argument(name, required=True)
    a = p.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.commands_file, server.log_file, server.bodies = a.commands, a.log, a.bodies
    with open(a.port_file + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(a.port_file + ".tmp", a.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
