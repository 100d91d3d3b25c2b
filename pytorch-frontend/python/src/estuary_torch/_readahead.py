"""Read-ahead for the map-style Dataset: the order a DataLoader will ask for, and the batches of it
kept in flight in each process that reads.

A map-style dataset only sees one ``__getitems__(indices)`` call at a time; the order comes from
the DataLoader's sampler, which runs in the main process. :class:`FollowedSampler` wraps that
sampler: at the start of each epoch (each ``iter()``) it materialises the epoch's order and
publishes it in a :class:`Plan`, two small tensors in shared memory that the DataLoader's worker
processes inherit with the dataset (workers are started before the sampler is first iterated, and
persistent workers live across epochs, so the order cannot travel by pickling). Each process then
keeps its own :class:`ReadAhead`: when it is asked for batch ``k`` of the plan it starts the
GetBatch calls of the batches it will be asked for next (``k + W``, ``k + 2W``, ...: the DataLoader
hands batch ``k`` to worker ``k % W``), within a count and a byte budget, so the server reads
them while this process waits for, transforms and collates batch ``k``.

Correctness never depends on the plan: a batch read ahead is used only for a request with exactly
its indices, a request the plan did not predict is read at once, and a new epoch (a new plan
generation) drops what was read ahead for the old one.
"""

from __future__ import annotations

import collections
import os
from typing import Any, Dict, Iterator, List, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.utils.data

# Plan header slots: generation (odd while the main process writes), number of indices, number of
# batches (-1 when the followed sampler yields single indices: batches are then the DataLoader's
# equal slices, whose size the first request shows).
_SEQ, _COUNT, _BATCHES = 0, 1, 2


class Plan:
    """The current epoch's order, in shared memory, written by the main process only."""

    def __init__(self, capacity: int):
        self.capacity = capacity
        dtype = torch.int32 if capacity < 2 ** 31 else torch.int64
        self.header = torch.zeros(3, dtype=torch.int64).share_memory_()
        self.order = torch.zeros(max(capacity, 1), dtype=dtype).share_memory_()
        # Cumulative end of each batch in `order` (only for a followed batch sampler).
        self.ends = torch.zeros(max(capacity, 1), dtype=dtype).share_memory_()

    def publish(self, items: List[Any]) -> None:
        """Writes an epoch's order: a list of indices, or of batches (lists of indices).

        An order it cannot hold (longer than planned for, or of items that are not indices)
        is published as empty: no read-ahead this epoch, and reads stay right."""
        h = self.header
        h[_SEQ] += 1  # odd: being written (a seqlock; readers retry or do without)
        h[_COUNT] = 0
        h[_BATCHES] = -1
        try:
            batches = bool(items) and isinstance(items[0], (list, tuple))
            flat = [int(i) for b in items for i in b] if batches else [int(i) for i in items]
            if len(flat) <= self.capacity:
                if flat:
                    self.order[:len(flat)] = torch.as_tensor(flat, dtype=self.order.dtype)
                if batches:
                    ends = np.cumsum([len(b) for b in items])
                    self.ends[:len(items)] = torch.as_tensor(ends, dtype=self.ends.dtype)
                    h[_BATCHES] = len(items)
                h[_COUNT] = len(flat)
        except (TypeError, ValueError, RuntimeError, OverflowError):
            h[_COUNT] = 0
            h[_BATCHES] = -1
        finally:
            h[_SEQ] += 1

    def generation(self) -> int:
        return int(self.header[_SEQ])

    def snapshot(self) -> Optional[Tuple[int, np.ndarray, Optional[np.ndarray]]]:
        """(generation, order, batch ends or None), or None while it is being written."""
        seq = int(self.header[_SEQ])
        if seq % 2:
            return None
        count = int(self.header[_COUNT])
        batches = int(self.header[_BATCHES])
        order = self.order[:count].numpy().copy()
        ends = self.ends[:batches].numpy().copy() if batches >= 0 else None
        if int(self.header[_SEQ]) != seq:
            return None
        return seq, order, ends


class FollowedSampler(torch.utils.data.Sampler):
    """Yields what ``sampler`` yields, after publishing each epoch's order to the dataset's plan.

    Pass it to the DataLoader as ``sampler=`` (a sampler of indices; the DataLoader makes batches
    of ``batch_size``) or as ``batch_sampler=`` (when ``sampler`` yields lists of indices). Made
    by :meth:`estuary_torch.Dataset.follow`.
    """

    def __init__(self, sampler, plan: Plan):
        super().__init__(None)
        self.sampler = sampler
        self.plan = plan

    def __iter__(self) -> Iterator[Any]:
        # A generator: runs at the DataLoader's first request of the epoch, after its workers
        # started, so they see the order through shared memory.
        items = list(self.sampler)
        self.plan.publish(items)
        yield from items

    def __len__(self) -> int:
        return len(self.sampler)

    def set_epoch(self, epoch: int) -> None:
        """Passed on to the wrapped sampler (e.g. a DistributedSampler)."""
        if hasattr(self.sampler, "set_epoch"):
            self.sampler.set_epoch(epoch)


