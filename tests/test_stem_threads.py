"""English stemming from many threads at once (a threaded server's search requests, the build's index written
beside its checks) gives every word the stem it gets alone. One shared Snowball stemmer keeps the word it works
on in itself: shared, threads got each other's stems or an IndexError (CI once built a search index that
differed from the same store's index written again)."""

from __future__ import annotations

import random
import sys
import threading

from graph_app.search import text

THREADS = 4
WORDS_EACH = 20_000


def invented_words(count: int, seed: int) -> list[str]:
    """Words no earlier test stemmed (so `stem`'s cache does not answer them), with endings Snowball removes."""
    chance = random.Random(seed)
    endings = ("ing", "ed", "ies", "ation", "ness", "ly", "s", "ful", "ement")
    return [
        "q"
        + "".join(chance.choice("abcdefghilmnoprstuy") for _ in range(chance.randint(3, 11)))
        + chance.choice(endings)
        + str(seed)
        for _ in range(count)
    ]


def test_words_stemmed_side_by_side_get_their_own_stems() -> None:
    batches = [invented_words(WORDS_EACH, seed) for seed in range(THREADS)]
    expected = {word: text.stem.__wrapped__(word) for batch in batches for word in batch}  # one at a time
    wrong: list[tuple[str, str, str]] = []
    failures: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def stem_all(batch: list[str]) -> None:
        start.wait()
        try:
            for word in batch:
                got = text.stem(word)
                if got != expected[word]:
                    wrong.append((word, got, expected[word]))
        except BaseException as error:  # noqa: BLE001 - reported below, with the word counts
            failures.append(error)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often, as a loaded server does
    try:
        threads = [threading.Thread(target=stem_all, args=(batch,)) for batch in batches]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
    finally:
        sys.setswitchinterval(interval)
    assert not failures, f"stemming failed in a thread: {failures[0]!r}"
    assert not wrong, f"{len(wrong)} of {len(expected)} words got another word's stem, e.g. {wrong[:3]}"
