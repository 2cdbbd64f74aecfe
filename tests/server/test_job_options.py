"""POST /api/v1/jobs answers as it did before its options were declared in core/options.py:
the same defaults and limits for good bodies, the same refusals (status, field, type, limit)
for bad ones, the same schema (tests/server/job_cases.py recorded them). Fields added since
(ADDED) come after the recorded ones, with their declared defaults: added, none renamed."""

from __future__ import annotations

import json

import pytest

from rnnscope.core.options import for_endpoint

from .job_cases import ANSWERS, BAD, GOOD, answers, body_text

RECORDED = json.loads(ANSWERS.read_text(encoding="utf-8"))
# Refusals whose words say more than before (same status, field, type and limits).
SAYS_MORE = {"extra_forbidden": "allowed: corpus, cell, hidden"}
# Fields added after the recording, in declaration order: a stored model to go on from, how
# often to validate, which weights to keep, skip connections for a new model.
ADDED = ("init", "val_every", "keep", "residual")


@pytest.fixture(scope="module")
def now():
    return answers()


def test_good_jobs_keep_their_defaults_and_values(now):
    assert len(now["good"]) == len(GOOD)
    defaults = {o.name: o.default for o in for_endpoint("jobs") if o.name in ADDED}
    for body, then, got in zip(GOOD, RECORDED["good"], now["good"], strict=True):
        assert list(got) == [*then, *ADDED]  # the config's keys in the same order, then ADDED
        assert got == {**then, **defaults}, body


def test_the_schema_keeps_each_fields_type_default_and_limits(now):
    recorded = RECORDED["schema"]
    assert {k: now["schema"][k] for k in recorded} == recorded
    assert [k for k in now["schema"] if k not in recorded] == list(ADDED)


def test_bad_jobs_are_refused_as_before(now):
    for body, then, got in zip(BAD, RECORDED["bad"], now["bad"], strict=True):
        assert got["status"] == then["status"], body_text(body)
        before, after = then["body"]["detail"], got["body"]["detail"]
        assert len(after) == len(before), body_text(body)
        for b, a in zip(before, after, strict=True):
            assert (a["loc"], a["type"]) == (b["loc"], b["type"]), body_text(body)
            assert b.get("ctx", {}).items() <= a.get("ctx", {}).items(), body_text(body)
            more = SAYS_MORE.get(a["type"])
            if more:
                assert more in a["msg"], a["msg"]
            else:
                assert a["msg"].startswith(b["msg"]), (a["msg"], b["msg"])
