"""Data planted in Redis is never executed, and rejected API bodies write nothing to Redis."""
import logging
import pickle

import pytest

from tests.conftest import cookie_session_id
from webapp.memory import is_well_formed, new_session_id
from webapp.memory.store import session_key

pytestmark = pytest.mark.parametrize("backend_name", ["redis"])


class CreatesFile:
    """Unpickling this opens (creates) `path` for writing."""

    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return open, (self.path, "w")


def test_point_8_planted_pickle_is_not_unpickled(make_app, redis_client, tmp_path, caplog):
    """A pickle under session:<id> is ignored (with a warning): nothing runs and the browser gets a new id."""
    probe, marker = tmp_path / "probe", tmp_path / "marker"
    pickle.loads(pickle.dumps(CreatesFile(probe))).close()
    assert probe.exists()  # the payload is live: unpickling it does create its file
    planted = new_session_id()
    redis_client.set(session_key(planted), pickle.dumps(CreatesFile(marker)), ex=60)

    client = make_app().test_client()
    client.set_cookie("session_id", planted)
    with caplog.at_level(logging.WARNING, logger="webapp"):
        response = client.get("/")
    assigned = cookie_session_id(client)
    assert response.status_code == 200 and not marker.exists()
    assert assigned != planted and is_well_formed(assigned)
    assert any(r.name == "webapp.backends" and r.levelno == logging.WARNING for r in caplog.records)


BAD_BODIES = [b"{bad", b"[1]", b'{"message": 123}', b'{"message": "   "}', b'{"message": "hi", "session_id": 5}',
              b'{"message": "a", "max_results": 0}']


@pytest.mark.parametrize("raw", BAD_BODIES, ids=[body.decode() for body in BAD_BODIES])
def test_rejected_body_leaves_redis_empty(make_app, redis_client, raw):
    response = make_app().test_client().post("/api/v1/chat", data=raw, content_type="application/json")
    body = response.get_json(silent=True)
    assert response.status_code == 400 and body["success"] is False and isinstance(body["error"]["code"], str)
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert redis_client.keys("*") == []
