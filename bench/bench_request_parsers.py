"""Time vs size for every reader of request data (issue 12, item 2): the SPARQL lexer/scan, the protocol
parser, the comment/string blanker, the glossary tag split and the old quadratic update pattern for
comparison, on adversarial inputs from 4 KB to 64 KB. Prints a table; a linear reader doubles per row."""

from __future__ import annotations

import re
import sys
import time

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))

from graph_app.binding import blank_comments_and_strings
from graph_app.sparql.protocol import ProtocolError, parse_operation
from graph_app.sparql.scan import scan
from graph_app.web.explore.glossary import _TAG

OLD_UPDATE = re.compile(r"^\s*(?:(?:PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*(INSERT|DELETE)\b", re.IGNORECASE)
INPUTS = {
    "PREFIX+spaces": lambda n: "PREFIX" + " " * (n - 6),
    "'<' run": lambda n: "<" * n,
    "open string": lambda n: '"' + "a" * (n - 1),
    "é. run": lambda n: ("é." * n)[:n],
    "nesting": lambda n: "SELECT * " + "{" * (n - 9),
}
READERS = {
    "scan": lambda text: scan(text + " "),
    "protocol": lambda text: parse_operation("POST", {}, "application/sparql-query", text.encode()),
    "blank": blank_comments_and_strings,
    "glossary": _TAG.split,
    "old update re": OLD_UPDATE.match,
}


def main() -> None:
    sizes = [4096, 8192, 16384, 32768, 65536]
    print(f"{'reader':14} {'input':14} " + " ".join(f"{s // 1024:>6}K" for s in sizes) + "   (ms)")
    for reader, function in READERS.items():
        for name, make in INPUTS.items():
            if reader == "old update re" and name != "PREFIX+spaces":
                continue
            cells = []
            for size in sizes:
                if reader == "old update re" and size > 32768:
                    cells.append("   skip")  # ~7 s at 64 KB
                    continue
                text = make(size)
                start = time.perf_counter()
                try:
                    function(text)
                except (ValueError, ProtocolError):
                    pass
                cells.append(f"{(time.perf_counter() - start) * 1000:7.1f}")
            print(f"{reader:14} {name:14} " + " ".join(cells))


if __name__ == "__main__":
    main()
