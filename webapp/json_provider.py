"""Flask's JSON output on msgspec: the API's bodies are encoded in C, as the stored messages are."""
import msgspec
from flask.json.provider import DefaultJSONProvider

_ENCODER = msgspec.json.Encoder()


class MsgspecJSONProvider(DefaultJSONProvider):
    """app.json whose jsonify and dumps write compact UTF-8 JSON with keys in insertion order, NaN as null.

    Reading stays the json module's (DefaultJSONProvider.loads): it tells a lone surrogate escape, valid JSON
    but not text, from malformed JSON, and the API's error codes rest on that."""

    def dumps(self, obj, **kwargs):
        """obj as a JSON string."""
        return _ENCODER.encode(obj).decode()

    def response(self, *args, **kwargs):
        """A JSON response of the arguments, as flask.jsonify takes them."""
        body = _ENCODER.encode(self._prepare_response_obj(args, kwargs))
        return self._app.response_class(body + b"\n", mimetype=self.mimetype)
