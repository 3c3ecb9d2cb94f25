"""`graph-app serve` starts gunicorn without its control socket (graph_app/serving.py): newer gunicorns make one
per user at a shared default path, so a second server would take over the first's. The installed gunicorn's
own parser reads the flag, and gunicorn accepts the whole command line (--check-config)."""

from __future__ import annotations

import subprocess

from gunicorn import config

from graph_app.serving import gunicorn_argv


def test_serve_turns_the_control_socket_off_where_gunicorn_has_one(built):
    argv = gunicorn_argv(built, "127.0.0.1", 0, workers=1, threads=1)
    if not hasattr(config, "ControlSocketDisable"):  # an older gunicorn: no socket, and no flag to give
        assert "--no-control-socket" not in argv
        return
    parsed = config.Config().parser().parse_args(argv[1:])
    assert parsed.control_socket_disable is True
    checked = subprocess.run([*argv[:-1], "--check-config", argv[-1]], capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stderr[-2000:]
