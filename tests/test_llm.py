"""The optional generative answer, against a stub OpenAI-compatible server on loopback."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kg.ask import Answer, Citation
from kg.llm import generative_answer
from kg.settings import Settings


class _Stub(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _Stub.received.append(body)
        reply = {"choices": [{"message": {"content": "LED policy applies [1]."}}]}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def stub_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def _answer() -> Answer:
    citation = Citation(1, "urn:p", "led", "LED strategy", "LED lighting support.", 0, 20, None)
    return Answer("LED?", "en", "free_text", [], "", [], [citation], {"nodes": [], "edges": []})


def test_answer_is_composed_from_citations_only(stub_url):
    text, note = generative_answer(Settings(llm_url=stub_url), _answer())
    assert text == "LED policy applies [1]." and note is None
    sent = _Stub.received[-1]["messages"][-1]["content"]
    assert "[1] (LED strategy) LED lighting support." in sent


def test_unreachable_model_falls_back_with_a_note():
    text, note = generative_answer(Settings(llm_url="http://127.0.0.1:9/v1"), _answer())
    assert text is None and "not available" in note
