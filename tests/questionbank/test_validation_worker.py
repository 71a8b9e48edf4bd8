"""The sandbox check of a coding problem runs in a real Celery worker, enqueued after the save commits."""

from pathlib import Path

import pytest

from config.celery import app as celery_app
from questionbank.models import Question, ValidationStatus
from tests.grading.worker import celery_worker, free_port, redis_server, require_redis_server, wait_for

from .conftest import live_version
from .test_coding_pages import CODING_FORM

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def real_broker():
    """This process's Celery sends to a private Redis instead of running tasks inline."""
    require_redis_server()
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    saved = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = url, False
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    yield port, url
    celery_app.conf.broker_url, celery_app.conf.task_always_eager = saved
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _status(slug: str) -> str:
    return live_version(Question.objects.get(slug=slug)).validation_status


def test_a_saved_coding_problem_is_checked_by_the_worker(
    carol_client, topics, sandbox, real_broker, tmp_path: Path
):
    port, url = real_broker
    log = tmp_path / "worker.log"
    with redis_server(port), celery_worker(broker_url=url, log=log):
        response = carol_client.post("/bank/coding/new/", {**CODING_FORM, "save": "1"})
        assert response.status_code == 302
        wait_for(lambda: _status("add-one") == ValidationStatus.PASSED, 60, "the worker's check", log)
    version = live_version(Question.objects.get(slug="add-one"))
    assert version.validation["reference"] == {**version.validation["reference"], "passed": 2, "total": 2}
    assert "validate_coding_version" in log.read_text()


def test_a_broker_down_at_save_time_keeps_the_check_queued_until_sent_again(
    carol_client, topics, sandbox, real_broker, tmp_path: Path
):
    port, url = real_broker
    response = carol_client.post("/bank/coding/new/", {**CODING_FORM, "save": "1"})  # nothing listens yet
    assert response.status_code == 302, "the save itself never fails for the broker"
    assert _status("add-one") == ValidationStatus.PENDING
    log = tmp_path / "worker.log"
    with redis_server(port), celery_worker(broker_url=url, log=log):
        carol_client.post("/bank/add-one/validation/")
        wait_for(lambda: _status("add-one") == ValidationStatus.PASSED, 60, "the check sent again", log)
