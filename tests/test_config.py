"""Settings are declared once (graph_app/config.py SETTINGS): README's configuration table lists exactly
those, with the same defaults; the docs name no other; no module outside config.py reads the environment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph_app.config import SETTINGS, Settings, env_setting, settings_from_env

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r"^\| `(GRAPH_APP_[A-Z_]+)` \| ([^|]+?) \|", re.MULTILINE)


def readme_table() -> dict[str, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return dict(ROW.findall(section))


def test_readme_lists_exactly_the_declared_settings_with_their_defaults():
    table = readme_table()
    assert sorted(table) == sorted(s.name for s in SETTINGS)
    for declared in SETTINGS:
        shown = table[declared.name]
        if declared.default is None:  # unset has its own meaning: a word, never a value
            assert not shown.startswith("`"), (declared.name, shown)
        else:
            assert shown == f"`{declared.default}`", (declared.name, shown)


def test_the_docs_name_only_declared_settings():
    declared = {s.name for s in SETTINGS}
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        named = set(re.findall(r"GRAPH_APP_[A-Z_]*[A-Z]", path.read_text(encoding="utf-8")))
        assert named <= declared, f"{path.name} names undeclared settings: {sorted(named - declared)}"


def test_no_module_but_config_reads_the_environment():
    readers = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "graph_app").rglob("*.py")
        if p.name != "config.py" and re.search(r"os\.environ|getenv\(", p.read_text(encoding="utf-8"))
    ]
    assert readers == []


def test_every_settings_field_is_filled_from_its_declared_variable(tmp_path):
    env = {
        "GRAPH_APP_DATA_DIR": str(tmp_path),
        "GRAPH_APP_SPARQL_URL": "http://store/q",
        "GRAPH_APP_SPARQL_UPDATE_URL": "http://store/u",
        "GRAPH_APP_BASE": "https://example.org/x",
        "GRAPH_APP_PRIVATE_DB": str(tmp_path / "p.sqlite"),
        "GRAPH_APP_TRUSTED_PROXIES": "1",
        "GRAPH_APP_PUBLIC_URL": "https://site.example",
        "GRAPH_APP_SERVE_WORKERS": "3",
        "GRAPH_APP_SERVE_THREADS": "4",
        "GRAPH_APP_SPARQL_WORKERS": "5",
        "GRAPH_APP_SPARQL_MEMORY_MB": "600",
    }
    settings = settings_from_env(env)
    assert (settings.data_dir, settings.sparql_url, settings.sparql_update_url, settings.base) == (
        tmp_path.resolve(),
        "http://store/q",
        "http://store/u",
        "https://example.org/x/",
    )
    assert (settings.private_db, settings.trusted_proxies, settings.public_url) == (
        (tmp_path / "p.sqlite").resolve(),
        1,
        "https://site.example/",
    )
    assert (settings.serve_workers, settings.serve_threads, settings.sparql_workers, settings.sparql_memory_mb) == (
        3,
        4,
        5,
        600,
    )
    assert {s.field for s in SETTINGS if s.field} <= set(Settings.__dataclass_fields__)


def test_defaults_come_from_the_table():
    settings = settings_from_env({})
    for declared in SETTINGS:
        if declared.field and declared.default is not None:
            assert getattr(settings, declared.field) == env_setting(declared.name, {})
    assert settings.serve_workers == 2 and settings.data_dir == ROOT / "var"
    assert env_setting("GRAPH_APP_PAGE_CACHE", {}) is True and env_setting("GRAPH_APP_PAGE_CACHE_MB", {}) == 64
    assert env_setting("GRAPH_APP_COOKIE_SECURE", {"GRAPH_APP_COOKIE_SECURE": "0"}) is False


@pytest.mark.parametrize(
    "name, raw",
    [("GRAPH_APP_PAGE_CACHE_MB", "lots"), ("GRAPH_APP_SERVE_WORKERS", "0"), ("GRAPH_APP_TRUSTED_PROXIES", "²")],
)
def test_a_bad_value_names_its_variable(name, raw):
    with pytest.raises(ValueError, match=name):
        env_setting(name, {name: raw})


def test_an_undeclared_setting_cannot_be_read():
    with pytest.raises(KeyError):
        env_setting("GRAPH_APP_NOT_DECLARED", {})
