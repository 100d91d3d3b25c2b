"""Map-style and iterable PyTorch datasets whose samples are the files under a path of a volume.

The API follows DAOS's ``pydaos.torch`` (``Dataset(pool, cont, path, transform_fn, ...)``) with
the pool and container replaced by the service endpoint and the volume, so code written for one
switches to the other by changing the constructor call.
"""

from __future__ import annotations

import collections
import math
import random
from typing import Any, Callable, Deque, Iterator, List, Optional, Sequence, Tuple

import torch.distributed
import torch.utils.data

from ._client import Client, volume_path

__all__ = ["Dataset", "IterableDataset", "ITER_BATCH_SIZE", "MAX_BATCH"]

#: Samples read per GetBatch call by IterableDataset (pydaos.torch's ITER_BATCH_SIZE).
ITER_BATCH_SIZE = 32
#: Most paths sent in one GetBatch call (the server's default limit is 4096).
MAX_BATCH = 1024


def _identity(sample: bytes) -> Any:
    return sample


class _Samples:
    """The scanned sample list and the client, shared by both dataset kinds."""

    def __init__(self, endpoint, volume, path, *, token, transform, transform_fn, suffixes, prefix,
                 deterministic, rank, world_size, tls, ca_cert, client_cert, client_key,
                 server_name, timeout, retries):
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
        prefix_path = self.root + "/" if self.root else ""
        self.paths: List[str] = [prefix_path + p for p in paths] if prefix_path else paths
        self.sizes: List[int] = sizes
        self.summary = summary

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
        return _Batch(self.client.start_batch([self.paths[i] for i in indices],
                                              [self.sizes[i] for i in indices]), self.transform)


class _Batch:
    def __init__(self, pending, transform):
        self.pending = pending
        self.transform = transform

    def result(self) -> List[Any]:
        return [self.transform(d) for d in self.pending.result()]


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
                 timeout: Optional[float] = 60.0, retries=10):
        super().__init__()
        if rank is not None or world_size is not None:
            rank, world_size = _distributed(rank, world_size)
        self._samples = _Samples(endpoint, volume, path, token=token, transform=transform,
                                 transform_fn=transform_fn, suffixes=suffixes, prefix=prefix,
                                 deterministic=deterministic, rank=rank or 0,
                                 world_size=world_size or 1, tls=tls, ca_cert=ca_cert,
                                 client_cert=client_cert, client_key=client_key,
                                 server_name=server_name, timeout=timeout, retries=retries)

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
        return len(self._samples.paths)

    def __getitem__(self, idx: int) -> Any:
        s = self._samples
        return s.transform(s.client.get(s.paths[idx], s.sizes[idx]))

    def __getitems__(self, indices: Sequence[int]) -> List[Any]:
        """Reads a batch of samples with one GetBatch call; the result is in the order given."""
        return self._samples.read(list(indices))

    def worker_init(self, worker_id: int = 0) -> None:
        """Opens this worker process's own connection (pass as ``DataLoader(worker_init_fn=...)``)."""
        _ = self._samples.client.stub

    def close(self) -> None:
        """Closes this process's connection (it reopens if the dataset is used again)."""
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
    ``shuffle`` and ``seed``.
    """

    def __init__(self, endpoint: Optional[str] = None, volume: Optional[str] = None, path: str = "/",
                 *, token: Optional[str] = None, transform: Optional[Callable[[bytes], Any]] = None,
                 transform_fn: Optional[Callable[[bytes], Any]] = None,
                 suffixes: Optional[Sequence[str]] = None, prefix: str = "",
                 batch_size: int = ITER_BATCH_SIZE, readahead: int = 1, shuffle: bool = False,
                 seed: int = 0,
                 rank: Optional[int] = None, world_size: Optional[int] = None,
                 tls: Optional[bool] = None, ca_cert=None, client_cert=None, client_key=None,
                 server_name: Optional[str] = None, timeout: Optional[float] = 60.0, retries=10):
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
                                 timeout=timeout, retries=retries)

    @property
    def objects(self) -> List[Tuple[str, int]]:
        """``(path, size)`` of this rank's samples."""
        return self._samples.objects

    @property
    def client(self) -> Client:
        return self._samples.client

    def __len__(self) -> int:
        """Samples of this rank (all workers together)."""
        return len(self._samples.paths)

    def set_epoch(self, epoch: int) -> None:
        """Sets the epoch that, with ``seed``, chooses the shuffled order."""
        self.epoch = epoch

    def _indices(self) -> List[int]:
        order = list(range(len(self._samples.paths)))
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
                batch.pending.cancel()

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
