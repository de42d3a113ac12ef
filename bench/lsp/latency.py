"""Time from an edit (didChange) to the first publishDiagnostics of `tailor lsp`, on big models:
`python3 bench/lsp/latency.py [TAILOR] MODEL...` (TAILOR default: target/release/tailor). Each
model is opened, then edited 5 times (a comment appended: a full re-check each time); prints the
open time and the median (min..max) of the edits, ms."""
import json
import os
import queue
import statistics
import subprocess
import sys
import threading
import time


def frame(msg):
    body = json.dumps(msg).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def read(out):
    length = None
    while True:
        line = out.readline()
        if not line:
            raise SystemExit("the server closed its output")
        line = line.strip()
        if not line:
            break
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    return json.loads(out.read(length))


def main():
    args = sys.argv[1:]
    tailor = "target/release/tailor"
    if args and not os.path.splitext(args[0])[1]:
        tailor, args = args[0], args[1:]
    p = subprocess.Popen([tailor, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    # Read as an editor does, all the time: a client that stops reading while it writes a big
    # document deadlocks with any server that answers while reading.
    inbox = queue.Queue()
    threading.Thread(target=lambda: [inbox.put(read(p.stdout)) for _ in iter(int, 1)], daemon=True).start()
    send = lambda m: (p.stdin.write(frame(m)), p.stdin.flush())
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    inbox.get(timeout=60)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    def published(uri):
        while True:
            m = inbox.get(timeout=120)
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                return m["params"]["diagnostics"]

    def drain():
        while True:
            try:
                inbox.get(timeout=0.2)
            except queue.Empty:
                return

    for path in args:
        path = os.path.abspath(path)
        uri = "file://" + path
        text = open(path, encoding="utf-8").read()
        t0 = time.perf_counter()
        send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1, "text": text}}})
        first = published(uri)
        opened = (time.perf_counter() - t0) * 1e3
        times = []
        for k in range(5):
            # The analysis's second publish (if any) of the previous check comes first: drain it.
            time.sleep(1.5)
            drain()
            edited = text + "\n# edit %d\n" % k if path.endswith((".yaml", ".yml")) else "c edit %d\n" % k + text
            t0 = time.perf_counter()
            send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": k + 2}, "contentChanges": [{"text": edited}]}})
            published(uri)
            times.append((time.perf_counter() - t0) * 1e3)
        print("%s: open %.0f ms (%d diagnostics); edit to diagnostics median %.0f (%.0f..%.0f) ms"
              % (os.path.basename(path), opened, len(first), statistics.median(times), min(times), max(times)))
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
    send({"jsonrpc": "2.0", "method": "exit", "params": None})
    p.wait(timeout=30)


if __name__ == "__main__":
    main()
