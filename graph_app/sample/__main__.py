"""`python -m graph_app.sample --scale 1 --out data/sample/local-offer.ttl`"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .generator import write


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graph_app.sample", description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = about 364 services (default)")
    parser.add_argument("--seed", type=int, default=2014)
    parser.add_argument("--out", type=Path, default=Path("data/sample/local-offer.ttl"))
    parser.add_argument("--format", choices=("ttl", "nt"), help="default: from the file suffix")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    count = write(args.out, args.scale, args.seed, args.format)
    print(f"wrote {count} triples to {args.out} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
