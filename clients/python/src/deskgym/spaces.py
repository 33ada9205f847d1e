"""A gymnasium ``Text`` space over Unicode text, for task instructions, model answers and error
messages, which are not ASCII (quotes, accents, CJK file names, arrows in messages)."""

from __future__ import annotations

from typing import Any

import numpy as np
from gymnasium.spaces import Space, Text

#: Whitespace that real text carries besides the printable characters.
_WHITESPACE = "\n\t\r"
#: The replacement character, for characters outside the space.
REPLACEMENT = "\ufffd"

_CHARACTERS: tuple[str, ...] | None = None


def _characters() -> tuple[str, ...]:
    global _CHARACTERS
    if _CHARACTERS is None:
        _CHARACTERS = tuple(_WHITESPACE) + tuple(
            chr(c) for c in range(0x10000) if chr(c).isprintable()
        )
    return _CHARACTERS


def allowed(character: str) -> bool:
    """Whether a character belongs to :class:`UnicodeText`'s character set."""
    return character in _WHITESPACE or (ord(character) < 0x10000 and character.isprintable())


class UnicodeText(Text):
    """``Text`` whose character set is every printable character of Unicode's Basic Multilingual
    Plane plus newline, tab and carriage return (about 55 000 characters).

    ``gymnasium.spaces.Text`` builds per-character tables when it is made; for this set that takes
    seconds and tens of MB per space, so they are built on first use here (only flattening and
    masked sampling need them). Membership is checked character by character without them, and
    plain :meth:`sample` draws uniformly from the set.
    """

    def __init__(self, max_length: int, *, min_length: int = 0, seed: int | np.random.Generator | None = None):
        if min_length < 0 or min_length > max_length:
            raise ValueError(f"need 0 <= min_length <= max_length, got {min_length} and {max_length}")
        self.min_length = int(min_length)
        self.max_length = int(max_length)
        Space.__init__(self, dtype=str, seed=seed)

    # The tables Text's own methods (flatten, masks) read, built when first asked for.
    @property
    def _char_list(self) -> tuple[str, ...]:  # type: ignore[override]
        return _characters()

    @property
    def _char_set(self) -> frozenset[str]:  # type: ignore[override]
        cached = self.__dict__.get("_cached_set")
        if cached is None:
            cached = self.__dict__["_cached_set"] = frozenset(_characters())
        return cached

    @property
    def _char_index(self) -> dict[str, np.int32]:  # type: ignore[override]
        cached = self.__dict__.get("_cached_index")
        if cached is None:
            cached = self.__dict__["_cached_index"] = {c: np.int32(i) for i, c in enumerate(_characters())}
        return cached

    @property
    def _char_str(self) -> str:  # type: ignore[override]
        return "".join(sorted(_characters()))

    def contains(self, x: Any) -> bool:
        return (
            isinstance(x, str)
            and self.min_length <= len(x) <= self.max_length
            and all(allowed(c) for c in x)
        )

    def sample(self, mask: Any = None, probability: Any = None) -> str:
        if mask is not None or probability is not None:
            return super().sample(mask=mask, probability=probability)
        characters = _characters()
        length = int(self.np_random.integers(self.min_length, self.max_length + 1))
        picks = self.np_random.integers(0, len(characters), size=length)
        return "".join(characters[i] for i in picks)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, UnicodeText):
            return self.min_length == other.min_length and self.max_length == other.max_length
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash((type(self), self.min_length, self.max_length))

    def __repr__(self) -> str:
        return f"UnicodeText({self.min_length}, {self.max_length}, charset=printable BMP + \\n\\t\\r)"


def fit_text(text: str | None, space: Text) -> str:
    """``text`` made a member of ``space``: characters outside it replaced by U+FFFD, cut at its
    ``max_length``."""
    value = text or ""
    if isinstance(space, UnicodeText):
        value = "".join(c if allowed(c) else REPLACEMENT for c in value)
    else:
        value = "".join(c if c in space.character_set else "?" for c in value)
    return value[: space.max_length]
