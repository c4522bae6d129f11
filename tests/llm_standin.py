"""A stand-in for an OpenAI-compatible chat-completions server, for protocol tests.

A stand-in because no model can be downloaded from a hub here: it speaks the real protocol over real HTTP on a
loopback port (streamed `chat.completion.chunk` events, tool calls, error statuses) and plays back a script of
answers the test sets, one per request, recording every request body it gets. Run as its own process
(`python -m tests.llm_standin PORT`) and stopped by PID; `StandIn` does both for a test.

It also offers llama-cpp-python's tokenizer, `POST /extras/tokenize/count`, when the test turns it on
(POST /_tokenizer {"offered": true}, and "hang": seconds to answer late; else 404): one token per byte of the input,
so a test can tell its count from the estimate's; the inputs it was asked about are in GET /_tokenized.

Script steps (POST /_script, a JSON list): {"text": [chunks]}, {"tool": name, "arguments": {...}} (add
"repeat_name": true for llama-cpp-python's way: the arguments in pieces, each piece naming the tool again),
{"status": 500}, {"hang": seconds}, {"malformed": true}, {"drop_after": [chunks]} (connection cut),
{"unfinished": [chunks]} (no finish reason), {"slow": [chunks], "gap": seconds}.
"""
import json
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

from tests.servers import free_port, stop, wait_for_port


class Handler(BaseHTTPRequestHandler):
    """Answers /v1/models, /v1/chat/completions from the script, and the test's /_script and /_requests."""

    protocol_version = "HTTP/1.1"
    script, received, tokenized, lock = [], [], [], threading.Lock()
    tokenizer = {"offered": False}

    def log_message(self, *args):
        pass  # quiet: the test's output is what matters

    def do_GET(self):
        if self.path == "/_requests":
            return self._json(200, self.received)
        if self.path == "/_tokenized":
            return self._json(200, self.tokenized)
        if self.path == "/v1/models":
            return self._json(200, {"object": "list", "data": [{"id": "stand-in", "object": "model"}]})
        return self._json(404, {"error": {"message": "not found"}})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        if self.path == "/_script":
            with self.lock:
                Handler.script[:], Handler.received[:] = body, []
            return self._json(200, {"ok": True})
        if self.path == "/_tokenizer":
            with self.lock:
                Handler.tokenizer.update(body)
                Handler.tokenized[:] = []
            return self._json(200, {"ok": True})
        if self.path == "/extras/tokenize/count":
            with self.lock:
                Handler.tokenized.append(body.get("input"))
            time.sleep(self.tokenizer.get("hang", 0))
            if self.tokenizer["offered"]:
                return self._json(200, {"count": len(body["input"].encode())})
        if self.path != "/v1/chat/completions":
            return self._json(404, {"error": {"message": "not found"}})
        with self.lock:
            Handler.received.append(body)
            step = Handler.script.pop(0) if Handler.script else {"text": ["(script ran out)"]}
        self._play(step)

    def _play(self, step):
        if "status" in step:
            return self._json(step["status"], {"error": {"message": f"scripted {step['status']}", "type": "server"}})
        if "hang" in step:
            time.sleep(step["hang"])
            return self._json(200, {})
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")  # as real servers stream
        self.send_header("Connection", "close")
        self.end_headers()
        if step.get("malformed"):
            return self._send(b"data: {this is not json\n\n")
        if "tool" in step:
            arguments = json.dumps(step["arguments"])
            if step.get("repeat_name"):  # as llama-cpp-python streams: the arguments in pieces, each with the name
                for piece in (arguments[: len(arguments) // 2], arguments[len(arguments) // 2:]):
                    self._chunk({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                                 "function": {"name": step["tool"], "arguments": piece}}]})
            else:
                self._chunk({"tool_calls": [{"index": 0, "id": "call_1", "type": "function",
                                             "function": {"name": step["tool"], "arguments": arguments}}]})
            return self._finish("tool_calls")
        chunks = step.get("text") or step.get("drop_after") or step.get("unfinished") or step.get("slow") or []
        for piece in chunks:
            self._chunk({"content": piece})
            time.sleep(step.get("gap", 0))
        if "drop_after" in step:
            return  # the connection closes mid-body: no finish chunk, no [DONE], no last HTTP chunk
        if "unfinished" in step:
            return self._send(b"")  # a well-ended body that never says the answer finished
        self._finish("stop")
        self._send(b"")  # the zero-length chunk that ends the body

    def _chunk(self, delta, finish=None):
        chunk = {"id": "chatcmpl-standin", "object": "chat.completion.chunk", "created": 0, "model": "stand-in",
                 "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
        self._send(f"data: {json.dumps(chunk)}\n\n".encode())

    def _finish(self, reason):
        self._chunk({}, reason)
        self._send(b"data: [DONE]\n\n")

    def _send(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def _json(self, status, value):
        data = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class StandIn:
    """The stand-in server in its own process on a free loopback port; `url` is its OpenAI base URL."""

    def __init__(self):
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self):
        """Start the process and wait until it listens."""
        self.process = subprocess.Popen([sys.executable, "-m", "tests.llm_standin", str(self.port)])
        wait_for_port(self.port, self.process)
        return self

    def play(self, *steps):
        """Set the answers of the next requests, one step each, and forget the requests received so far."""
        requests.post(f"http://127.0.0.1:{self.port}/_script", json=list(steps), timeout=5).raise_for_status()

    def offer_tokenizer(self, offered, hang=0):
        """Offer the tokenizer endpoint (True) or answer it 404 (False), after `hang` seconds; forget what it was asked."""
        requests.post(f"http://127.0.0.1:{self.port}/_tokenizer", json={"offered": offered, "hang": hang},
                      timeout=5).raise_for_status()

    def tokenized(self):
        """The texts the tokenizer was asked about since the last `offer_tokenizer`."""
        return requests.get(f"http://127.0.0.1:{self.port}/_tokenized", timeout=5).json()

    def received(self):
        """The request bodies received since the last `play`."""
        return requests.get(f"http://127.0.0.1:{self.port}/_requests", timeout=5).json()

    def stop(self):
        """Stop the process by its PID."""
        stop(self.process)


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
