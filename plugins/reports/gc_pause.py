"""Building a large report allocates hundreds of thousands of objects (ORM rows, report
blocks, WeasyPrint's boxes) that live until the file is written. Python's cyclic
garbage collector then runs its full collections again and again over a heap that is
still in use: on the large benchmark event that was about a third of the PDF's time
and half a second of the preview (docs/performance.md). Reference counting still frees
what is dropped; the collector runs again as soon as the build is over."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (nested blocks are fine)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def without_gc(function: Callable[P, R]) -> Callable[P, R]:
    """Decorator: run ``function`` inside :func:`gc_paused`."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with gc_paused():
            return function(*args, **kwargs)

    return wrapper
