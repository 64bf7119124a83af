"""Errors a user can act on. Each says where the problem is, so the CLI can print it and exit 2."""
from __future__ import annotations


class BrandlintError(Exception):
    """Base class for errors reported to the user without a traceback."""

    exit_code = 2


class ConfigError(BrandlintError):
    """A policy or configuration problem, located by file, line and key."""

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 key: str | None = None) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.key = key
        super().__init__(str(self))

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = str(self.file)
            if self.line:
                where += f":{self.line}"
            where += ": "
        key = f"key '{self.key}': " if self.key else ""
        return f"{where}{key}{self.message}"


class UsageError(BrandlintError):
    """Wrong arguments or inputs (a missing snapshot, an unreadable seed file...)."""
