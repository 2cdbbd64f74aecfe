"""A new answer of the same shape is drawn over the view (static/js/dom.js patch): the network,
the detail panel, the figures and the heatmaps keep their elements and change only what
differs. What it draws must read exactly as the same view drawn from nothing: a keystroke's
view is compared, element by element, attribute by attribute, with a fresh page opened at the
link it wrote. The page is tall enough for every chart and heatmap to be near the window.
"""

from __future__ import annotations

import pytest

from .chromium import guarded_page

SIZE = {"width": 1366, "height": 4000}
SETTLED = """url => document.body.dataset.trace && document.body.dataset.trace !== 'example'
  && (url === null || document.body.dataset.trace.endsWith(url))"""

# Every drawn view as text: elements with their attributes sorted (a patch may set them in
# another order), generated ids numbered by creation left out, and the plots' data.
SNAPSHOT = """() => {
  const ids = (v) => v.replace(/gaps-\\d+/g, 'gaps').replace(/heat-grad-\\d+/g, 'heat-grad');
  const text = (n) => {
    if (n.nodeType === 3) return n.data;
    if (n.nodeType !== 1) return '';
    const attrs = [...n.attributes].map((a) => `${a.name}="${ids(a.value)}"`).sort().join(' ');
    return `<${n.localName} ${attrs}>${[...n.childNodes].map(text).join('')}</${n.localName}>`;
  };
  const views = '#panes svg.network, #panes .detail, #facts, .heatmap svg';
  const plots = ['chart-decay', 'chart-total']
    .map((id) => document.getElementById(id).data?.map((d) => d.y));
  return {views: [...document.querySelectorAll(views)].map(text), plots,
          images: document.querySelectorAll('.heatmap svg image').length};
}"""


def settle(page, url: str | None) -> None:
    page.wait_for_function(SETTLED, arg=url)
    page.wait_for_function("() => document.getElementById('chart-total').data?.length > 0")


def drawn(browser, live_server: str, query: str, edit, written: str) -> tuple[dict, dict, int]:
    """The view after `edit(page)` on the page opened at `query` (once its link shows
    `written`), the same view opened afresh, and how many network elements the edit created."""
    with guarded_page(browser, live_server, **SIZE) as page:
        page.goto("/" + query)
        settle(page, None)
        page.evaluate(
            "() => { for (const n of document.querySelectorAll('svg.network *')) n.__old = 1; }"
        )
        before = page.evaluate("() => document.body.dataset.trace")
        edit(page)
        page.wait_for_function("b => document.body.dataset.trace !== b", arg=before)
        url = page.evaluate("() => document.body.dataset.trace")
        settle(page, url)
        page.wait_for_function(
            "w => location.search.includes(w)", arg=written
        )  # written within 250 ms
        edited = page.evaluate(SNAPSHOT)
        created = page.evaluate(
            "() => [...document.querySelectorAll('svg.network *')].filter((n) => !n.__old).length"
        )
        link = page.url
    with guarded_page(browser, live_server, **SIZE) as fresh:
        fresh.goto(link)
        settle(fresh, url)
        return edited, fresh.evaluate(SNAPSHOT), created


def retype_last(ch: str):
    def edit(page):
        field = page.locator("#in-text")
        field.click()
        field.press("End")
        field.press("Backspace")
        field.type(ch)

    return edit


def reseed(page) -> None:
    page.locator("input[name=seed]").fill("7")


@pytest.mark.parametrize(
    ("query", "edit", "written"),
    [
        # a large network: each step's squares one image
        (
            "?text=the%20quick%20brown%20fox%20jumps%20ove&cell=lstm&hidden=32&lang=en",
            retype_last("X"),
            "ovX",
        ),
        # a small one: a rect per value; another seed, the same text
        ("?text=hello&cell=gru&hidden=8&lang=ko&step=2", reseed, "seed=7"),
        # compare mode: the LSTM drawn as images, the RNN and GRU as rects
        (
            "?text=the%20quick%20brown%20f&cell=compare&hidden=12&lang=en",
            retype_last("Z"),
            "brown+Z",
        ),
    ],
)
def test_an_answer_drawn_over_the_view_reads_as_one_drawn_afresh(
    browser, live_server, query, edit, written
):
    edited, fresh, created = drawn(browser, live_server, query, edit, written)
    assert edited["images"] > 0  # the heatmaps were drawn (near the window) on both pages
    assert edited["plots"] == fresh["plots"]
    assert len(edited["views"]) == len(fresh["views"])
    for mine, theirs in zip(edited["views"], fresh["views"], strict=True):
        assert mine == theirs
    assert created < 50  # drawn over: the network's elements were kept, not built again
