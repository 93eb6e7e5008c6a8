"""Unusable input: the one kind of error every dalbit command reports as ``file:line``."""
from __future__ import annotations


class InputError(ValueError):
    """Input that cannot be used: ``file:line: what is wrong, how to fix`` (exit status 2)."""

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message

    def __reduce__(self):
        # Raised in a worker process, it must cross back whole (pickle would pass only str(self)).
        return type(self), (self.path, self.line, self.message)