class ReadAhead:
    """One process's batches in flight ahead of the requests (see the module docstring).

    Args:
        samples: the dataset's ``_Samples`` (paths, sizes, GetBatch calls).
        plan: the shared plan.
        batches: most batches in flight ahead of the current request.
        max_bytes: most bytes (sizes from the scan) of those batches together.
    """

    def __init__(self, samples, plan: Plan, batches: int, max_bytes: int):
        self.samples = samples
        self.plan = plan
        self.batches = batches
        self.max_bytes = max_bytes
        self.seq = -1
        self.order: Optional[np.ndarray] = None
        self.ends: Optional[np.ndarray] = None
        self.inverse: Optional[np.ndarray] = None
        self.size = 0  # batch size when the plan has no batch ends
        self.cursor: Optional[int] = None  # batch number this process expects next
        # batch number -> (indices, pending batch, bytes)
        self.pending: "collections.OrderedDict[int, Tuple[Tuple[int, ...], Any, int]]" = \
            collections.OrderedDict()
        self.pending_bytes = 0
        #: Counters of this process: requests served from a batch read ahead (hits), read on
        #: request (misses), batches started ahead, dropped unused, and the most bytes in flight.
        self.stats: Dict[str, int] = dict(hits=0, misses=0, started=0, dropped=0, peak_bytes=0)

    def _workers(self) -> Tuple[int, int]:
        info = torch.utils.data.get_worker_info()
        return (1, 0) if info is None else (info.num_workers, info.id)

    def _sync(self) -> None:
        seq = self.plan.generation()
        if seq == self.seq:
            return
        snap = self.plan.snapshot()
        self.drop_all()
        self.order = self.ends = self.inverse = None
        self.cursor = None
        self.size = 0
        if snap is None:
            return  # being rewritten: read on request until it is stable
        self.seq, self.order, self.ends = snap
        # The DataLoader hands each epoch's first batches to workers 0, 1, ... in turn.
        self.cursor = self._workers()[1]

    def drop_all(self) -> None:
        for _, batch, _ in self.pending.values():
            batch.cancel()
            self.stats["dropped"] += 1
        self.pending.clear()
        self.pending_bytes = 0

    def _batch(self, k: int, size: int = 0) -> Optional[Tuple[int, ...]]:
        """Indices of batch ``k`` of the plan (of batches of ``size``, default the size learnt,
        when the plan has no batch ends), or None past its end."""
        size = size or self.size
        order = self.order
        if order is None or k < 0:
            return None
        if self.ends is not None:
            if k >= len(self.ends):
                return None
            start = int(self.ends[k - 1]) if k else 0
            return tuple(order[start:int(self.ends[k])].tolist())
        if size <= 0 or k * size >= len(order):
            return None
        return tuple(order[k * size:(k + 1) * size].tolist())

    def _locate(self, key: Tuple[int, ...]) -> Optional[int]:
        """The batch number of a request, or None when the plan does not hold it."""
        if self.order is None or not key or len(self.order) == 0:
            return None
        # Without batch ends, batches are the DataLoader's batch_size (the last may be shorter):
        # learnt from the first request that matches the plan.
        size = self.size or len(key)
        if self.cursor is not None and self._batch(self.cursor, size) == key:
            self.size = size if self.ends is None else 0
            return self.cursor
        if self.inverse is None:
            # Position of each index in the order (indices the dataset does not have are left
            # out: their request fails as it would without a plan).
            n = len(self.samples)
            positions = np.arange(len(self.order))
            valid = (self.order >= 0) & (self.order < n)
            inverse = np.full(n, -1, dtype=np.int64)
            inverse[self.order[valid]] = positions[valid]
            self.inverse = inverse
        if not 0 <= key[0] < len(self.inverse):
            return None
        pos = int(self.inverse[key[0]])
        if pos < 0:
            return None
        if self.ends is not None:
            k = int(np.searchsorted(self.ends, pos, side="right"))
        elif pos % size == 0:
            k = pos // size
        else:
            return None
        if self._batch(k, size) != key:
            return None
        self.size = size if self.ends is None else 0
        return k

    def get(self, indices: Sequence[int]) -> List[Any]:
        """The batch for ``indices``: from what was read ahead, or read now; then reads ahead."""
        self._sync()
        try:
            key = tuple(int(i) for i in indices)
        except (TypeError, ValueError):
            key = ()
        if not key or len(key) > self.samples.max_batch:
            # Not a batch of indices the plan could hold: read as without one (same errors).
            return self.samples.read(list(indices))
        k = self._locate(key)
        entry = self.pending.pop(k, None) if k is not None else None
        if entry is not None and entry[0] == key:
            batch = entry[1]
            self.pending_bytes -= entry[2]
            self.stats["hits"] += 1
        else:
            if entry is not None:
                entry[1].cancel()
                self.pending_bytes -= entry[2]
                self.stats["dropped"] += 1
            batch = self.samples.start(list(key))
            self.stats["misses"] += 1
        if k is not None:
            self._ahead(k)
        return batch.result()

    def _ahead(self, k: int) -> None:
        workers, _ = self._workers()
        self.cursor = k + workers
        # Batches behind the current one will not be asked for in this epoch: drop them.
        for old in [b for b in self.pending if b <= k]:
            _, batch, nbytes = self.pending.pop(old)
            batch.cancel()
            self.pending_bytes -= nbytes
            self.stats["dropped"] += 1
        sizes = self.samples.sizes
        for step in range(1, self.batches + 1):
            nxt = k + step * workers
            if nxt in self.pending:
                continue
            key = self._batch(nxt)
            if key is None or len(key) > self.samples.max_batch:
                break
            nbytes = sum(sizes[i] for i in key)
            if self.pending_bytes + nbytes > self.max_bytes:
                break
            self.pending[nxt] = (key, self.samples.start(list(key)), nbytes)
            self.pending_bytes += nbytes
            self.stats["started"] += 1
            self.stats["peak_bytes"] = max(self.stats["peak_bytes"], self.pending_bytes)
