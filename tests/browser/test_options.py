"""The page's option table is the API's: every model option the page parses, shows and sends
has the limits and allowed values /openapi.json states (core/options.py declares them once)."""

from __future__ import annotations

import httpx

from rnnscope.core.options import ANSWERING

from .test_page import open_page

# The page's properties (static/js/state.js), as the page itself holds them.
PAGE_PROPS = """async () => {
    const {PROPS} = await import('/static/js/state.js');
    return PROPS;
}"""


def api_params(live_server: str, endpoint: str) -> dict[str, dict]:
    spec = httpx.get(f"{live_server}/openapi.json").json()
    return {p["name"]: p for p in spec["paths"][f"/api/v1/{endpoint}"]["get"]["parameters"]}


def limits(schema: dict) -> dict:
    """Limits and allowed values of a parameter's schema, as the page's property states them."""
    variants = schema.get("anyOf", [schema])
    (s,) = [v for v in variants if v.get("type") != "null"]
    kind = {"integer": "int", "number": "float", "boolean": "bool"}.get(s["type"])
    out = {
        "type": kind or ("enum" if "enum" in s else "str"),
        "nullable": len(variants) == 2,
        "values": s.get("enum"),
        "min": s.get("exclusiveMinimum", s.get("minimum")),
        "minOpen": "exclusiveMinimum" in s,
        "max": s.get("maximum"),
        "maxLength": s.get("maxLength"),
    }
    return out


def page_limits(prop: dict) -> dict:
    return {
        "type": prop["type"],
        "nullable": bool(prop.get("nullable")),
        "values": prop.get("values"),
        "min": prop.get("min"),
        "minOpen": bool(prop.get("minOpen")),
        "max": prop.get("max"),
        "maxLength": prop.get("maxLength"),
    }


def test_page_options_and_openapi_agree(page, live_server):
    open_page(page, "?text=hello&lang=en")
    props = {p["name"]: p for p in page.evaluate(PAGE_PROPS)}
    trace = api_params(live_server, "trace")
    compare = api_params(live_server, "compare")
    sent = {name for name, p in props.items() if p.get("api")}
    assert sent == set(trace) - set(ANSWERING), sent ^ set(trace)  # fit: asking.js adds it
    for name, param in trace.items():
        if name in ANSWERING:
            continue
        want = limits(param["schema"])
        if name == "cell":  # the page's fourth choice asks /api/v1/compare for every cell
            want["values"] = [*want["values"], "compare"]
            cells = trace["cell"]["schema"]["enum"]
            assert compare["cells"]["schema"]["default"] == ",".join(cells)
        elif name == "model":  # a stored model: trace only; the page's compare mode drops it
            assert "model" not in compare and "models" in compare
        else:
            assert limits(compare[name]["schema"]) == limits(param["schema"]), name
        assert page_limits(props[name]) == want, name
    # the lessons' sampling temperature is /api/v1/sample's
    temperature = limits(api_params(live_server, "sample")["temperature"]["schema"])
    assert page_limits(props["temp"]) == {**temperature, "nullable": True}
    # the generation panel's options are /api/v1/sample's (start unset: the text's first token)
    sample = api_params(live_server, "sample")
    for name in ("length", "sample_seed"):
        assert page_limits(props[name]) == limits(sample[name]["schema"]), name
    assert page_limits(props["start"]) == {**limits(sample["start"]["schema"]), "nullable": True}


def test_a_valid_api_value_is_kept_not_replaced_by_the_default(page):
    """The page once refused init_scale < 0.01, lr < 1e-4, clip < 1e-3 that the API takes."""
    query = "init_scale=0.001&w_hh_sigma=0.005&clip=0.0005&lr=0.00005&seed=4294967295"
    open_page(page, f"?text=hello&lang=en&drawer=true&{query}")
    state = page.evaluate(
        """async () => {
        const {parse, apiRequest} = await import('/static/js/state.js');
        const s = parse(location.search);
        return {init_scale: s.init_scale, w_hh_sigma: s.w_hh_sigma, clip: s.clip, lr: s.lr,
                seed: s.seed, api: apiRequest(s), zero: parse('?init_scale=0').init_scale};
    }"""
    )
    assert state["init_scale"] == 0.001 and state["w_hh_sigma"] == 0.005
    assert state["clip"] == 0.0005 and state["lr"] == 0.00005 and state["seed"] == 2**32 - 1
    assert "init_scale=0.001" in state["api"] and "lr=0.00005" in state["api"]
    assert state["zero"] == 1  # 0 is outside (0, 100]: the default, as the API would refuse it
    assert page.locator("#drawer input[name=init_scale]").input_value() == "0.001"
