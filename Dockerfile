# One image for web, worker and beat. Candidate code runs in bubblewrap inside the worker container.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    MOCKLOOP_VAR_DIR=/app/var MOCKLOOP_SANDBOX_SITE=/opt/sandbox-site
RUN apt-get update \
    && apt-get install -y --no-install-recommends bubblewrap libpq5 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml ./
COPY config ./config
COPY interviews ./interviews
COPY questionbank ./questionbank
COPY scoring ./scoring
RUN pip install . && python -m scoring.judge.build_sandbox_site /opt/sandbox-site \
    && python -m scoring.feedback.prepare_model
COPY . .
# collectstatic needs settings that import cleanly; the real SECRET_KEY comes at run time.
RUN SECRET_KEY=build-only DEBUG=0 python manage.py collectstatic --noinput \
    && useradd --system --uid 1000 --home /app mockloop && mkdir -p /app/var /app/secrets && chown -R mockloop /app/var /app/secrets
USER mockloop
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
