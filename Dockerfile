# Production image: Python 3.13 slim, the locked dependencies, static files collected at build
# time and served by WhiteNoise, gunicorn. Migrations are a one-off step (the compose file's
# "migrate" service), never run by a web process on start.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_DEBUG=false \
    GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000 --workers 3 --access-logfile -"

WORKDIR /app
RUN useradd --create-home --uid 1000 newsdesk \
    # Share images are drawn with Debian's DejaVu fonts (claims/render/cards.py); nothing is downloaded.
    && apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir -p /app/datasets && chown newsdesk /app/datasets

COPY requirements/base.txt requirements/base.txt
RUN pip install --require-hashes -r requirements/base.txt

COPY pyproject.toml README.md manage.py ./
COPY newsdesk ./newsdesk
COPY claims ./claims
RUN pip install --no-deps .

COPY templates ./templates
COPY static ./static
COPY locale ./locale
# collectstatic needs settings that import in production mode; these are build-time dummies.
RUN DJANGO_SECRET_KEY=collectstatic-only-not-a-secret NEWSDESK_SITE_URL=https://build.invalid \
    python manage.py collectstatic --noinput \
    && DJANGO_SECRET_KEY=build-only NEWSDESK_SITE_URL=https://build.invalid \
    python manage.py compile_catalogues

USER newsdesk
EXPOSE 8000
# /healthz is answered before any host check, so the probe needs no allowed host name.
HEALTHCHECK --interval=10s --timeout=5s --retries=5 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["gunicorn", "newsdesk.wsgi:application"]
