"""bench/load/students.py page_plan(): a simulated student's first visit asks for what the page
asks for, Plotly.js included (static/js/plotly.js loads it after the first paint, from the
body's data-plotly: no script tag names it), once, gzipped, after the first answer."""

import asyncio
from urllib.parse import urlparse

from bench.load.client import Pool
from bench.load.pagestate import kind_of
from bench.load.students import check, page_plan


def test_the_first_visit_fetches_plotly_once_after_the_first_answer(live_server):
    where = urlparse(live_server)

    async def visit():
        pool = Pool(where.hostname, where.port)
        try:
            plan = await page_plan(pool)
            reply = await pool.get(plan[-1][0], keep_body=False)
            return plan, reply
        finally:
            pool.close()

    plan, reply = asyncio.run(visit())
    targets = [t for wave in plan for t in wave]
    plotly = [t for t in targets if kind_of(t) == "plotly"]
    assert len(plotly) == 1 and plan[-1] == plotly  # last: once the first chart is due
    assert any(kind_of(t) == "trace" for wave in plan[:-1] for t in wave)
    assert check("plotly", reply, full=False) is None  # 200, gzipped
    assert reply.nbytes > 500_000
