"""Dumps are written once per store version in the background (issue 20): after a build and after a publish
the writer (one per machine, under a file lock, in a child process at low priority) writes every file of
the live build; a request for a file not written yet gets a 503 saying when to come back, never making it
itself; once written it is sent from the file (ETag, Last-Modified, Range), the same statements as a fresh
serialisation of the store; an older build's files go once the new one's are complete."""

from __future__ import annotations

import fcntl
import gzip
import os
import shutil
import time
from pathlib import Path

import pyoxigraph as ox
import rdflib
from live_helpers import DESCRIPTION, copy_build, current_store, first_service, with_description

from graph_app.exporters import dump_status
from graph_app.exporters.dumps import dump_name, dump_order
from graph_app.layout import Layout
from graph_app.live import Replace, publish

WAIT_S = 600  # the machine is shared: a generous bound, not a timing


def _fresh_copy(built, target: Path):
    settings = copy_build(built, target)
    shutil.rmtree(Layout(settings.data_dir).current().path / "dumps", ignore_errors=True)
    return settings


def _wait_complete(settings, build_id: str | None = None) -> Path:
    deadline = time.monotonic() + WAIT_S
    while True:
        build = Layout(settings.data_dir).current()
        if (build_id is None or build.build_id == build_id) and dump_status.is_complete(build):
            return build.path
        assert time.monotonic() < deadline, "the dumps were not written in the background"
        time.sleep(0.3)


def _native_lines(settings) -> list[bytes]:
    """A fresh serialisation of the live store's default graph, line by line."""
    store = ox.Store.read_only(str(Layout(settings.data_dir).current().store_path))
    return sorted(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).splitlines())


