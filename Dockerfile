# rnnscope: the page, Plotly.js and the JSON API from one Python process (or several workers).
#   docker build -t rnnscope .
#   docker run -p 8000:8000 -e RNNSCOPE_WORKERS=2 rnnscope
# Stage 1 builds the wheel (package `rnnscope`: the page's files are package data); stage 2
# installs it, not editable, into a slim image that runs as a non-root user.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY rnnscope ./rnnscope
COPY core ./core
COPY server ./server
COPY templates ./templates
COPY static ./static
RUN pip wheel --no-deps --wheel-dir /wheels .

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    RNNSCOPE_HOST=0.0.0.0 \
    RNNSCOPE_PORT=8000 \
    RNNSCOPE_WORKERS=1 \
    RNNSCOPE_DATA_DIR=/data

RUN useradd --create-home --uid 10001 rnnscope && mkdir /data && chown 10001 /data
VOLUME /data

COPY --from=build /wheels /wheels
RUN pip install /wheels/*.whl && rm -rf /wheels \
    && cd / && python -c "import rnnscope.server.main" && ! python -c "import core" 2>/dev/null

USER 10001
WORKDIR /home/rnnscope
EXPOSE 8000

# slim has no curl: ask /healthz with Python's standard library.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; u.urlopen('http://127.0.0.1:' + os.environ.get('RNNSCOPE_PORT', '8000') + '/healthz', timeout=4)"]

# `rnnscope serve` reads RNNSCOPE_HOST, RNNSCOPE_PORT and RNNSCOPE_WORKERS.
CMD ["rnnscope", "serve"]
