"""Hostile input from a signed-in council admin: every staff route (moderation, accounts, the record editor)
gets script, markup, SPARQL-breaking and odd payloads in every URL parameter and every field its own form
has, with a valid CSRF token. Nothing answers 5xx or a traceback, markup never comes back unescaped (also
on the public pages of records the editor saved), and the store still opens and answers. It runs on a
restored copy of the session's build, since an admin's edits are real changes."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from hostile_payloads import MUST_BE_ESCAPED, QUICK
from staff_helpers import login, make_staff
from test_hostile_input import Tally, fill

from graph_app.backup import backup, restore
from graph_app.layout import Layout
from graph_app.store import EmbeddedStore

FIELD = re.compile(r'<(?:input|textarea|select)\b[^>]*\bname="([^"]+)"')
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def admin_client(built, tmp_path_factory, make_module_app):
    root = tmp_path_factory.mktemp("hostile-staff")
    backup(built, root / "backup")
    settings = replace(built, data_dir=root / "var", private_db_path=root / "var" / "private" / "private.sqlite")
    restore(settings, root / "backup")
    app = make_module_app(settings, TESTING=False)
    admin, password = make_staff(settings, "admin")
    client = app.test_client()
    assert login(client, admin.email, password).status_code == 303
    return app, client, settings


def form_names(html: str) -> set[str]:
    return set(FIELD.findall(html)) - {"csrf_token"}


def test_every_staff_route_and_field_as_an_admin(admin_client, record_property):
    app, client, settings = admin_client
    service = client.get("/kinds/service").get_data(as_text=True)
    slug = re.search(r'href="/id/service/([^"]+)"', service).group(1)
    good = {"kind": "service", "slug": slug, "token": "x"}
    tally = Tally()
    rules = [r for r in app.url_map.iter_rules() if r.rule.startswith("/staff/") and r.endpoint != "staff.logout"]
    for rule in rules:
        path = re.sub(r"<(?:[^>:]+:)?([^>]+)>", lambda m: good.get(m.group(1), "1"), rule.rule)
        page = client.get(path)
        html = page.get_data(as_text=True)
        token = TOKEN.search(html) or TOKEN.search(client.get("/staff/").get_data(as_text=True))
        names = form_names(html) | {"text", "comment", "response", "action_taken", "email", "name", "role"}
        for payload in QUICK:
            if rule.arguments:
                hostile = fill(rule.rule, payload)
                tally.check(client.get(hostile), hostile, payload)
            if "POST" in rule.methods:
                response = client.post(path, data={**{n: payload for n in names}, "csrf_token": token.group(1)})
                tally.check(response, path + " (POST)", payload)
    # what the editor may have saved shows escaped on the record's public page
    for page in (f"/id/service/{slug}", f"/id/service/{slug}.json", "/search?q=alert"):
        body = client.get(page).get_data(as_text=True)
        if not page.endswith(".json"):
            assert not [raw for raw in MUST_BE_ESCAPED if raw in body], page
    record_property("hostile_staff_requests", tally.requests)
    print(f"\n{tally.requests} hostile staff requests over {len(rules)} routes")
    assert tally.problems == []
    store = EmbeddedStore(Layout(settings.data_dir).current().store_path)
    assert store.triple_count() > 1000
