"""server/warm.py: the recall lesson's offered seeds are computed once, at start, and kept on
disk, so that a later start (another worker, the next lecture) reads them instead."""

from __future__ import annotations

import pytest

from rnnscope.core import recall_lesson
from tests.wait import wait_for

from .stored import store_client

# The lesson's runs, made small enough for a test: 2 seeds x 3 cells, a few steps each
# (pool_above=0: computed in the pool and kept on disk as the real runs, seconds each, are).
SMALL = {"n_distract": 3, "steps": 3, "batch": 2, "hidden": 4, "lr": 0.01}


@pytest.fixture
def small_lesson(monkeypatch):
    monkeypatch.setattr(recall_lesson, "SETUP", SMALL)
    monkeypatch.setattr(recall_lesson, "SEEDS", range(2))
    return recall_lesson.queries()


def warmed(client) -> dict:
    wait_for(
        lambda: (h := client.get("/healthz").json()["recall_lesson"])["kept"] == h["of"],
        "the lesson's runs to be kept",
        timeout=120,
    )
    return client.get("/healthz").json()


def test_the_offered_seeds_are_computed_at_start_and_answered_from_then_on(tmp_path, small_lesson):
    assert [q["seed"] for q in small_lesson] == [0, 0, 0, 1, 1, 1]  # the page's seed first
    with store_client(tmp_path, warm_recall=True, pool_above=0) as client:
        health = warmed(client)
        assert health["recall_lesson"] == {"kept": 6, "of": 6, "warming": True}
        assert health["compute"]["shared"]["stores"] == 6  # computed here, once each
        misses = health["cache"]["misses"]
        for query in small_lesson:
            r = client.get("/api/v1/recall", params=query)
            assert r.status_code == 200 and r.json()["request"]["seed"] == query["seed"]
        after = client.get("/healthz").json()
        assert after["cache"]["misses"] == misses and after["compute"]["runs"] == 6


def test_a_later_start_reads_them_from_the_data_directory(tmp_path, small_lesson):
    with store_client(tmp_path, warm_recall=True, pool_above=0) as client:
        warmed(client)
    with store_client(tmp_path, warm_recall=True, pool_above=0) as again:
        health = warmed(again)
        assert health["compute"]["runs"] == 0  # nothing computed: all read from disk
        assert health["compute"]["shared"]["hits"] == 6


def test_without_the_setting_nothing_is_computed(tmp_path, small_lesson):
    with store_client(tmp_path, pool_above=0) as client:
        health = client.get("/healthz").json()
        assert health["recall_lesson"] == {"kept": 0, "of": 6, "warming": False}
        assert health["compute"]["runs"] == 0


def test_the_real_runs_are_heavy_so_they_are_kept_on_disk():
    from rnnscope.server.lessons import check_recall
    from rnnscope.server.params import RecallQuery
    from rnnscope.server.settings import Settings

    for query in recall_lesson.queries():
        assert check_recall(RecallQuery.model_validate(query)) >= Settings().pool_above, query
