"""Errors a user can act on.

Every expected fault (a missing file, a file that will not open, wrong columns, an unreadable encoding)
is raised as an :class:`AdoptionAuditError`. The CLI turns it into one line on stderr naming the file and
the problem, and exit code 2, as the contracts require; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class AdoptionAuditError(ValueError):
    """An expected fault, reported to the user in one line."""

    def __init__(self, problem: str, path: str | Path | None = None):
        self.problem = problem
        self.path = str(path) if path is not None else None
        super().__init__(self.one_line())

    def one_line(self) -> str:
        text = " ".join(self.problem.split())
        return f"{self.path}: {text}" if self.path else text


class InputNotFound(AdoptionAuditError):
    """A path given on the command line or in a config does not exist."""

    def __init__(self, path: str | Path):
        super().__init__("no such file or folder", path)


class UnreadableInput(AdoptionAuditError):
    """A file exists but cannot be read as what it claims to be (corrupt, empty, wrong format)."""


class UnsupportedFormat(AdoptionAuditError):
    """A file's extension is not one the command reads."""


class ConfigError(AdoptionAuditError):
    """A run configuration is missing a setting or names something that does not exist."""


class NotImplementedYet(AdoptionAuditError):
    """A command whose capability has not been built yet: it says so rather than fake output."""

    def __init__(self, command: str):
        super().__init__(f"'{command}' is not implemented yet")


def require_exists(path: str | Path) -> Path:
    """Return ``path`` as a Path, or raise :class:`InputNotFound`."""
    p = Path(path)
    if not p.exists():
        raise InputNotFound(path)
    return p


class BadPeriod(AdoptionAuditError):
    """A period that is not ``YYYY-YY``, ``YYYY-YY..YYYY-YY`` or ``YYYY-MM-DD``."""


class UnknownMetric(AdoptionAuditError):
    """A metric id that is not in the catalogue."""


class BadCollectionYear(AdoptionAuditError):
    """A 903 collection year that is not of the form ``2017-18``."""


class InvalidOption(AdoptionAuditError):
    """A command-line option or setting has a value the command cannot use (e.g. ``--years 2019-18``)."""
