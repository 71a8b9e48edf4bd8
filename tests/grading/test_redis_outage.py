"""Redis down is a degraded mode, not an outage: with real processes (gunicorn, a Celery worker, beat) on a
private Redis that the test kills and starts again, every request a person makes still works, every
submission is saved, and all of them are graded once Redis is back. The time to grade them after Redis
returns is printed (`make bench` collects it), never asserted: the test waits with a generous deadline.
"""

import re
import time
from pathlib import Path

import pytest
import requests
from rest_framework.authtoken.models import Token

from interviews.models import Answer
from scoring.models import Submission, SubmissionStatus

from .figures import record_figure
from .worker import (
    celery_beat,
    celery_worker,
    free_port,
    redis_server,
    require_redis_server,
    wait_for,
    web_server,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
REFERENCE = (
    Path(__file__).resolve().parents[2]
    / "questionbank"
    / "bank"
    / "coding"
    / "stable-softmax"
    / "reference.py"
).read_text()
BURST = 20
# Correct, but slow enough (10 tests x 0.3 s) that Redis can be stopped while it is being graded.
SLOW_REFERENCE = REFERENCE.replace(
    "    x = np.asarray(x, dtype=float)",
    "    import time\n    time.sleep(0.3)\n    x = np.asarray(x, dtype=float)",
)


def _status(pk: int) -> str:
    return Submission.objects.values_list("status", flat=True).get(pk=pk)


PASSWORD = "correct horse battery"  # tests/factories.py


def _log_in(http: requests.Session, base: str) -> requests.Response:
    page = http.get(f"{base}/accounts/login/")
    assert page.status_code == 200
    return http.post(
        f"{base}/accounts/login/",
        data={"username": "alice", "password": PASSWORD, "csrfmiddlewaretoken": http.cookies["csrftoken"]},
        allow_redirects=False,
    )


def test_with_redis_down_every_submission_is_saved_and_graded_once_it_is_back(
    alice, coding_round, tmp_path, settings
):
    require_redis_server()
    # The web server runs with the real settings, whose hashers do not include the tests' fast MD5.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    alice.set_password(PASSWORD)
    alice.save(update_fields=["password"])
    session, item = coding_round
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    token = Token.objects.create(user=alice).key
    api = {"Authorization": f"Token {token}"}
    submit_url = f"/api/sessions/{session.pk}/items/{item.pk}/submissions/"
    env = {"GRADING_IN_FLIGHT_LIMIT": str(BURST + 1)}
    log = tmp_path / "worker.log"
    with (
        redis_server(port) as redis,
        web_server(broker_url=url, log=tmp_path / "web.log", env=env) as base,
        celery_beat(broker_url=url, log=tmp_path / "beat.log"),
        celery_worker(broker_url=url, log=log, concurrency=2),
    ):
        http = requests.Session()
        assert http.get(f"{base}/api/health/").status_code == 200
        assert http.get(f"{base}/api/profile/", headers=api).status_code == 200  # pools and cache in use

        # A grading is running when Redis dies (its task unacknowledged): the worker must survive that.
        running = http.post(
            f"{base}{submit_url}", json={"code": SLOW_REFERENCE, "kind": "submit"}, headers=api
        )
        assert running.status_code == 202
        wait_for(
            lambda: _status(running.json()["id"]) == SubmissionStatus.RUNNING, 60, "the first grading", log
        )
        redis.stop()
        down_at = time.monotonic()
        # The health checks name Redis, with 503, never 500.
        for path in ("/api/health/", "/healthz"):
            health = http.get(f"{base}{path}")
            assert health.status_code == 503, health.text
            body = health.json()
            assert set(body["down"]) == {"broker", "cache"}
            assert all(
                url.rsplit("/", 1)[0] in body["checks"][name]["detail"] for name in ("broker", "cache")
            )
        # Logging in (the session lives in the database) and using the site work.
        browser = requests.Session()
        login = _log_in(browser, base)
        assert login.status_code == 302, login.text
        dashboard = browser.get(f"{base}/dashboard/", allow_redirects=False)
        assert dashboard.status_code == 200 and "alice" in dashboard.text
        assert http.get(f"{base}/api/profile/", headers=api).status_code == 200
        # Every submission is saved; none is lost when its task cannot be sent.
        answers = [
            http.post(f"{base}{submit_url}", json={"code": REFERENCE, "kind": "submit"}, headers=api)
            for _ in range(BURST)
        ]
        assert [r.status_code for r in answers] == [202] * BURST, answers[-1].text
        ids = [r.json()["id"] for r in answers]
        rows = Submission.objects.filter(pk__in=ids)
        assert rows.count() == BURST
        assert set(rows.values_list("status", "enqueued_at")) == {(SubmissionStatus.QUEUED, None)}
        assert Answer.objects.get(item=item).text == REFERENCE  # the code is saved as the answer too
        ids.append(running.json()["id"])
        assert http.get(f"{base}/api/submissions/{ids[0]}/", headers=api).json()["pending"] is True
        outage = time.monotonic() - down_at

        redis.start()
        back_at = time.monotonic()
        wait_for(
            lambda: not Submission.objects.filter(pk__in=ids, status__in=["queued", "running"]).exists(),
            120,
            "every submission to be graded once Redis is back",
            log,
        )
        graded_after = time.monotonic() - back_at
        # The session made during the outage still works now that the cache is back.
        assert browser.get(f"{base}/dashboard/", allow_redirects=False).status_code == 200
        assert http.get(f"{base}/api/health/").status_code == 200

    assert list(rows.order_by().values_list("status", "verdict").distinct()) == [
        (SubmissionStatus.DONE, "AC")
    ]
    assert _status(ids[-1]) == SubmissionStatus.DONE  # the grading Redis died under
    graded = re.findall(r"Submission (\d+): graded", log.read_text())
    assert sorted(int(pk) for pk in graded) == sorted(ids)  # each graded once
    assert "Redis cache unavailable" in (tmp_path / "web.log").read_text()  # degraded, and said so
    record_figure(
        "Redis down at submit time",
        saved=f"{rows.count()}/{BURST}",
        graded=f"{rows.filter(status=SubmissionStatus.DONE).count()}/{BURST}",
        outage_s=round(outage, 1),
        all_graded_after_redis_back_s=round(graded_after, 2),
    )
