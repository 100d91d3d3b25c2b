"""Map-style and iterable PyTorch datasets whose samples are the files under a path of a volume.

The API follows DAOS's ``pydaos.torch`` (``Dataset(pool, cont, path, transform_fn, ...)``) with
the pool and container replaced by the service endpoint and the volume, so code written for one
switches to the other by changing the constructor call.
"""

from __future__ import annotations

import collections
import logging
import math
import os
import random
from typing import Any, Callable, Deque, Dict, Iterator, List, Optional, Sequence, Tuple

import grpc
import torch.distributed
import torch.utils.data

from . import errors
from ._client import Client, volume_path
from ._readahead import FollowedSampler, Plan, ReadAhead

__all__ = ["Dataset", "IterableDataset", "FollowedSampler", "ITER_BATCH_SIZE", "MAX_BATCH",
           "READAHEAD_BYTES"]

#: Samples read per GetBatch call by IterableDataset (pydaos.torch's ITER_BATCH_SIZE).
ITER_BATCH_SIZE = 32
#: Most paths sent in one GetBatch call (the server's default limit is 4096).
MAX_BATCH = 1024
#: Default bound on the bytes of the batches a map-style Dataset reads ahead, per process.
READAHEAD_BYTES = 64 * 1024 * 1024
#: The values of ``on_error``.
_ON_ERROR = ("raise", "skip")

_log = logging.getLogger("estuary_torch")


def _identity(sample: bytes) -> Any:
    return sample


class _Samples:
    """The scanned sample list and the client, shared by both dataset kinds."""

    max_batch = MAX_BATCH

    def __init__(self, endpoint, volume, path, *, token, transform, transform_fn, suffixes, prefix,
                 deterministic, rank, world_size, tls, ca_cert, client_cert, client_key,
                 server_name, timeout, retries, on_error="raise", views=False):
        if on_error not in _ON_ERROR:
            raise ValueError(f"on_error: {on_error!r} (expected: one of {', '.join(_ON_ERROR)})")
        self.on_error = on_error
        self.views = views
        if transform is not None and transform_fn is not None:
            raise ValueError("transform and transform_fn: both given (expected: one; transform_fn"
                             " is the pydaos.torch spelling of transform)")
        self.transform: Callable[[bytes], Any] = transform or transform_fn or _identity
        self.client = Client(endpoint, volume, token=token, tls=tls, ca_cert=ca_cert,
                             client_cert=client_cert, client_key=client_key,
                             server_name=server_name, timeout=timeout, retries=retries)
        self.root = volume_path(path or "/")
        if isinstance(suffixes, str):
            suffixes = [suffixes]
        paths, sizes, summary = self.client.scan(
            self.root, prefix=prefix, suffixes=list(suffixes or ()),
            deterministic=deterministic, rank=rank, world=world_size)
        # Paths come relative to the root; the full path of a sample is made when it is read, and
        # the full list only if asked for (10 million concatenations cost about a second).
        self._prefix_path = self.root + "/" if self.root else ""
        self._relative: List[str] = paths
        self._paths: Optional[List[str]] = None if self._prefix_path else paths
        self.sizes: List[int] = sizes
        self.summary = summary

    def __len__(self) -> int:
        return len(self._relative)

    def path(self, i: int) -> str:
        """The path in the volume of sample ``i``."""
        return self._prefix_path + self._relative[i]

    @property
    def paths(self) -> List[str]:
        """Every sample's path in the volume, in index order (built on first use)."""
        if self._paths is None:
            prefix = self._prefix_path
            self._paths = [prefix + p for p in self._relative]
        return self._paths

    @property
    def objects(self) -> List[Tuple[str, int]]:
        return list(zip(self.paths, self.sizes))

    def read(self, indices: Sequence[int]) -> List[Any]:
        out: List[Any] = []
        for start in range(0, len(indices), MAX_BATCH):
            out.extend(self.start(indices[start:start + MAX_BATCH]).result())
        return out

    def start(self, indices: Sequence[int]) -> "_Batch":
        """Sends the GetBatch call for ``indices`` (at most MAX_BATCH) now."""
        return _Batch(self, list(indices), self.client.start_batch(
            [self.path(i) for i in indices], [self.sizes[i] for i in indices], item_errors=True,
            views=self.views))


