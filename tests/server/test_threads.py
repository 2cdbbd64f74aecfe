"""Answers that need no computing are given in the event loop, never waiting for a thread.

While students wait for new traces, every worker thread may be busy or blocked on a compute
slot; a student who asks for a trace already computed (the lecturer's example), the page or
Plotly must still be answered at once (bench/load/lecture.py: the `probe` row).
"""

from __future__ import annotations

import anyio.to_thread
import pytest

CACHED = [
    "/api/v1/trace?text=hello&cell=gru&hidden=4",
    "/api/v1/compare?text=hello&hidden=4&cells=rnn,lstm",
    "/api/v1/sample?text=hello&start=h&hidden=4&length=3",
    "/api/v1/recall?hidden=4&n_distract=2&steps=2&batch=2",
]
PAGE = ["/", "/vendor/plotly.min.js", "/static/js/main.js"]


def test_cached_answers_and_the_page_need_no_thread(make_client, monkeypatch):
    c = make_client()
    first = {url: c.get(url) for url in CACHED}
    assert all(r.status_code == 200 for r in first.values())

    def no_threads(*args, **kwargs):
        raise AssertionError("a worker thread was used")

    monkeypatch.setattr(anyio.to_thread, "run_sync", no_threads)
    for url in CACHED:
        again = c.get(url)
        assert again.status_code == 200 and again.content == first[url].content, url
    for url in PAGE:
        assert c.get(url).status_code == 200, url
    # the guard is real: a trace not computed yet does need a thread
    with pytest.raises(AssertionError, match="worker thread"):
        c.get("/api/v1/trace?text=hello&cell=gru&hidden=5")


def test_requests_that_compute_get_the_threads_the_settings_give(make_client):
    """A request waiting for a compute slot holds a thread: anyio's 40 made the others queue
    first come first served before the slots' cheapest-first order (RNNSCOPE_MAX_THREADS)."""
    c = make_client(max_threads=123)

    def total() -> float:
        return anyio.to_thread.current_default_thread_limiter().total_tokens

    assert c.portal.call(total) == 123