def test_after_a_build_a_request_is_told_to_wait_then_gets_the_file(built, make_app, tmp_path):
    settings = _fresh_copy(built, tmp_path / "data")
    # another worker on this machine holds the writer lock (it is writing): this app's writer leaves it to that one
    lock = dump_status.cache_folder(settings.data_dir)
    lock.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(lock / "writer.lock", os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    app = make_app(settings, WRITE_DUMPS=True)
    writer = app.extensions["dump_writer"]
    client = app.test_client()
    try:
        early = client.get("/dumps/all.nt.gz")
        build = Layout(settings.data_dir).current()
        assert early.status_code == 503, early.status_code  # never made inside the request
        assert early.headers["Retry-After"].isdigit() and int(early.headers["Retry-After"]) >= 1
        assert "being prepared" in early.get_data(as_text=True) and "no-store" in early.headers["Cache-Control"]
        twin = client.get("/dumps/area-kent.ttl.gz", headers={"Accept": "application/json"})
        assert twin.status_code == 503 and twin.get_json()["status"] == "being prepared"
        assert twin.get_json()["retry_after"] == int(twin.headers["Retry-After"])
        index = client.get("/dumps/").get_data(as_text=True)
        assert "being prepared for the latest data" in index and "made when first downloaded" not in index
        time.sleep(writer.poll_s * 2)  # a round or two of this app's writer: it found the lock taken
        assert not (build.path / "dumps" / "all.nt.gz").exists() and writer.wrote == []
        os.close(descriptor)  # the other worker has gone without writing them: this app's writer does
        descriptor = -1
        _wait_complete(settings)

        served = client.get("/dumps/all.nt.gz")
        assert served.status_code == 200 and served.headers["Content-Type"] == "application/gzip"
        body = gzip.decompress(served.get_data())
        assert sorted(body.splitlines()) == _native_lines(settings)  # the same statements as a fresh dump
        parsed = rdflib.Graph().parse(data=body, format="nt")
        assert len(parsed) == len(_native_lines(settings)) > 1000
        # every file the page lists is there, and the page gives its size
        names = {dump_name(subset, fmt) for subset, fmt in dump_order()}
        assert names <= {p.name for p in (build.path / "dumps").iterdir()}
        assert "being prepared" not in client.get("/dumps/").get_data(as_text=True)

        # sent from the file: conditional and partial requests answered by the server
        etag, modified = served.headers["ETag"], served.headers["Last-Modified"]
        assert client.get("/dumps/all.nt.gz", headers={"If-None-Match": etag}).status_code == 304
        assert client.get("/dumps/all.nt.gz", headers={"If-Modified-Since": modified}).status_code == 304
        part = client.get("/dumps/all.nt.gz", headers={"Range": "bytes=10-109"})
        assert part.status_code == 206 and part.get_data() == served.get_data()[10:110]
        assert writer.wrote == [build.build_id]
    finally:
        writer.stop()
        if descriptor >= 0:
            os.close(descriptor)


def test_after_a_publish_the_new_version_is_written_and_the_old_removed(built, make_app, tmp_path):
    settings = _fresh_copy(built, tmp_path / "data")
    app = make_app(settings, WRITE_DUMPS=True)
    writer = app.extensions["dump_writer"]
    client = app.test_client()
    try:
        before = _wait_complete(settings)
        store = current_store(settings)
        service = first_service(store)
        text = with_description(store, service, "A description published while dumps are kept")
        del store
        publish(settings, [Replace(service, text)], actor="test", summary="dumps after a publish")
        after = Layout(settings.data_dir).current()
        assert after.path != before
        answer = client.get("/dumps/all.nt.gz")
        if not (after.path / "dumps" / "all.nt.gz").exists():
            assert answer.status_code == 503 and answer.headers["Retry-After"].isdigit()
        _wait_complete(settings, after.build_id)
        body = gzip.decompress(client.get("/dumps/all.nt.gz").get_data())
        assert f'<{service}> <{DESCRIPTION}> "A description published while dumps are kept"@en .'.encode() in body
        assert sorted(body.splitlines()) == _native_lines(settings)
        deadline = time.monotonic() + 30
        while (before / "dumps").exists():  # removed once the new version's files are complete
            assert time.monotonic() < deadline, "the older version's dumps were kept"
            time.sleep(0.2)
    finally:
        writer.stop()


def test_two_workers_one_writer(built, make_app, tmp_path):
    """Two apps on one data folder (as two gunicorn workers): both notice the build, one writes its dumps,
    the other finds the lock taken; both serve the same file."""
    settings = _fresh_copy(built, tmp_path / "data")
    apps = [make_app(settings, WRITE_DUMPS=True) for _ in range(2)]
    writers = [app.extensions["dump_writer"] for app in apps]
    try:
        build = Layout(settings.data_dir).current()
        _wait_complete(settings)
        deadline = time.monotonic() + 30
        while not all(w.done == build.build_id for w in writers):
            assert time.monotonic() < deadline, "a worker did not see the dumps as complete"
            time.sleep(0.2)
        assert sum(len(w.wrote) for w in writers) == 1, [w.wrote for w in writers]
        answers = [app.test_client().get("/dumps/all.ttl.gz") for app in apps]
        assert [a.status_code for a in answers] == [200, 200]
        assert answers[0].get_data() == answers[1].get_data()
    finally:
        for writer in writers:
            writer.stop()


def test_only_older_builds_dumps_are_removed(tmp_path):
    """Once a build's dumps are complete, older builds' go; a newer build's (being written) stay."""
    from graph_app.exporters.dump_writer import remove_older_dumps
    from graph_app.layout import BuildDir

    names = ["20261207T100000000000Z-1", "20261207T110000000000Z-2", "20261207T120000000000Z-3"]
    for name in names:
        (tmp_path / "builds" / name / "dumps").mkdir(parents=True)
        (tmp_path / "builds" / name / "dumps" / "all.nt.gz").write_bytes(b"x")
    remove_older_dumps(Layout(tmp_path), BuildDir(tmp_path / "builds" / names[1]))
    kept = [name for name in names if (tmp_path / "builds" / name / "dumps").exists()]
    assert kept == names[1:]
