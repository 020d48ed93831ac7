"""Erasing a person from free text (PRODUCT.md: anonymization erases everywhere the product can know). Pure.

A `Redactor` replaces, in any text or JSON value:
- the person's full name, in any case and spacing ("Dana Kowalski", "dana  kowalski");
- each part of their name of two letters or more, as a whole word and as written with its capital
  ("Dana", "Kowalski" — not "dana" in the middle of a word, nor a lower-case common word);
- their e-mail addresses and phone numbers, wherever they appear, in any case.

Only terms that can name someone count: a name or name part needs a letter, a phone number six digits,
an e-mail address an "@" — so a candidate renamed "0" does not erase every zero of every timestamp.

What it cannot know (documented in the README): nicknames and misspellings, pronouns, and the
details that identify someone without naming them (employer, university, a project's name).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

MIN_PART = 2
MIN_PHONE_DIGITS = 6
_ICS_FOLD = re.compile(r"\r?\n[ \t]")
_LETTER = re.compile(r"[^\W\d_]")


def _parts(name: str) -> list[str]:
    return [p for p in re.split(r"[\s\-]+", name.strip()) if len(p) >= MIN_PART and _LETTER.search(p)]


def _is_secret(text: str) -> bool:
    """An e-mail address or a phone number: something that identifies a person on its own."""
    return ("@" in text and len(text) >= 3) or sum(c.isdigit() for c in text) >= MIN_PHONE_DIGITS


def _word(pattern: str, text: str) -> str:
    """As a whole word where words are spaced (Latin script); anywhere in scripts written without spaces."""
    return rf"(?<!\w){pattern}(?!\w)" if text.isascii() else pattern


@dataclass(frozen=True)
class Redactor:
    names: tuple[str, ...]
    secrets: tuple[str, ...] = ()  # e-mail addresses, phone numbers
    replacement: str = "[anonymized]"
    _pattern: re.Pattern | None = field(default=None, compare=False, repr=False)

    @classmethod
    def for_person(cls, *, names: Iterable[str], secrets: Iterable[str], replacement: str) -> "Redactor":
        names = tuple(n.strip() for n in names if n and len(n.strip()) >= MIN_PART and _LETTER.search(n))
        secrets = tuple(s.strip() for s in secrets if s and _is_secret(s.strip()))
        alternatives = [re.escape(s) for s in sorted(secrets, key=len, reverse=True)]
        alternatives += [
            _word(r"\s+".join(re.escape(word) for word in name.split()), name)
            for name in sorted(names, key=len, reverse=True)
        ]
        case_insensitive = "|".join(f"(?i:{a})" for a in alternatives)
        parts = sorted({p for name in names for p in _parts(name)}, key=len, reverse=True)
        whole_words = "|".join(_word(re.escape(p), p) for p in parts)
        pattern = "|".join(p for p in (case_insensitive, whole_words) if p)
        return cls(names, secrets, replacement, re.compile(pattern) if pattern else None)

    def __call__(self, text: str) -> str:
        if not text or self._pattern is None:
            return text
        return self._pattern.sub(self.replacement, text)

    def mentions(self, text: str) -> bool:
        return bool(text) and self._pattern is not None and self._pattern.search(text) is not None

    def ics(self, text: str) -> str:
        """An iCalendar text, unfolded first: RFC 5545 folds lines at 75 octets, which can split a name or an
        address across lines. Unfolded lines are still valid iCalendar."""
        return self(_ICS_FOLD.sub("", text)) if text else text

    def json(self, value: Any) -> Any:
        """The same structure with every string redacted (keys too)."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, list):
            return [self.json(v) for v in value]
        if isinstance(value, dict):
            return {self(k) if isinstance(k, str) else k: self.json(v) for k, v in value.items()}
        return value
