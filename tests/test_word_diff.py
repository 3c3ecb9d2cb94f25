"""The version comparison (issue 18): literals normalised before comparing (graph_app/live/comparable.py) and
changed words marked side by side (graph_app/web/staff/word_diff.py), escaped before any markup."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from markupsafe import Markup

from graph_app.live import comparable
from graph_app.web.staff.word_diff import word_diff

S = ox.NamedNode("https://w3id.org/se7-local-offer/id/service/example")
COST = ox.NamedNode("https://w3id.org/se7-local-offer/def#cost")
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture
def app_context(app):
    with app.test_request_context():  # the "removed:"/"added:" words come from the catalogue
        yield


@pytest.mark.parametrize(
    "spellings",
    [
        [
            ox.Literal("Free"),
            ox.Literal("Free", language="en"),
            ox.Literal("Free", datatype=ox.NamedNode(XSD + "string")),
        ],
        [ox.Literal("Free", language="en-GB"), ox.Literal("Free", language="EN")],
        [ox.Literal("Café\u00a0open"), ox.Literal("Cafe\u0301 open", language="en")],  # composed or not, nbsp
        [ox.Literal("Free", datatype=ox.NamedNode(XSD + "normalizedString")), ox.Literal("Free ")],
        [ox.Literal("Am ddim", language="cy"), ox.Literal("Am ddim", language="cy-GB")],
    ],
)
def test_one_value_spelt_many_ways_is_no_change(spellings):
    for old in spellings:
        for new in spellings:
            assert comparable.real_changes([ox.Triple(S, COST, old)], [ox.Triple(S, COST, new)]) == ([], [])


def test_the_same_words_in_another_language_are_a_change():
    added, removed = comparable.real_changes(
        [ox.Triple(S, COST, ox.Literal("Autyzm", language="pl"))], [ox.Triple(S, COST, ox.Literal("Autyzm"))]
    )
    assert len(added) == 1 and len(removed) == 1


def _plain(html: Markup) -> str:
    return re.sub(r"<[^>]+>", "", re.sub(r'<span class="govuk-visually-hidden">[^<]*</span>', "", str(html)))


def test_only_the_changed_words_are_marked(app_context):
    before, after = word_diff("Free for under fives, £2 a session", "Free for under fives, £3 a session")
    assert str(before).count("<del>") == 1 and str(after).count("<ins>") == 1
    assert re.search(r"<del><span class=\"govuk-visually-hidden\">removed: </span>£2</del>", str(before))
    assert re.search(r"<ins><span class=\"govuk-visually-hidden\">added: </span>£3</ins>", str(after))
    assert _plain(before) == "Free for under fives, £2 a session"
    assert _plain(after) == "Free for under fives, £3 a session"


def test_typed_markup_is_escaped_never_marked_up(app_context):
    before, after = word_diff('Call <a href="x">us</a>', "Call <script>alert(1)</script> & us")
    for side in (before, after):
        assert "<script>" not in str(side) and "<a href" not in str(side)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in str(after) and "&amp;" in str(after)
    assert "&lt;a" in str(before)


def test_nothing_changed_marks_nothing_and_all_new_is_all_added(app_context):
    same = word_diff("Open 9 to 5", "Open 9 to 5")
    assert "<del>" not in str(same[0]) and "<ins>" not in str(same[1])
    before, after = word_diff("", "Open on Saturdays")
    assert str(before) == "" and str(after).count("<ins>") == 1 and _plain(after) == "Open on Saturdays"


def test_a_changed_phrase_is_one_mark_not_one_per_word(app_context):
    before, after = word_diff("Free on weekdays", "Friendly otters every Saturday on weekdays")
    assert str(before).count("<del>") == 1 and str(after).count("<ins>") == 1
    assert "Friendly otters every Saturday</ins> on weekdays" in str(after)
