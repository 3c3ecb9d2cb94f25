"""Behind reverse proxies (GRAPH_APP_TRUSTED_PROXIES): per-address limits count the visitor the proxy
names, and without a configured proxy a visitor's own X-Forwarded-For header changes nothing."""

from __future__ import annotations

from dataclasses import replace

import pytest
from staff_helpers import csrf_from

from graph_app.config import settings_from_env

PROXY = "10.0.0.1"


def _app(make_app, built, tmp_path, hops: int):
    settings = replace(built, private_db_path=tmp_path / "private.sqlite", trusted_proxies=hops)
    return make_app(settings, COMMENT_LIMIT=(1, 600.0))


def _comment(client, forwarded_for: str) -> int:
    csrf = csrf_from(client.get("/id/need/autism").get_data(as_text=True))
    response = client.post(
        "/comments",
        data={"page": "/id/need/autism", "comment": "Clear page, thank you.", "csrf_token": csrf},
        headers={"X-Forwarded-For": forwarded_for},
        environ_base={"REMOTE_ADDR": PROXY},
    )
    return response.status_code


def test_behind_one_proxy_each_visitor_has_their_own_limit(make_app, built, tmp_path):
    client = _app(make_app, built, tmp_path, hops=1).test_client()
    assert _comment(client, "198.51.100.1") < 400
    assert _comment(client, "198.51.100.1") == 429  # the same visitor again
    assert _comment(client, "198.51.100.2") < 400  # another visitor behind the same proxy


def test_without_a_proxy_the_forwarded_header_is_ignored(make_app, built, tmp_path):
    client = _app(make_app, built, tmp_path, hops=0).test_client()
    assert _comment(client, "198.51.100.1") < 400
    assert _comment(client, "198.51.100.2") == 429  # a made-up header does not escape the limit


@pytest.mark.parametrize("raw", ["two", "-1", "99"])
def test_a_bad_proxy_count_names_the_variable(raw):
    with pytest.raises(ValueError, match="GRAPH_APP_TRUSTED_PROXIES"):
        settings_from_env({"GRAPH_APP_TRUSTED_PROXIES": raw})


def test_the_proxy_count_is_read_from_the_environment():
    assert settings_from_env({"GRAPH_APP_TRUSTED_PROXIES": "2"}).trusted_proxies == 2
    assert settings_from_env({}).trusted_proxies == 0