class _Batch:
    """A GetBatch call in flight for some samples of a dataset."""

    def __init__(self, samples: _Samples, indices: List[int], pending):
        self.samples = samples
        self.indices = indices
        self.pending = pending

    def cancel(self) -> None:
        self.pending.cancel()

    def result(self) -> List[Any]:
        """The transformed samples; a sample that failed raises its error, naming its index and
        path, or with ``on_error="skip"`` is left out (and logged)."""
        s = self.samples
        out = []
        for i, d in zip(self.indices, self.pending.result()):
            if isinstance(d, errors.EstuaryError):
                # Named by its index in the dataset, not its position in the request.
                e = errors.from_item_error(
                    (d.code or grpc.StatusCode.UNKNOWN).value[0], d.details, d.kind or "",
                    f"sample {i} ({s.client.volume}:/{s.path(i)})", i, s.path(i))
                if s.on_error == "skip":
                    _log.warning("skipped %s", e)
                    continue
                raise e
            out.append(s.transform(d))
        return out


def _distributed(rank: Optional[int], world_size: Optional[int]) -> Tuple[int, int]:
    """The (rank, world size) to shard by: explicit arguments, else torch.distributed, else (0, 1)."""
    if rank is None and world_size is None:
        dist = torch.distributed
        if dist.is_available() and dist.is_initialized():
            return dist.get_rank(), dist.get_world_size()
        return 0, 1
    if rank is None or world_size is None:
        raise ValueError(f"rank={rank}, world_size={world_size} (expected: both or neither)")
    if world_size < 1 or not 0 <= rank < world_size:
        raise ValueError(f"rank={rank}, world_size={world_size} (expected: 0 <= rank < world_size)")
    return rank, world_size


