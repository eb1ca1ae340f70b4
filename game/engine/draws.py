"""Seeded pseudo-random numbers that are cheap to start.

A session makes a few small random choices that must depend on its seed alone, whatever else
happened before: which distractors a message's flag options offer and in what order, which
person and phone number from the pools plays each part. Seeding a Mersenne Twister for each
costs ~5 µs, more than the choices themselves, and bots play tens of thousands of sessions;
BLAKE2b digests of a key give well-mixed numbers for about a fifth of that.
"""

from __future__ import annotations

import hashlib
import struct


def draws(key: str, count: int) -> list[int]:
    """At least `count` pseudo-random 32-bit numbers fixed by `key`, to be taken with `pop()`
    (the last first): sixteen per BLAKE2b digest of the key and a block number."""
    numbers: list[int] = []
    for block in range((count + 15) // 16):
        numbers += struct.unpack(">16I", hashlib.blake2b(f"{key}:{block}".encode(), digest_size=64).digest())
    numbers.reverse()               # so that pop() hands them out in the order they were made
    return numbers


def sample(items: list[str] | tuple[str, ...], k: int, numbers: list[int]) -> list[str]:
    """`k` of `items` (all, if fewer) in random order: a partial Fisher-Yates shuffle taking its
    numbers from the end of `numbers`."""
    pool = list(items)
    k = min(k, len(pool))
    take = numbers.pop
    for i in range(k):
        j = i + take() % (len(pool) - i)
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:k]
