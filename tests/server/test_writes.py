"""The write rule: with RNNSCOPE_ADMIN_TOKEN set, uploads and deletions need it; without it,
only a server listening on a loopback address takes them, and only from this machine."""

from __future__ import annotations

import pytest

from rnnscope.server.writes import is_loopback

from .processes import post, rnnscope_serve
from .stored import store_client, upload


@pytest.mark.parametrize(
    "host,expected",
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("testclient", False),
        (None, False),
        ("", False),
    ],
)
def test_is_loopback(host, expected):
    assert is_loopback(host) is expected


def writable(client, **headers) -> bool:
    return client.get("/api/v1/models", headers=headers).json()["store"]["writable"]


def test_with_a_token_writes_need_it_from_anywhere(tmp_path):
    token = "s3cret-token"
    with store_client(tmp_path, local=False, admin_token=token) as client:
        r = upload(client, "lstm.npz")
        assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
        assert r.json()["detail"][0]["loc"] == ["header", "authorization"]
        assert (
            upload(client, "lstm.npz", headers={"Authorization": "Bearer wrong"}).status_code == 401
        )
        assert upload(client, "lstm.npz", headers={"Authorization": token}).status_code == 401
        ok = upload(client, "lstm.npz", headers={"Authorization": f"Bearer {token}"})
        assert ok.status_code == 201
        model = f"/api/v1/models/{ok.json()['id']}"
        assert client.delete(model).status_code == 401
        assert client.get(model).status_code == 200  # reading needs nothing
        assert not writable(client) and writable(client, Authorization=f"Bearer {token}")
        assert client.get("/api/v1/models").json()["store"]["token_required"]
        assert client.delete(model, headers={"Authorization": f"Bearer {token}"}).status_code == 204
    with store_client(tmp_path, admin_token=token) as client:  # the token binds loopback too
        assert upload(client, "lstm.npz").status_code == 401


def test_without_a_token_only_this_machine_on_a_loopback_server(tmp_path):
    with store_client(tmp_path) as client:  # 127.0.0.1 -> 127.0.0.1, host 127.0.0.1
        assert writable(client)
        assert upload(client, "lstm.npz").status_code == 201
        proxied = upload(client, "gru_whole_model.pt", headers={"X-Forwarded-For": "10.0.0.7"})
        assert proxied.status_code == 403 and "proxy" in proxied.text
    with store_client(tmp_path, local=False) as client:  # from TestClient's `testclient`
        assert not writable(client)
        r = upload(client, "gru_whole_model.pt")
        assert r.status_code == 403 and "did not come from this machine" in r.text
        model_id = client.get("/api/v1/models").json()["models"][0]["id"]
        assert client.delete(f"/api/v1/models/{model_id}").status_code == 403
    with store_client(tmp_path, host="0.0.0.0") as client:
        r = upload(client, "gru_whole_model.pt")
        assert r.status_code == 403 and "listens on 0.0.0.0" in r.text


def test_rnnscope_serve_on_loopback_and_on_every_address(tmp_path):
    """The real command: --host 127.0.0.1 takes uploads from this machine; --host 0.0.0.0
    (reachable by the room) refuses them, even from 127.0.0.1, unless the token is sent."""
    with rnnscope_serve(tmp_path) as url:
        assert post(url, "lstm.npz") == 201
    with rnnscope_serve(tmp_path, host="0.0.0.0") as url:
        assert post(url, "gru_whole_model.pt") == 403
    with rnnscope_serve(tmp_path, host="0.0.0.0", admin_token="tok") as url:
        assert post(url, "gru_whole_model.pt") == 401
        assert post(url, "gru_whole_model.pt", token="tok") == 201
