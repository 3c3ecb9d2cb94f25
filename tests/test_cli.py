"""The console script, as a user runs it."""

import json
import os
import subprocess
import sys


def run_cli(*args, settings):
    env = {**os.environ, "GRAPH_APP_DATA_DIR": str(settings.data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "graph_app.cli", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_stats_json_meets_the_foundation_minimums(built):
    result = run_cli("stats", "--json", settings=built)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    minimums = {
        "areas": 7,
        "services": 350,
        "settings": 70,
        "needs": 40,
        "questions": 36,
        "clauses": 12,
        "pathways": 14,
        "age_bands": 5,
    }
    for kind, minimum in minimums.items():
        assert stats[kind] >= minimum, (kind, stats[kind])
    assert stats["answers"] > stats["settings"] * 10
    assert stats["triples"] > 10_000


def test_stats_without_a_build_says_what_to_do(tmp_path):
    env = {**os.environ, "GRAPH_APP_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "graph_app.cli", "stats", "--json"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 1
    assert "run 'graph-app build' first" in result.stderr


def test_named_query_from_the_command_line(built):
    result = run_cli(
        "query", "navigate/node_types", "node=https://w3id.org/se7-local-offer/id/setting/nope", settings=built
    )
    assert result.returncode == 0
    bad = run_cli("query", "navigate/node_types", "node=not an iri", settings=built)
    assert bad.returncode == 2
    assert "parameter 'node'" in bad.stderr
