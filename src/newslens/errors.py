"""The project's own error type, so callers can tell bad input from bugs.

The CLI turns :class:`InputError` into a message on stderr and exit code 2;
anything else is a bug and exits 1.
"""

from __future__ import annotations

from os import PathLike


class InputError(Exception):
    """Bad input data: names the file and, where there is one, the line.

    Args:
        message: What is wrong and, where possible, how to fix it.
        path: The file at fault.
        line: The 1-based line (a CSV or JSONL line) at fault.
    """

    def __init__(
        self, message: str, *, path: str | PathLike[str] | None = None, line: int | None = None
    ) -> None:
        self.message = message
        self.path = None if path is None else str(path)
        self.line = line
        where = self.path or ""
        if where and line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}" if where else message)
