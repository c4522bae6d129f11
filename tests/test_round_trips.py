"""Redis round trips per request, counted on the wire: the app talks to the private redis-server through a
loopback relay that counts each request burst (bytes from the app after Redis last answered, or first)."""
import re
import socket
import threading

import pytest

from tests.servers import free_port
from webapp import create_app


class CountingRelay:
    """A TCP relay on a free loopback port in front of Redis; `trips` counts the app's request bursts."""

    def __init__(self, target_port):
        self.target_port, self.port, self.trips = target_port, free_port(), 0
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:  # closed
                return
            server = socket.create_connection(("127.0.0.1", self.target_port))
            answered = [True]  # a burst starts when the app writes after Redis answered (or first)
            threading.Thread(target=self._pipe, args=(client, server, answered, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, answered, False), daemon=True).start()

    def _pipe(self, source, sink, answered, from_app):
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            if not data:
                for end in (source, sink):
                    end.close()
                return
            with self.lock:
                if from_app and answered[0]:
                    self.trips += 1
                answered[0] = not from_app
            sink.sendall(data)

    def during(self, action):
        """Round trips `action()` costs."""
        before = self.trips
        action()
        return self.trips - before

    def close(self):
        self.listener.close()


@pytest.fixture
def relay(redis_server, redis_client):
    counting = CountingRelay(redis_server.port)
    yield counting
    counting.close()


def trips_per_request(relay, tmp_path, limits):
    """{request: round trips} for an app on Redis (through the relay) with rate limits off or on."""
    app = create_app({"SECRET_KEY": "test-secret", "SESSION_BACKEND": "redis", "REDIS_URL": f"redis://127.0.0.1:{relay.port}/0",
                      "RATELIMIT_ENABLED": limits, "FALLBACK_DIR": str(tmp_path / f"fallback-{limits}")})
    api, page = app.test_client(), app.test_client()
    session_id = api.post("/api/v1/chat", json={"message": "show me tvs"}).get_json()["session_id"]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get("/").get_data(as_text=True)).group(1)

    def page_turn():
        response = page.post("/chat", data={"message": "which is cheapest?", "csrf_token": token}, headers={"HX-Request": "true"})
        assert response.status_code == 200 and "message" in response.get_data(as_text=True)

    def json_turn():
        assert api.post("/api/v1/chat", json={"message": "which is cheapest?", "session_id": session_id}).status_code == 200

    def history_read():
        assert len(api.get(f"/api/v1/chat/session/{session_id}").get_json()["messages"]) >= 4

    def page_view():
        assert page.get("/").get_data(as_text=True).count('data-role="user"') >= 1

    page_turn()  # the page's conversation is stored with its first message
    json_turn()
    counts = {name: relay.during(action) for name, action in
              [("json turn", json_turn), ("htmx turn", page_turn), ("page view", page_view), ("history read", history_read)]}
    app.extensions["chat_backend"].store.client.close()
    return counts


def test_round_trips_with_limits_off(relay, tmp_path):
    """A turn reads its window in one round trip and appends in one; a read is one round trip."""
    assert trips_per_request(relay, tmp_path, "false") == {"json turn": 2, "htmx turn": 2, "page view": 1, "history read": 1}


def test_rate_limits_add_one_round_trip_to_a_turn_and_none_to_a_read(relay, tmp_path):
    """A turn's two limits, per address and per conversation, are counted in one round trip; reads have no limits."""
    off, on = trips_per_request(relay, tmp_path, "false"), trips_per_request(relay, tmp_path, "true")
    assert {request: on[request] - off[request] for request in on} == {
        "json turn": 1, "htmx turn": 1, "page view": 0, "history read": 0}


def test_the_relay_counts_a_pipeline_once_and_commands_apart(relay):
    """The counter itself: one pipeline of three commands is one round trip, three commands are three."""
    import redis
    client = redis.Redis(port=relay.port)
    client.ping()
    pipe = client.pipeline(transaction=False)
    pipe.set("a", 1).get("a").delete("a")
    assert relay.during(pipe.execute) == 1
    assert relay.during(lambda: [client.set("a", 1), client.get("a"), client.delete("a")]) == 3
    client.close()
