"""A recording reverse proxy on loopback, between the app and a real model server, for the end-to-end test.

Not a stand-in: it forwards every request as it came (method, path, headers, body) to the real server and passes
the answer back as it arrives (a streamed answer piece by piece, re-chunked), and records each request's body and
the answer's body, so a test can see what reached the server and what came back. It runs on a thread of the
test's process; `stop` shuts it down.
"""
import http.client
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.servers import free_port

# Headers of one hop, not of the message: http.client and this server set their own.
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host", "te", "trailer", "upgrade"}


class Exchange:
    """One request forwarded: its path, its JSON body (or None), and the answer's status and body as text."""

    def __init__(self, path, body):
        self.path, self.body, self.status, self.answer = path, body, None, ""


class RecordingProxy:
    """Forwards 127.0.0.1:<port> to `upstream` (host, port); `exchanges` lists what went through, oldest first."""

    def __init__(self, upstream_port):
        self.port = free_port()
        self.exchanges, self.lock = [], threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def handle(self):
                try:
                    super().handle()
                except ConnectionResetError:
                    pass  # a client closing its kept-alive connection while this waits for its next request

            def do_GET(self):
                self._forward()

            def do_POST(self):
                self._forward()

            def _forward(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                exchange = Exchange(self.path, _json_or_none(body))
                with proxy.lock:
                    proxy.exchanges.append(exchange)
                upstream = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=600)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                upstream.request(self.command, self.path, body=body, headers=headers)
                answer = upstream.getresponse()
                exchange.status = answer.status
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in HOP_BY_HOP:
                        self.send_header(key, value)
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                try:
                    while piece := answer.read1(65536):  # whatever has arrived: a stream passes as it comes
                        exchange.answer += piece.decode("utf-8", "replace")
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                        self.wfile.flush()
                    self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the app closed the stream: the close goes on to the server
                finally:
                    upstream.close()

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self):
        """Start forwarding."""
        self.thread.start()
        return self

    def since(self, count):
        """The exchanges after the first `count`."""
        with self.lock:
            return list(self.exchanges[count:])

    def stop(self):
        """Stop forwarding and close the listening socket."""
        self.server.shutdown()
        self.server.server_close()


def _json_or_none(body):
    try:
        return json.loads(body) if body else None
    except ValueError:
        return None


def streamed_tool_calls(answer):
    """[(name, arguments)] of the tool calls in a streamed chat-completions answer (its `data:` lines)."""
    calls = {}
    for line in answer.splitlines():
        if not line.startswith("data: ") or line == "data: [DONE]":
            continue
        for choice in json.loads(line[6:]).get("choices", []):
            for call in (choice.get("delta") or {}).get("tool_calls") or []:
                name, arguments = calls.get(call.get("index", 0), ("", ""))
                function = call.get("function") or {}
                piece = function.get("name") or ""
                calls[call.get("index", 0)] = (name if piece == name else name + piece,
                                               arguments + (function.get("arguments") or ""))
    return [calls[i] for i in sorted(calls)]


def streamed_text(answer):
    """The text of a streamed chat-completions answer."""
    pieces = []
    for line in answer.splitlines():
        if line.startswith("data: ") and line != "data: [DONE]":
            for choice in json.loads(line[6:]).get("choices", []):
                pieces.append((choice.get("delta") or {}).get("content") or "")
    return "".join(pieces)
