"""Unusable input: the one kind of error every dalbit command reports as ``file:line``."""
from __future__ import annotations


class InputError(ValueError):
    """Input that cannot be used: ``file:line: what is wrong, how to fix`` (exit status 2).

    Line 0 means the file as a whole (a folder, a FIFO, a missing file): ``file: ...``.
    """

    def __init__(self, path: str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")
        self.path, self.line, self.message = path, line, message

    def __reduce__(self):
        # Raised in a worker process, it must cross back whole (pickle would pass only str(self)).
        return type(self), (self.path, self.line, self.message)


class InputErrors(InputError):
    """Several unusable inputs, all found in one run: one ``file:line`` line each."""

    def __init__(self, errors: list[InputError]) -> None:
        first = errors[0]
        super().__init__(first.path, first.line, first.message)
        self.args = ("\n".join(map(str, errors)),)
        self.errors = errors

    def __str__(self) -> str:
        return self.args[0]

    def __reduce__(self):
        return type(self), (self.errors,)
