"""Read-only views of the projection's names and lookups over flat numpy arrays, so that the same arrays
can be built in memory or mapped from files shared by every worker (no Python object per node).

- Strings: a list of texts as UTF-8 bytes in one blob with offsets (n + 1 of them);
- Lookup: text -> position, by a stable 64-bit hash of each text (sorted, with the positions), checked
  against the text itself, so a lookup is one binary search in C and one comparison;
- Coded: a column of a few distinct texts (kinds) as small integer codes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import numpy as np


def text_hash(text: str) -> int:
    """Stable across processes (Python's hash() of a text is salted per process)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")


def pack_strings(texts: Iterable[str]) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, blob) for `texts`."""
    encoded = [text.encode() for text in texts]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    return offsets, np.frombuffer(b"".join(encoded), dtype=np.uint8)


def pack_lookup(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(sorted hashes, positions) for looking texts up."""
    hashes = np.array([text_hash(text) for text in texts], dtype=np.uint64)
    order = np.argsort(hashes, kind="stable")
    return hashes[order], order.astype(np.int32)


class Strings(Sequence[str]):
    def __init__(self, offsets: np.ndarray, blob: np.ndarray) -> None:
        self._offsets = offsets
        self._blob = blob

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def __getitem__(self, n: Any) -> Any:
        if isinstance(n, slice):
            return [self[i] for i in range(*n.indices(len(self)))]
        n = int(n)
        if n < 0:
            n += len(self)
        if not 0 <= n < len(self):
            raise IndexError(n)
        return self._blob[self._offsets[n] : self._offsets[n + 1]].tobytes().decode()

    def __iter__(self) -> Iterator[str]:
        # one copy of the blob, then plain slices: a whole scan (a search by name) decodes nothing twice
        blob = self._blob.tobytes()
        ends = self._offsets.tolist()
        for start, end in zip(ends, ends[1:], strict=False):
            yield blob[start:end].decode()

    def __add__(self, other: Iterable[str]) -> list[str]:
        return [*self, *other]

    def __radd__(self, other: Iterable[str]) -> list[str]:
        return [*other, *self]


class Lookup:
    """Position of a text in `strings`, or -1."""

    def __init__(self, strings: Strings, hashes: np.ndarray, positions: np.ndarray) -> None:
        self._strings = strings
        self._hashes = hashes
        self._positions = positions

    def find(self, text: str) -> int:
        if not isinstance(text, str):
            return -1
        key = np.uint64(text_hash(text))
        at = int(np.searchsorted(self._hashes, key))
        while at < len(self._hashes) and self._hashes[at] == key:  # a clash of 64-bit hashes: check each
            position = int(self._positions[at])
            if self._strings[position] == text:
                return position
            at += 1
        return -1


class Index(Mapping[str, int]):
    """IRI -> node number."""

    def __init__(self, strings: Strings, lookup: Lookup) -> None:
        self._strings = strings
        self._lookup = lookup

    def __getitem__(self, text: str) -> int:
        found = self._lookup.find(text)
        if found < 0:
            raise KeyError(text)
        return found

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and self._lookup.find(text) >= 0

    def get(self, text: str, default: Any = None) -> Any:
        found = self._lookup.find(text)
        return default if found < 0 else found

    def __iter__(self) -> Iterator[str]:
        return iter(self._strings)

    def __len__(self) -> int:
        return len(self._strings)


class Coded(Sequence[str]):
    def __init__(self, codes: np.ndarray, names: Sequence[str]) -> None:
        self._codes = codes
        self._names = list(names)

    @property
    def codes(self) -> np.ndarray:
        return self._codes

    def __len__(self) -> int:
        return len(self._codes)

    def __getitem__(self, n: Any) -> Any:
        if isinstance(n, slice):
            return [self._names[c] for c in self._codes[n].tolist()]
        return self._names[int(self._codes[n])]

    def __iter__(self) -> Iterator[str]:
        names = self._names
        return (names[c] for c in self._codes.tolist())


class Flags(Sequence[bool]):
    """Booleans as Python bools (pages put them in JSON)."""

    def __init__(self, values: np.ndarray) -> None:
        self._values = values

    def __len__(self) -> int:
        return len(self._values)

    def __getitem__(self, n: Any) -> Any:
        if isinstance(n, slice):
            return self._values[n].tolist()
        return bool(self._values[n])

    def __iter__(self) -> Iterator[bool]:
        return iter(self._values.tolist())


class TextMap(Mapping[str, Any]):
    """Text keys (with their lookup) -> the value at the same position of `values`."""

    def __init__(self, keys: Strings, lookup: Lookup, value: Any) -> None:
        self._keys = keys
        self._lookup = lookup
        self._value = value  # position -> value

    def __getitem__(self, key: str) -> Any:
        found = self._lookup.find(key)
        if found < 0:
            raise KeyError(key)
        return self._value(found)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._lookup.find(key) >= 0

    def get(self, key: str, default: Any = None) -> Any:
        found = self._lookup.find(key)
        return default if found < 0 else self._value(found)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def items(self) -> Any:  # by position: no lookup per key
        return [(key, self._value(n)) for n, key in enumerate(self._keys)]
