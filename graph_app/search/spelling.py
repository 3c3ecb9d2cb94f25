"""Correcting misspelt words against the words the index holds ("austism" -> "autism")."""

from __future__ import annotations

import sqlite3


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Damerau-Levenshtein distance (adjacent swaps count once), or limit + 1 when it is larger."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def allowed_distance(word: str) -> int:
    return 0 if len(word) < 4 else 1 if len(word) < 7 else 2


def trigrams(word: str) -> list[str]:
    return sorted({word[i : i + 3] for i in range(len(word) - 2)})


def closest_word(connection: sqlite3.Connection, word: str, frequency: dict[str, int]) -> str | None:
    """The indexed word nearest to `word` within the allowed distance (the most used one on a tie)."""
    limit = allowed_distance(word)
    grams = [g for g in trigrams(word) if g.isalnum()]
    if not limit or not grams:
        return None
    expression = " OR ".join(f'"{g}"' for g in grams)  # letters and digits only: never FTS5 syntax
    rows = connection.execute(
        "SELECT word FROM vocab_tri WHERE vocab_tri MATCH ? ORDER BY rank LIMIT 40", (expression,)
    ).fetchall()
    best: tuple[int, int, str] | None = None
    for (candidate,) in rows:
        if candidate[0] != word[0]:
            continue  # people rarely mistype the first letter; a real word unknown here ("cutting") is
            # far more likely than a typo of a known one ("putting")
        distance = edit_distance(word, candidate, limit)
        if distance <= limit:
            key = (distance, -frequency.get(candidate, 0), candidate)
            best = key if best is None or key < best else best
    return best[2] if best else None
