"""The `graph-app` command: build, stats, serve, generate, query, push."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from .config import Settings, settings_from_env
from .failure_report import report_failure


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="graph-app", description="SE7 Local Offer Explorer")
    commands = parser.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build the store from ontology/ and data/")
    build.add_argument(
        "--source",
        action="append",
        type=Path,
        help="a folder of RDF files to build from (repeatable; default: ontology/ and data/)",
    )
    build.add_argument("--no-reasoner", action="store_true", help="skip HermiT (quick rebuilds while editing)")

    stats = commands.add_parser("stats", help="counts per kind of node in the built store")
    stats.add_argument("--json", action="store_true", help="print JSON")

    serve = commands.add_parser("serve", help="serve the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5000)
    serve.add_argument("--workers", type=int, help="gunicorn worker processes (default: GRAPH_APP_SERVE_WORKERS)")
    serve.add_argument("--threads", type=int, help="threads per worker (default: GRAPH_APP_SERVE_THREADS)")
    serve.add_argument(
        "--dev",
        action="store_true",
        help="Werkzeug's development server instead of gunicorn (one thread per connection, no "
        "limits: only for working on the code, never where others can reach it)",
    )

    generate = commands.add_parser("generate", help="write the invented sample local offer")
    generate.add_argument("--scale", type=float, default=1.0)
    generate.add_argument("--seed", type=int, default=2014)
    generate.add_argument("--out", type=Path, required=True, help=".ttl or .nt file")

    query = commands.add_parser("query", help="run a named query from queries/ and print its rows")
    query.add_argument("name", help="e.g. navigate/node_summary")
    query.add_argument("params", nargs="*", help="NAME=VALUE")

    export = commands.add_parser("export", help="write the dumps (whole graph and each council, every format)")
    export.add_argument("--out", type=Path, required=True, help="folder for the .nt.gz, .ttl.gz, .jsonld.gz files")

    dump = commands.add_parser("dump", help="write the current build as one N-Triples file (to load elsewhere)")
    dump.add_argument("out", type=Path)

    push = commands.add_parser("push", help="replace the remote endpoint's graph with the current build")
    push.add_argument("--store-url", help="Graph Store Protocol URL (default: derived from the query URL)")

    backup = commands.add_parser("backup", help="back up the current build, search index and private database")
    backup.add_argument("folder", type=Path, help="a new folder for the backup (with a checksum for each file)")
    restore = commands.add_parser("restore", help="restore a backup into an empty data folder")
    restore.add_argument("folder", type=Path, help="a folder written by 'graph-app backup'")

    history = commands.add_parser("history", help="the public history of edited records (PROV-O activities)")
    history_actions = history.add_subparsers(dest="history_action", required=True)
    history_actions.add_parser(
        "backfill", help="write the public history of versions saved before it existed (running it again adds nothing)"
    )

    from .importers.commands import add_import_commands

    add_import_commands(commands)
    from .private.commands import add_private_db_commands, add_staff_commands

    add_staff_commands(commands)
    add_private_db_commands(commands)
    from .live.commands import add_journal_commands

    add_journal_commands(commands)
    from .notify.commands import add_notify_commands

    add_notify_commands(commands)
    args = parser.parse_args(argv)
    settings = settings_from_env()
    try:
        return COMMANDS[args.command](args, settings)
    except KeyboardInterrupt:
        return 130


def _build(args: argparse.Namespace, settings: Settings) -> int:
    from dataclasses import replace

    from .build import BuildError, run_build

    if args.source:
        settings = replace(settings, sources=tuple(p.resolve() for p in args.source))
    try:
        run_build(settings, progress=lambda line: print(line, flush=True), reason=not args.no_reasoner)
    except BuildError as error:
        return report_failure(
            f"Build failed: {error.summary}", error.problems, "The store that was live before this build is unchanged."
        )
    return 0


def _stats(args: argparse.Namespace, settings: Settings) -> int:
    from .queries import QueryLibrary
    from .stats import counts
    from .store import StoreError, open_store

    try:
        result = counts(open_store(settings), QueryLibrary(settings.queries_dir))
    except StoreError as error:
        print(error, file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for kind, value in result.items():
            print(f"{kind:>12}  {value}")
    return 0


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    if not args.dev:
        import os

        from .serving import gunicorn_argv

        for name in ("workers", "threads"):
            value = getattr(args, name)
            if value is not None and not 1 <= value <= 256:
                print(f"--{name} must be from 1 to 256, not {value}", file=sys.stderr)
                return 2
        # gunicorn replaces this process; each worker builds the app from the same GRAPH_APP_* settings.
        # Threaded workers keep answering gunicorn's heartbeat while one request waits for the first graph
        # projection (a minute at national scale). Request lines go to standard error, as the dev server's did.
        argv = gunicorn_argv(settings, args.host, args.port, args.workers, args.threads)
        sys.stdout.flush()
        os.dup2(2, 1)
        os.execv(argv[0], argv)
    from .web import create_app

    app = create_app(settings=settings)
    app.run(host=args.host, port=args.port, threaded=True)
    return 0


def _generate(args: argparse.Namespace, settings: Settings) -> int:
    from .sample import write

    count = write(args.out, scale=args.scale, seed=args.seed)
    print(f"Wrote {count} triples to {args.out}")
    return 0


def _query(args: argparse.Namespace, settings: Settings) -> int:
    from .queries import QueryError, QueryLibrary
    from .store import StoreError, open_store

    values = dict(p.split("=", 1) for p in args.params if "=" in p)
    try:
        rows = QueryLibrary(settings.queries_dir).select(open_store(settings), args.name, **values)
    except (QueryError, StoreError) as error:
        print(error, file=sys.stderr)
        return 2
    for row in rows:
        print("\t".join(f"{k}={v}" for k, v in row.items()))
    return 0


def _push(args: argparse.Namespace, settings: Settings) -> int:
    from .layout import Layout
    from .store import EmbeddedStore, RemoteStore, StoreError

    current = Layout(settings.data_dir).current()
    if not settings.sparql_url or current is None:
        print("push needs GRAPH_APP_SPARQL_URL and a built store", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / "graph.nt"
        EmbeddedStore(current.store_path).dump(dump)
        try:
            RemoteStore(settings.sparql_url).replace_graph(dump, args.store_url)
        except StoreError as error:  # unreachable, refused, or an engine push cannot load (it says how)
            print(f"push failed: {error}", file=sys.stderr)
            return 1
    print(f"Pushed build {current.build_id} to {settings.sparql_url}")
    return 0


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from .exporters.dumps import export_all
    from .queries import QueryLibrary
    from .store import EmbeddedStore, StoreError, open_store

    try:
        store = open_store(settings)
    except StoreError as error:
        print(error, file=sys.stderr)
        return 1
    if not isinstance(store, EmbeddedStore):
        print("export reads the built store on this machine: unset GRAPH_APP_SPARQL_URL", file=sys.stderr)
        return 2
    for path in export_all(store.pyoxigraph_store, QueryLibrary(settings.queries_dir), settings.base, args.out):
        print(f"{path}  {path.stat().st_size} bytes")
    return 0


def _dump(args: argparse.Namespace, settings: Settings) -> int:
    from .layout import Layout
    from .store import EmbeddedStore

    current = Layout(settings.data_dir).current()
    if current is None:
        print("no built store: run 'graph-app build' first", file=sys.stderr)
        return 1
    EmbeddedStore(current.store_path).dump(args.out)
    print(f"Wrote build {current.build_id} to {args.out}")
    return 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from .importers.commands import run_import_command

    return run_import_command(args, settings)


def _staff(args: argparse.Namespace, settings: Settings) -> int:
    from .private.commands import run_staff_command

    return run_staff_command(args, settings)


def _private_db(args: argparse.Namespace, settings: Settings) -> int:
    from .private.commands import run_private_db_command

    return run_private_db_command(args, settings)


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    from .backup import BackupError, backup

    try:
        summary = backup(settings, args.folder)
    except (BackupError, OSError) as error:
        print(f"Backup failed: {error}", file=sys.stderr)
        return 1
    print(
        f"Backed up build {summary['build_id']} ({summary['triples']} triples) and "
        f"{len(summary['files'])} files to {args.folder}"
    )
    return 0


def _restore(args: argparse.Namespace, settings: Settings) -> int:
    from .backup import BackupError, restore

    try:
        summary = restore(settings, args.folder)
    except (BackupError, OSError) as error:
        print(f"Restore failed: {error}", file=sys.stderr)
        print(f"Nothing was changed in {settings.data_dir}.", file=sys.stderr)
        return 1
    print(f"Restored build {summary['build_id']} ({summary['triples']} triples) into {settings.data_dir}")
    return 0


def _history(args: argparse.Namespace, settings: Settings) -> int:
    from .live.backfill import backfill
    from .live.changes import PublishError
    from .store import StoreError

    try:
        count = backfill(settings)
    except (PublishError, StoreError) as error:
        print(f"The history could not be written: {error}", file=sys.stderr)
        return 1
    print(f"Wrote the public history of {count} earlier version(s)." if count else "Every version has its history.")
    return 0


def _notify(args: argparse.Namespace, settings: Settings) -> int:
    from .notify.commands import run_notify_command

    return run_notify_command(args, settings)


def _journal(args: argparse.Namespace, settings: Settings) -> int:
    from .live.commands import run_journal_command

    return run_journal_command(args, settings)


COMMANDS = {
    "build": _build,
    "stats": _stats,
    "serve": _serve,
    "generate": _generate,
    "query": _query,
    "push": _push,
    "export": _export,
    "dump": _dump,
    "import": _import,
    "staff": _staff,
    "private-db": _private_db,
    "backup": _backup,
    "restore": _restore,
    "journal": _journal,
    "history": _history,
    "notify": _notify,
}

if __name__ == "__main__":
    sys.exit(main())
