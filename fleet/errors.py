"""One base error, turned into one clear message in one place (the CLI)."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    PROBLEMS = 1  # validation errors, drift, stale artifacts
    USAGE = 2  # as click gives it
    INCOMPLETE = 3  # unreadable input, unreachable host, internal failure


class FleetError(Exception):
    """An error the user can act on. Its message is printed without a traceback."""

    exit_code = ExitCode.INCOMPLETE

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class UsageError(FleetError):
    exit_code = ExitCode.USAGE
