# Production image: Python 3.13 slim, static files collected at build time, served by gunicorn.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --create-home --uid 1000 newsdesk

COPY pyproject.toml README.md ./
COPY newsdesk ./newsdesk
COPY claims ./claims
RUN pip install .

COPY manage.py ./
COPY templates ./templates
COPY static ./static
# collectstatic needs settings that import in production mode; the key is a build-time dummy.
RUN DJANGO_DEBUG=false DJANGO_SECRET_KEY=collectstatic-only-not-a-secret \
    NEWSDESK_SITE_URL=https://build.invalid \
    python manage.py collectstatic --noinput

USER newsdesk
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn newsdesk.wsgi:application --bind 0.0.0.0:8000 --workers ${GUNICORN_WORKERS:-3} --access-logfile -"]
