"""The sentence-embedding model loads in the worker only: importing the web app and serving pages never
loads onnxruntime or the model."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from scoring.feedback import embedding

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "probe")
os.environ.setdefault("DEBUG", "1")
from config.wsgi import application
from django.urls import get_resolver
get_resolver().url_patterns  # imports every view module
import scoring.machine_feedback, scoring.machine_feedback_views, scoring.tasks
from scoring.feedback import embedding
print("onnxruntime" in sys.modules, "tokenizers" in sys.modules, embedding.is_loaded())
"""


def test_importing_the_web_app_does_not_import_the_model_runtime():
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120, check=True
    )
    assert out.stdout.split() == ["False", "False", "False"], out.stderr


@pytest.mark.django_db
def test_serving_the_results_pages_does_not_load_the_model(alice_client, alice_written_round, monkeypatch):
    from interviews.services import session_submit

    monkeypatch.setattr(embedding, "_embedder", None)
    session_submit(session=alice_written_round)  # on_commit callbacks do not run here: no analysis
    for url in (
        reverse("interviews:session-results", args=[alice_written_round.pk]),
        reverse("scoring:session-machine-feedback", args=[alice_written_round.pk]),
        reverse("scoring:session-feedback", args=[alice_written_round.pk]),
    ):
        assert alice_client.get(url).status_code == 200
        assert alice_client.get(url, headers={"HX-Request": "true"}).status_code == 200
    assert not embedding.is_loaded()