class Dataset(torch.utils.data.Dataset):
    """Map-style dataset: sample ``i`` is the content of the ``i``-th file found under ``path``.

    The constructor scans the directory tree once on the server (in parallel, in a deterministic
    order by default, so every process and rank sees the same index) and keeps the list of
    ``(path, size)`` as :attr:`objects`. ``dataset[i]`` reads one file; ``__getitems__`` (used by
    ``DataLoader`` with a batch size, PyTorch >= 1.13) reads a whole batch in one ``GetBatch``
    call. Each sample is passed through ``transform(bytes)``.

    The dataset can be handed to a ``DataLoader`` with worker processes as is: every worker opens
    its own connection on first use. ``worker_init`` does that eagerly and can be given as
    ``DataLoader(worker_init_fn=dataset.worker_init)`` as with pydaos.torch.

    Read-ahead: a dataset only sees one batch request at a time, so by itself it waits for one
    GetBatch round trip per batch. Hand it the DataLoader's order by wrapping the sampler with
    :meth:`follow`, ``DataLoader(ds, batch_size=32, sampler=ds.follow(RandomSampler(ds)))`` (or
    ``batch_sampler=ds.follow(some_batch_sampler)``), and each process that reads (every worker,
    or the main process without workers) keeps its next ``readahead`` batches of that order in
    flight, at most ``readahead_bytes`` of them. Every epoch's order is taken anew, also with
    persistent workers; requests outside the order, and ``dataset[i]``, are read on request.

    Errors of single samples: a batch in which a sample is missing, unreadable or changed raises
    that sample's error (``NotFound``, ...; its message and ``index``/``path`` attributes name
    the sample) instead of failing on the whole GetBatch; with ``on_error="skip"`` such samples
    are left out of their batch (and logged to the ``estuary_torch`` logger) instead.

    Args:
        endpoint: the dataset service, ``host:port`` or ``grpcs://host:port``; None reads
            ``ESTUARY_ENDPOINT``.
        volume: the volume (an S3 bucket of the same name).
        path: directory inside the volume holding the samples (default: the whole volume).
        token: bearer token; None reads ``ESTUARY_TOKEN``.
        transform: called with each sample's bytes; its result is the sample (default: the bytes).
        transform_fn: pydaos.torch's name for ``transform``.
        suffixes: only files whose name ends with one of these, e.g. ``(".png", ".npz")``.
        prefix: only files whose path (relative to ``path``) starts with this.
        deterministic: list in a stable sorted order (default True; False is a little faster and
            gives the order in which the server's parallel walk found the files).
        rank, world_size: scan only this shard (``i % world_size == rank`` of the sorted list);
            default: the whole list. For DDP a ``DistributedSampler`` over the whole list is the
            usual choice instead.
        tls, ca_cert, client_cert, client_key, server_name: TLS settings (see ``Client``).
        timeout: seconds per call. retries: attempts for transient failures, or a ``Retry``.
        readahead: batches of the followed order kept in flight per process (0: none).
        readahead_bytes: most bytes (file sizes) of those batches together, per process.
        on_error: ``"raise"`` (default) or ``"skip"``: what a batch does with a sample that
            cannot be read (see above).
        views: hand ``transform`` each sample read in a batch as a read-only ``memoryview`` of
            the message gRPC received instead of ``bytes``: no copy between gRPC and the
            transform (``numpy.frombuffer``/``torch.frombuffer`` take it as they take bytes),
            where ``bytes`` costs one. Default False: a transform gets ``bytes``.

    Raises:
        AuthenticationError, PermissionDenied, NotFound, ...: see :mod:`estuary_torch.errors`.
    """

    def __init__(self, endpoint: Optional[str] = None, volume: Optional[str] = None, path: str = "/",
                 *, token: Optional[str] = None, transform: Optional[Callable[[bytes], Any]] = None,
                 transform_fn: Optional[Callable[[bytes], Any]] = None,
                 suffixes: Optional[Sequence[str]] = None, prefix: str = "",
                 deterministic: bool = True, rank: Optional[int] = None,
                 world_size: Optional[int] = None, tls: Optional[bool] = None, ca_cert=None,
                 client_cert=None, client_key=None, server_name: Optional[str] = None,
                 timeout: Optional[float] = 60.0, retries=10, readahead: int = 2,
                 readahead_bytes: int = READAHEAD_BYTES, on_error: str = "raise", views: bool = False):
        super().__init__()
        if readahead < 0:
            raise ValueError(f"readahead: {readahead} (expected: >= 0)")
        if readahead_bytes < 0:
            raise ValueError(f"readahead_bytes: {readahead_bytes} (expected: >= 0)")
        if rank is not None or world_size is not None:
            rank, world_size = _distributed(rank, world_size)
        self.readahead = readahead
        self.readahead_bytes = readahead_bytes
        self._samples = _Samples(endpoint, volume, path, token=token, transform=transform,
                                 transform_fn=transform_fn, suffixes=suffixes, prefix=prefix,
                                 deterministic=deterministic, rank=rank or 0,
                                 world_size=world_size or 1, tls=tls, ca_cert=ca_cert,
                                 client_cert=client_cert, client_key=client_key,
                                 server_name=server_name, timeout=timeout, retries=retries,
                                 on_error=on_error, views=views)
        self._plan: Optional[Plan] = None
        # Per process id: that process's read-ahead. A forked worker makes its own and never
        # touches (nor frees) the calls its parent had in flight on the parent's channel.
        self._ahead: Dict[int, ReadAhead] = {}

    @property
    def objects(self) -> List[Tuple[str, int]]:
        """``(path in the volume, size in bytes)`` of every sample, as pydaos.torch's ``objects``."""
        return self._samples.objects

    @property
    def paths(self) -> List[str]:
        """Path (relative to the volume root) of every sample, in index order."""
        return self._samples.paths

    @property
    def client(self) -> Client:
        """The connection (one per process)."""
        return self._samples.client

    def __len__(self) -> int:
        return len(self._samples)

    def __getitem__(self, idx: int) -> Any:
        s = self._samples
        return s.transform(s.client.get(s.path(idx), s.sizes[idx]))

    def __getitems__(self, indices: Sequence[int]) -> List[Any]:
        """Reads a batch of samples with one GetBatch call; the result is in the order given.

        With a followed sampler (:meth:`follow`) the batch usually was read ahead, and the next
        ones are started before this one is handed out."""
        if self._plan is None or self.readahead == 0:
            return self._samples.read(list(indices))
        pid = os.getpid()
        ahead = self._ahead.get(pid)
        if ahead is None:
            ahead = self._ahead[pid] = ReadAhead(self._samples, self._plan, self.readahead,
                                                 self.readahead_bytes)
        return ahead.get(indices)

    def follow(self, sampler) -> FollowedSampler:
        """Wraps the DataLoader's sampler so this dataset reads ahead in the order it yields.

        ``sampler`` yields indices (pass the result as ``DataLoader(sampler=...)``) or lists of
        indices (pass it as ``batch_sampler=...``). Its order is taken at the start of every
        epoch, so any sampler works, shuffled or not, also with ``set_epoch``. One followed
        sampler per dataset at a time: a new call replaces the previous one for the DataLoaders
        (and worker processes) started after it.
        """
        if isinstance(sampler, torch.utils.data.BatchSampler):
            capacity = len(sampler) * sampler.batch_size
        else:
            try:
                capacity = len(sampler)
            except TypeError:
                capacity = len(self)
        self._plan = Plan(max(capacity, len(self)))
        return FollowedSampler(sampler, self._plan)

    def readahead_stats(self) -> Dict[str, int]:
        """This process's read-ahead counters: ``hits`` (batches that were read ahead), ``misses``
        (read on request), ``started`` (batches started ahead), ``dropped`` (started but not
        used: cancelled), ``peak_bytes`` (most bytes in flight ahead at once)."""
        ahead = self._ahead.get(os.getpid())
        if ahead is None:
            return dict(hits=0, misses=0, started=0, dropped=0, peak_bytes=0)
        return dict(ahead.stats)

    def __getstate__(self):
        # Pickled for spawn/forkserver workers: calls in flight stay with this process.
        state = self.__dict__.copy()
        state["_ahead"] = {}
        return state

    def worker_init(self, worker_id: int = 0) -> None:
        """Opens this worker process's own connection (pass as ``DataLoader(worker_init_fn=...)``)."""
        _ = self._samples.client.stub

    def close(self) -> None:
        """Closes this process's connection (it reopens if the dataset is used again)."""
        ahead = self._ahead.pop(os.getpid(), None)
        if ahead is not None:
            ahead.drop_all()
        self._samples.client.close()

    def __enter__(self) -> "Dataset":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class IterableDataset(torch.utils.data.IterableDataset):
    """Iterable dataset over the files under ``path``, read ``batch_size`` at a time.

    Sharding: the list is first cut by distributed rank (``rank``/``world_size`` arguments, or
    ``torch.distributed``'s when it is initialised; the server does the cut: entry ``i`` of the
    sorted list goes to rank ``i % world_size``), then by DataLoader worker (each worker of
    ``torch.utils.data.get_worker_info()`` takes one contiguous slice of ``ceil(n / workers)``,
    as pydaos.torch does). So every sample is produced exactly once per epoch across all ranks and
    workers. With ``shuffle=True`` a rank's list is permuted with ``seed + epoch`` before it is cut
    (call :meth:`set_epoch` each epoch, as with ``DistributedSampler``).

    Takes the same arguments as :class:`Dataset`, plus ``batch_size`` (samples per GetBatch call),
    ``readahead`` (further GetBatch calls kept in flight while a batch is handed out; default 1),
    ``shuffle`` and ``seed``. A sample that cannot be read raises its error, or with
    ``on_error="skip"`` is left out.
    """

    def __init__(self, endpoint: Optional[str] = None, volume: Optional[str] = None, path: str = "/",
                 *, token: Optional[str] = None, transform: Optional[Callable[[bytes], Any]] = None,
                 transform_fn: Optional[Callable[[bytes], Any]] = None,
                 suffixes: Optional[Sequence[str]] = None, prefix: str = "",
                 batch_size: int = ITER_BATCH_SIZE, readahead: int = 1, shuffle: bool = False,
                 seed: int = 0,
                 rank: Optional[int] = None, world_size: Optional[int] = None,
                 tls: Optional[bool] = None, ca_cert=None, client_cert=None, client_key=None,
                 server_name: Optional[str] = None, timeout: Optional[float] = 60.0, retries=10,
                 on_error: str = "raise", views: bool = False):
        super().__init__()
        if batch_size < 1:
            raise ValueError(f"batch_size: {batch_size} (expected: >= 1)")
        self.rank, self.world_size = _distributed(rank, world_size)
        if readahead < 0:
            raise ValueError(f"readahead: {readahead} (expected: >= 0)")
        self.batch_size = batch_size
        self.readahead = readahead
        self.shuffle = shuffle
        self.seed = seed
        self.epoch = 0
        self._samples = _Samples(endpoint, volume, path, token=token, transform=transform,
                                 transform_fn=transform_fn, suffixes=suffixes, prefix=prefix,
                                 deterministic=True, rank=self.rank, world_size=self.world_size,
                                 tls=tls, ca_cert=ca_cert, client_cert=client_cert,
                                 client_key=client_key, server_name=server_name,
                                 timeout=timeout, retries=retries, on_error=on_error, views=views)

    @property
    def objects(self) -> List[Tuple[str, int]]:
        """``(path, size)`` of this rank's samples."""
        return self._samples.objects

    @property
    def client(self) -> Client:
        return self._samples.client

    def __len__(self) -> int:
        """Samples of this rank (all workers together)."""
        return len(self._samples)

    def set_epoch(self, epoch: int) -> None:
        """Sets the epoch that, with ``seed``, chooses the shuffled order."""
        self.epoch = epoch

    def _indices(self) -> List[int]:
        order = list(range(len(self._samples)))
        if self.shuffle:
            random.Random(self.seed + self.epoch).shuffle(order)
        info = torch.utils.data.get_worker_info()
        if info is None or info.num_workers <= 1:
            return order
        per = math.ceil(len(order) / info.num_workers)
        return order[info.id * per:(info.id + 1) * per]

    def __iter__(self) -> Iterator[Any]:
        indices = self._indices()
        step = min(self.batch_size, MAX_BATCH)
        pending: Deque[_Batch] = collections.deque()
        try:
            for start in range(0, len(indices), step):
                # Keep `readahead` more calls in flight while handing out the oldest one.
                pending.append(self._samples.start(indices[start:start + step]))
                if len(pending) > self.readahead:
                    yield from pending.popleft().result()
            while pending:
                yield from pending.popleft().result()
        finally:
            for batch in pending:
                batch.cancel()

    def worker_init(self, worker_id: int = 0) -> None:
        """Opens this worker process's own connection (pass as ``DataLoader(worker_init_fn=...)``)."""
        _ = self._samples.client.stub

    def close(self) -> None:
        """Closes this process's connection (it reopens if the dataset is used again)."""
        self._samples.client.close()

    def __enter__(self) -> "IterableDataset":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
