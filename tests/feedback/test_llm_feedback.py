"""The optional language-model feedback, against a small OpenAI-compatible server on a real local socket."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from scoring.feedback import AnswerInput, QuestionInput
from scoring.feedback.llm import LLMConfig, analyse_with_llm

QUESTION = QuestionInput(
    round_kind="ml_breadth",
    prompt="Why does accuracy mislead on imbalanced data?",
    key_points=["Compare with the majority-class baseline.", "Use precision and recall on the rare class."],
    red_flags=["Reports 99% accuracy as a success.", "Never mentions the rare class."],
    red_flag_examples=["We hit 99% accuracy, so the model is clearly great.", ""],
    title="Accuracy on imbalanced data",
)
ANSWER = AnswerInput(
    text="Always predicting the majority class gives 99% accuracy, so compare with that baseline."
)
GOOD = {
    "key_points": [
        {"index": 0, "status": "covered", "evidence": "compare with that baseline"},
        {"index": 1, "status": "missing", "evidence": ""},
    ],
    "summary": "Names the baseline; never gets to precision and recall.",
    "add_next_time": ["Precision and recall on the rare class."],
}


class Handler(BaseHTTPRequestHandler):
    mode = "good"
    seen: list[dict[str, Any]] = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        Handler.seen.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
        if Handler.mode == "slow":
            time.sleep(2)
        content = {
            "good": json.dumps(GOOD),
            "slow": json.dumps(GOOD),
            "bad-json": "Sure! Here is my assessment: covered, missing.",
            "bad-shape": json.dumps({"key_points": [{"index": 7, "status": "great"}]}),
        }[Handler.mode]
        reply = json.dumps({"choices": [{"message": {"role": "assistant", "content": content}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.seen = []
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _config(server, timeout=5.0):
    return LLMConfig.from_env(
        {
            "FEEDBACK_LLM_URL": f"http://127.0.0.1:{server.server_address[1]}/v1",
            "FEEDBACK_LLM_MODEL": "local-test",
            "FEEDBACK_LLM_API_KEY": "k-123",
            "FEEDBACK_LLM_TIMEOUT": str(timeout),
        }
    )


def test_it_is_off_unless_configured():
    assert LLMConfig.from_env({}) is None
    result = analyse_with_llm(QUESTION, ANSWER, config=None)
    assert "llm" not in result and "llm_error" not in result


def test_a_valid_reply_is_added_beside_the_offline_read(server):
    Handler.mode = "good"
    result = analyse_with_llm(QUESTION, ANSWER, config=_config(server))
    assert result["llm"]["summary"] == GOOD["summary"]
    assert [kp["status"] for kp in result["llm"]["key_points"]] == ["covered", "missing"]
    assert result["key_points"]  # the offline engine's read is still there
    sent = Handler.seen[0]
    assert sent["path"] == "/v1/chat/completions"
    assert sent["auth"] == "Bearer k-123"
    assert sent["body"]["model"] == "local-test"
    prompt = sent["body"]["messages"][1]["content"]
    assert "Compare with the majority-class baseline." in prompt and ANSWER.text in prompt
    assert '- Reports 99% accuracy as a success. (sounds like: "We hit 99% accuracy, so the model' in prompt
    assert "- Never mentions the rare class.\n" in prompt


@pytest.mark.parametrize("mode", ["bad-json", "bad-shape"])
def test_a_reply_of_the_wrong_shape_falls_back_to_the_offline_engine(server, mode):
    Handler.mode = mode
    result = analyse_with_llm(QUESTION, ANSWER, config=_config(server))
    assert "llm" not in result
    assert "not the expected JSON" in result["llm_error"]
    assert result["status"] == "analysed" and result["key_points"]


def test_a_slow_endpoint_times_out_and_falls_back(server):
    Handler.mode = "slow"
    result = analyse_with_llm(QUESTION, ANSWER, config=_config(server, timeout=0.3))
    assert "llm" not in result
    assert "did not answer" in result["llm_error"]


def test_an_unreachable_endpoint_falls_back():
    config = LLMConfig(url="http://127.0.0.1:9/v1", model="x", timeout=1)
    result = analyse_with_llm(QUESTION, ANSWER, config=config)
    assert "llm" not in result and "did not answer" in result["llm_error"]
