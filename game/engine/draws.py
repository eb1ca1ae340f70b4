"""Seeded pseudo-random numbers that are cheap to start.

A session makes a few small random choices that must depend on its seed alone, whatever else
happened before: which distractors a message's flag options offer and in what order, which
person and phone number from the pools plays each part. Seeding a Mersenne Twister for each
costs ~5 µs, more than the choices themselves, and bots play tens of thousands of sessions;
BLAKE2b digests of a key give well-mixed numbers for about a fifth of that.
"""

from __future__ import annotations

import hashlib
import itertools
import struct
from collections.abc import Iterator, Sequence


def draws(key: str) -> Iterator[int]:
    """Pseudo-random 32-bit numbers fixed by `key`: sixteen per BLAKE2b digest of the key and a
    block number, as many blocks as are asked for."""
    for block in itertools.count():
        yield from struct.unpack(">16I", hashlib.blake2b(f"{key}:{block}".encode(), digest_size=64).digest())


def sample(items: Sequence[str], k: int, numbers: Iterator[int]) -> list[str]:
    """`k` of `items` (all, if fewer) in random order: a partial Fisher-Yates shuffle."""
    pool = list(items)
    k = min(k, len(pool))
    for i in range(k):
        j = i + next(numbers) % (len(pool) - i)
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:k]
