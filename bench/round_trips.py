"""Redis round trips per request, counted on the wire to a private redis-server (limits off and on)."""
import re
import tempfile

from tests.servers import RedisServer, RoundTripCounter
from webapp import create_app


def measure(redis_url, limits):
    """{request: round trips} for one app with rate limits on or off."""
    app = create_app({"REDIS_URL": redis_url, "SESSION_BACKEND": "redis", "RATELIMIT_ENABLED": limits})
    api, page = app.test_client(), app.test_client()
    session_id = api.post("/api/v1/chat", json={"message": "show me tvs"}).get_json()["session_id"]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.get("/").get_data(as_text=True)).group(1)

    def page_turn(text):
        return page.post("/chat", data={"message": text, "csrf_token": token}, headers={"HX-Request": "true"})

    page_turn("show me tvs")
    with RoundTripCounter() as trips:
        return {
            "API chat turn": trips.during(lambda: api.post("/api/v1/chat", json={"message": "which is cheapest?",
                                                                                  "session_id": session_id})),
            "API history read": trips.during(lambda: api.get(f"/api/v1/chat/session/{session_id}")),
            "page chat turn (htmx)": trips.during(lambda: page_turn("which is cheapest?")),
            "page load with history": trips.during(lambda: page.get("/")),
        }


def bench_round_trips():
    """Print a table of round trips per request."""
    with tempfile.TemporaryDirectory() as folder:
        server = RedisServer(folder).start()
        try:
            off, on = measure(server.url, "false"), measure(server.url, "true")
        finally:
            server.stop()
    print("## Redis round trips per request\n")
    print("| request | rate limits off | rate limits on |\n|---|---|---|")
    for name in off:
        print(f"| {name} | {off[name]} | {on[name]} |")
    print()
