#!/usr/bin/env python3
"""A webhook receiver for the fault scripts (faults/webhooks.sh): records every POST, verifies nothing.

    faults/webhook-receiver.py --port PORT --out FILE [--fail-file PATH]

One line per POST, appended to FILE in arrival order (flushed at once, so a line is there before the answer):

    <arrival sequence> <webhook-id> <event id> <subscriptionId or -> <answered status> <client port>

The event id and subscriptionId come from the JSON body's `data` (the feed's Event resource). While the file
named by --fail-file exists the answer is 503 (with Retry-After: 1), otherwise 204. "Down" is the process not
running: the script stops and starts it on the same port. A new process appends to the same file and carries on
the sequence from its last line.
"""
import argparse
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--fail-file")
    args = parser.parse_args()

    seq = 0
    if os.path.exists(args.out):
        with open(args.out) as f:
            for line in f:
                if line.strip():
                    seq = max(seq, int(line.split()[0]))
    out = open(args.out, "a", buffering=1)
    lock = threading.Lock()
    state = {"seq": seq}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: the service's client pools its connections

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            event_id, sub = "-", "-"
            try:
                data = json.loads(raw).get("data") or {}
                event_id = str(data.get("id", "-"))
                sub = data.get("subscriptionId") or "-"
            except ValueError:
                pass
            status = 503 if args.fail_file and os.path.exists(args.fail_file) else 204
            with lock:
                state["seq"] += 1
                out.write("%d %s %s %s %d %d\n" % (state["seq"], self.headers.get("webhook-id", "-"), event_id, sub,
                                                   status, self.client_address[1]))
            self.send_response(status)
            if status == 503:
                self.send_header("Retry-After", "1")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *a):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.request_queue_size = 128
    server.serve_forever()


if __name__ == "__main__":
    main()
