"""The optimisers stepped on one joined vector (what core.train does) give every tensor the
same numbers, to the bit, as stepped tensor by tensor."""

import numpy as np
import pytest

from rnnscope.core import optim


def tensors(rng, scale=1.0):
    return {
        "w": scale * rng.standard_normal((3, 4)),
        "b": scale * rng.standard_normal(3),
        "e": scale * rng.standard_normal((2, 2, 2)),
    }


def test_split_undoes_joined_in_names_shapes_and_order():
    rng = np.random.default_rng(0)
    t = tensors(rng)
    flat = optim.joined(t, t)
    assert flat.shape == (12 + 3 + 8,)
    back = optim.split(flat, t)
    assert list(back) == list(t)
    for k in t:
        assert back[k].shape == t[k].shape and np.array_equal(back[k], t[k])
    reordered = {"b": t["b"], "w": t["w"], "e": t["e"]}
    assert np.array_equal(optim.joined(t, reordered)[:3], t["b"])  # `like` sets the order


@pytest.mark.parametrize("name,lr", [("adam", 0.05), ("sgd", 0.5), ("adagrad", 0.2)])
def test_a_step_on_the_joined_vector_is_the_step_of_each_tensor(name, lr):
    rng = np.random.default_rng(1)
    params = tensors(rng)
    theta = {"all": optim.joined(params, params)}
    each, s_each = params, optim.init_state(name, params)
    s_all = optim.init_state(name, theta)
    for _ in range(4):
        grads = tensors(rng, 0.1)
        each, s_each = optim.update(name, lr, each, grads, s_each)
        theta, s_all = optim.update(name, lr, theta, {"all": optim.joined(grads, params)}, s_all)
    for k, v in optim.split(theta["all"], params).items():
        assert np.array_equal(v, each[k]), k
