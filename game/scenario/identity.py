"""A content object as a cache key, compared by identity."""

from __future__ import annotations


class Identity:
    """A hashable handle on a content object (frozen, but holding dicts, so it has no hash of its
    own), equal only to a handle on the very same object. It keeps the object alive, so its id
    is never reused while a cache holds the handle."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __hash__(self) -> int:
        return id(self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Identity) and other.value is self.value
