"""The event file's name and version, and the error of a file that does not fit them."""

from __future__ import annotations

FORMAT_NAME = "confsite-event"
FORMAT_VERSION = 1


class EventFileError(ValueError):
    """The file cannot be imported; ``problems`` lists every reason, each with its place."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems
