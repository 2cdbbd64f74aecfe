"""GET /api/v1/models/{id}/units: what a stored model's units do on a long text.

Every unit's activation (h, c, each gate) after each token; with `pattern`, the units ranked
by AUC as detectors of the tokens it marks, beside the same architecture untrained; and one
unit's activation per token, for the long-text view. Seconds of work for 10,000 characters:
computed in the training lane (server/lessons.py), once per URL (the model id is its content).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response

from rnnscope.core import units as U
from rnnscope.core.checkpoints import Imported

from ..engine import Engine, Job, key
from ..models.units import UnitsOut
from ..params import UnitsQuery
from ..payload import Payload
from .common import QUERY_RESPONSES, computed, single_valued
from .models import ERRORS, ModelId, Store, _found

router = APIRouter(prefix="/api/v1", tags=["models"], dependencies=[Depends(single_valued)])


def units_payload(model_id: str, model: Imported, query: Any) -> dict[str, Any]:
    """The answer: tokens, marks, rankings (with a pattern) and one unit's values."""
    spec = model.spec
    if query.pattern:
        found = U.find(model.params, spec, model.vocab, model.tokens, query.text, query.pattern,
                       query.top)  # fmt: skip
        tokens, acts, marked = found["tokens"], found["acts"], found["marked"].tolist()
        ranked = [vars(u) for u in found["units"]]
        baseline = [vars(u) for u in found["baseline"]]
    else:
        _, tokens, ids = U.read_text(query.text, model.vocab, model.tokens)
        acts, marked, ranked, baseline = U.activations(model.params, spec, ids), None, None, None
    if query.unit:
        layer, kind, unit = U.parse_unit(query.unit, spec)
    elif ranked:
        layer, kind, unit = ranked[0]["layer"], ranked[0]["kind"], ranked[0]["unit"]
    else:
        layer, kind, unit = 0, "h", 0
    values = acts[layer][kind][:, unit]
    return {
        "model": model_id,
        "tokens": tokens,
        "marked": marked,
        "units": ranked,
        "baseline": baseline,
        "unit": {"layer": layer, "kind": kind, "unit": unit},
        "values": [round(float(v), 5) for v in values],
    }


@router.get(
    "/models/{model_id}/units",
    response_model=UnitsOut,
    responses={**QUERY_RESPONSES, **ERRORS},
)
async def get_units(
    model_id: ModelId,
    request: Request,
    store: Store,
    query: Annotated[UnitsQuery, Query()],
) -> Response:
    """Every unit's activation on `text`; units ranked as detectors of `pattern` (AUC)."""
    record = _found(store, model_id)
    lane: Engine = request.app.state.lessons.recalls
    cache_key = key(f"units:{model_id}", query)

    def job() -> Job:
        cost = U.estimate_seconds(record.hidden, record.layers, len(query.text),
                                  bool(query.pattern))  # fmt: skip
        return Job(cost, lambda stop: units_payload(model_id, store.load(record), query))

    def compute(gone: Callable[[], bool]) -> Payload:
        return lane.run(cache_key, job, gone)

    return await computed(request, lane.cache.get(cache_key), compute)
