"""Progress for long steps: a bar on a terminal, plain lines in logs and CI, nothing at all
when a library function is called without one (QUIET)."""

from __future__ import annotations

import sys

import click


class NullBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n: int) -> None:
        pass


class Progress:
    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()

    def step(self, message: str) -> None:
        click.echo(message, file=self.stream)

    def bar(self, total: int, label: str):
        if self.tty:
            return click.progressbar(length=total, label=label, file=self.stream)
        self.step(f"{label} ({total:,})")
        return NullBar()


class _Quiet(Progress):
    def __init__(self):
        pass

    def step(self, message: str) -> None:
        pass

    def bar(self, total: int, label: str):
        return NullBar()


QUIET = _Quiet()
