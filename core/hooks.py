"""Hooks: how a lower app lets an app above it take part, without importing it.

Apps depend in one direction (README "Architecture"). Where a lower app's work must reach a higher
one (feedback changed, so the committee's recommendation is recomputed), the lower app defines a
`Hook` and calls it; the higher app registers a function in its `AppConfig.ready()`. Receivers run
in registration order, synchronously, inside the caller's transaction, and their errors propagate,
so a hook is as safe as the direct call it replaces. Every hook is listed in the README.
"""

from collections.abc import Callable
from typing import Any


class Hook:
    def __init__(self, name: str, doc: str):
        self.name = name
        self.__doc__ = doc
        self._receivers: list[Callable[..., Any]] = []

    def register(self, receiver: Callable[..., Any]) -> Callable[..., Any]:
        """Add a receiver once (registering again is harmless: `ready()` may run twice in tests)."""
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    @property
    def receivers(self) -> tuple[Callable[..., Any], ...]:
        return tuple(self._receivers)

    def call(self, **kwargs: Any) -> list[Any]:
        """Run every receiver with these keyword arguments; their results in order."""
        return [receiver(**kwargs) for receiver in self._receivers]

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._receivers)} receiver(s)>"
