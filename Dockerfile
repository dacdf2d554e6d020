# Image of the technology exchange (package `app`, console script `techex`).
#
#   docker build -t techex:latest .
#   docker run --rm -p 8000:8000 -v techex-data:/data techex:latest   # dev settings, SQLite + tantivy in /data
#
# Layout decision: app/core/migrations.py finds alembic.ini and migrations/ at
# Path(__file__).parents[2], i.e. the directory that holds the `app` package. A plain
# `pip install .` would put `app` in site-packages, away from alembic.ini and migrations/,
# so the source tree is kept whole at /app and installed there in *editable* mode
# (`pip install --no-deps -e .`): the venv then holds only a path hook mapping `app` to
# /app/app plus the `techex` script, and the runtime stage copies /opt/venv and /app
# to the very same paths, which the hook and the scripts' shebangs rely on.
# Dependencies are installed first, from the list in pyproject.toml alone, so that editing
# the code does not reinstall them (only pyproject.toml changes invalidate that layer).

# Both stages on the same Debian release, so the venv copied from one to the other finds the
# same /usr/local/bin/python3.11 and the same system libraries.
ARG PYTHON_VERSION=3.11
ARG DEBIAN_RELEASE=bookworm

# ---------------------------------------------------------------------------- builder
# The full python image already has the build deps (gcc, make, headers) for any dependency
# without a wheel for the platform, so the build reaches no package source but PyPI.
FROM python:${PYTHON_VERSION}-${DEBIAN_RELEASE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /app

# 1) Third-party dependencies: cached as long as pyproject.toml does not change.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt

# 2) The project itself (see .dockerignore for what stays out), editable at /app;
#    `techex --help` fails the build early if the console script cannot import.
COPY . .
RUN pip install --no-cache-dir --no-deps -e . \
    && python -m compileall -q app migrations \
    && techex --help > /dev/null

# ---------------------------------------------------------------------------- runtime
FROM python:${PYTHON_VERSION}-slim-${DEBIAN_RELEASE} AS runtime

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    TECHEX_DATA_DIR=/data

# Unprivileged user; /data is created and owned by it before VOLUME, so that a new named
# volume mounted there starts with that ownership.
RUN groupadd --system --gid 10001 techex \
    && useradd --system --uid 10001 --gid 10001 --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin techex \
    && mkdir -p /data \
    && chown 10001:10001 /data

COPY --from=builder /opt/venv /opt/venv
# Code stays owned by root (read-only for the service user).
COPY --from=builder /app /app

WORKDIR /app
USER 10001:10001
VOLUME ["/data"]
EXPOSE 8000

# No curl in the slim image: the standard library does it (urlopen raises on non-2xx).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]

# On SQLite (no TECHEX_DATABASE_URL) `serve` applies the migrations itself; with PostgreSQL
# run `techex migrate` first (compose.yaml has a one-shot `migrate` service for it).
CMD ["techex", "serve", "--host", "0.0.0.0", "--port", "8000"]
