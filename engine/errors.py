"""Problems found in user input, reported all at once with file, path and line."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file: where (file, field path, line) and what."""

    file: str
    path: str
    message: str
    line: int | None = None
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        label = "" if self.severity is Severity.ERROR else "warning: "
        path = f"{self.path}: " if self.path else ""
        return f"{where}: {label}{path}{self.message}"


class InputError(Exception):
    """Raised with every problem of an input; the CLI prints them and exits with code 2."""

    exit_code = 2

    def __init__(self, problems: list[Problem]):
        self.problems = [p for p in problems if p.severity is Severity.ERROR]
        self.warnings = [p for p in problems if p.severity is Severity.WARNING]
        count = len(self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} found")

    def report(self) -> str:
        lines = [str(p) for p in self.problems + self.warnings]
        lines.append(str(self))
        return "\n".join(lines)


class ScenarioError(InputError):
    """A scenario file that cannot be used as it is."""


class DomainError(Exception):
    """A request the domain refuses, with a reason a user can act on (e.g. a pin breaking a hard rule)."""

    exit_code = 1


class SearchTimeout(DomainError):
    """The solver found no plan before its limit: not a proof that none exists (more time may give one)."""
