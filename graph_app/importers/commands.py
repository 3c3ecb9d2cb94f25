"""`graph-app import oruk FILE_OR_URL --council SLUG` and `graph-app import gias FILE.csv`.

Wire into graph_app/cli.py with `add_import_commands(commands)` and `COMMANDS["import"] = run_import_command`."""

from __future__ import annotations

import argparse

from ..config import Settings
from ..failure_report import report_failure
from ..slugs import COUNCILS


def add_import_commands(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser("import", help="import Open Referral UK services or GIAS schools, then build")
    sources = parser.add_subparsers(dest="source", required=True)
    oruk = sources.add_parser("oruk", help="Open Referral UK: an ORUK v1 feed or ORUK 3 records (file or URL)")
    oruk.add_argument("location", metavar="FILE_OR_URL")
    oruk.add_argument(
        "--council", required=True, choices=COUNCILS, help="the council whose local offer the services join"
    )
    oruk.add_argument(
        "--no-needs-from-text",
        action="store_true",
        help="skip services whose taxonomy terms map to no need, instead of reading needs from the "
        "words of their name and description",
    )
    gias = sources.add_parser("gias", help="a Get Information About Schools establishment extract (CSV)")
    gias.add_argument("location", metavar="FILE.csv")
    gias.add_argument(
        "--council",
        choices=COUNCILS,
        help="import only this council's establishments (default: all seven SE7 councils')",
    )
    gias.add_argument("--encoding", default="utf-8", help="the file's encoding (GIAS downloads are cp1252)")
    for sub in (oruk, gias):
        sub.add_argument(
            "--name",
            help="the import's name: the file written is data/imports/{source}-{name}.ttl "
            "(default: from the file name or URL); importing the same name replaces it",
        )
    return parser


def run_import_command(args: argparse.Namespace, settings: Settings) -> int:
    from .pipeline import imports_dir, run_import  # the build and rdflib: only when importing
    from .records import ImportFailed

    try:
        outcome = run_import(
            args.source,
            args.location,
            settings,
            council=args.council,
            name=args.name,
            target_dir=imports_dir(settings),
            encoding=getattr(args, "encoding", "utf-8"),
            needs_from_text=not getattr(args, "no_needs_from_text", False),
            progress=lambda line: print(line, flush=True),
        )
    except ImportFailed as error:
        return report_failure(
            f"Import failed: {error.message}",
            error.problems,
            "Nothing was imported: the store and data/imports/ are as they were.",
        )
    result = outcome.result
    read = ", ".join(f"{count} {kind}" for kind, count in result.read.items())
    print(f"Read {read} from {args.location}.")
    for note in result.notes:
        print(f"  note: {note}")
    for problem in result.problems:
        print(f"  skipped: {problem}")
    if outcome.written is None:
        print("No record could be imported: nothing was written and the store is unchanged.")
        return 0
    kinds: dict[str, int] = {}
    for record in result.records:
        kinds[record.kind] = kinds.get(record.kind, 0) + 1
    counts = ", ".join(f"{count} {kind}{'s' if count != 1 else ''}" for kind, count in kinds.items())
    print(f"Imported {counts} into {outcome.written}; {len(result.problems)} skipped.")
    return 0
