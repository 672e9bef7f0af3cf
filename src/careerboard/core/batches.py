"""Work split into batches of a bounded size: an IN list a query can take, a transaction of a
bounded length, a task of a bounded size."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """The items in lists of `size`, the last one shorter when they run out. Lazy, so a
    database iterator is read a batch at a time (itertools.batched, from Python 3.12)."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
