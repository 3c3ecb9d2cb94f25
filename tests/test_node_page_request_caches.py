"""What a node page keeps per request to render faster (issue 20): the catalogue `translate()` reads and the
glossary `|abbr` reads are looked up once per request, and still follow a locale switched mid-request,
catalogues swapped, and a new request."""

import flask_babel
from markupsafe import Markup

from graph_app.web.core import i18n
from graph_app.web.core.i18n import catalogues, compile_all, translate
from graph_app.web.explore.glossary import abbr

KEY = "Skip to main content"


def polish(key: str) -> str:
    text = catalogues()["pl"][key].string
    assert text and text != key, "the test needs a string the Polish catalogue translates"
    return text


def test_translate_follows_a_locale_forced_inside_the_request(app):
    with app.test_request_context("/"):
        assert translate(KEY) == KEY  # English, and now kept for this request
        with flask_babel.force_locale("pl"):
            assert translate(KEY) == polish(KEY)
        assert translate(KEY) == KEY


def test_translate_follows_catalogues_swapped_inside_the_request(app, monkeypatch):
    with app.test_request_context("/"):
        assert translate(KEY) == KEY
        books = dict(catalogues())
        books["en"] = books["en"].__class__(locale="en", domain="messages")
        books["en"].add(KEY, "Jump to the page's main part")
        compiled = compile_all(books)
        monkeypatch.setattr(i18n, "translations", lambda: compiled)
        assert translate(KEY) == "Jump to the page's main part"


def test_each_request_reads_its_own_language(app):
    with app.test_request_context("/", headers={"Accept-Language": "pl"}):
        with flask_babel.force_locale("pl"):
            assert translate(KEY) == polish(KEY)
    with app.test_request_context("/"):
        assert translate(KEY) == KEY


def test_translate_outside_a_request_is_english(app):
    assert translate(KEY) == KEY
    with app.app_context():
        assert translate(KEY) == KEY


def test_abbr_without_an_acronym_is_the_escaped_text_and_marks_nothing_seen(app):
    with app.test_request_context("/"):
        plain = abbr("Speech & language <help> for your child")
        assert isinstance(plain, Markup) and plain == "Speech &amp; language &lt;help&gt; for your child"
        assert abbr(Markup("<b>no acronym here</b>")) == Markup("<b>no acronym here</b>")
        assert abbr(None) == Markup("")
        assert "<abbr" in abbr("Ask about an EHC plan")  # still the first use after texts without one
        assert "<abbr" not in abbr("Your EHC plan")


def test_abbr_in_a_template_rendered_twice_in_one_request_marks_only_the_first(app):
    with app.test_request_context("/"):
        template = app.jinja_env.from_string("{{ 'Your GP and the SENCO'|abbr }}|{{ 'GP, SENCO'|abbr }}")
        first, second = template.render().split("|")
    assert first.count("<abbr") == 2 and "<abbr" not in second
