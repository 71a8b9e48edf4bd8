"""Production settings: `check --deploy` is clean, and a missing SECRET_KEY is refused."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "production-secret-key-with-enough-entropy-0123456789",
        ALLOWED_HOSTS="mockloop.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_secret_key_is_required_when_debug_is_off():
    result = _manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def _compose_app_defaults() -> dict[str, str]:
    """The web container's environment as docker compose resolves it with an empty .env."""
    import re

    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    env = {}
    for key, value in compose["services"]["web"]["environment"].items():
        match = re.fullmatch(r"\$\{(\w+):[-?]([^}]*)\}", str(value))
        env[key] = match.group(2) if match else str(value)
    return env


def _env_example() -> dict[str, str]:
    pairs = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def test_env_example_with_the_compose_defaults_passes_check_deploy(tmp_path):
    """What `cp .env.example .env && docker compose up` runs with: no warning (W008 no HTTPS redirect,
    W009 a weak SECRET_KEY were the old example's), and the key is generated into the secrets volume."""
    env = {**_compose_app_defaults(), **_env_example()}
    assert env["SECURE_SSL_REDIRECT"] == "1" and not env.get("SECRET_KEY")
    env.pop("DATABASE_URL")  # no PostgreSQL named `db` here; the settings checked do not depend on it
    env.pop("REDIS_URL")
    env["SECRET_KEY_FILE"] = str(tmp_path / "secret_key")
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 64 and oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"
    # Every process started after it reads the same key.
    again = _manage("shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)", **env)
    assert again.stdout.strip().splitlines()[-1] == key
