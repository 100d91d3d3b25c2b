"""Sharded-archive datasets: samples streamed out of tar shards in a volume (the WebDataset layout).

Large-scale training stores samples as tar shards of a few hundred MiB, each sample several
consecutive files with one basename: ``000017.jpg``, ``000017.cls``, ``000017.json`` make the
sample ``{"__key__": "000017", "jpg": ..., "cls": ..., "json": ...}``. :class:`ShardDataset`
lists the shards once with the server's Scan and streams each one with a single ``ReadRange``
call, parsed as it arrives (gRPC flow control bounds what is buffered: a shard is never held in
memory whole), so a worker starts yielding samples after the first chunk.

Every sample is produced exactly once per epoch across all ranks and DataLoader workers: shards
(not samples) are dealt out, shard ``order[i]`` to consumer ``i % (world_size * workers)`` where
consumer ``rank * workers + worker``. With ``shuffle=True`` the shard order is permuted with
``(seed, epoch)`` (the same on every rank, so the deal stays a partition), and each consumer's
samples pass through a shuffle buffer of ``shuffle_buffer`` samples seeded with
``(seed, epoch, consumer)``: the order differs per epoch, repeats for the same seed and epoch.
"""

from __future__ import annotations

import io
import queue
import random
import tarfile
import threading
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import torch.utils.data

from . import _wire, errors
from ._client import Client, volume_path
from ._pb import dataset_pb2 as pb
from .dataset import _distributed

__all__ = ["ShardDataset", "iter_tar_samples", "split_key", "READ_RANGE"]

READ_RANGE = "/estuary.dataset.v1.DatasetService/ReadRange"


def split_key(name: str) -> Optional[Tuple[str, str]]:
    """Splits a member name into (key, extension) at the first '.' of its last component.

    ``"a/b/000017.seg.png"`` gives ``("a/b/000017", "seg.png")``; a name whose last component has
    no '.' (or starts with one) gives None and is skipped, as WebDataset does.
    """
    slash = name.rfind("/")
    dot = name.find(".", slash + 1)
    if dot <= slash + 1 or dot == len(name) - 1:
        return None
    return name[:dot], name[dot + 1:]


def iter_tar_samples(fileobj, shard: str = "") -> Iterator[Dict[str, Any]]:
    """Groups the regular files of a tar stream into samples, in archive order.

    Consecutive files with one key make one sample dict: ``__key__``, ``__url__`` (``shard``) and
    one entry per extension with the file's bytes. Directories, links and names without an
    extension are skipped. The same extension twice in one sample raises ValueError naming the
    shard and the member (the archive is not in the WebDataset layout).
    """
    sample: Optional[Dict[str, Any]] = None
    # "r:" (not the stream mode "r|"): tarfile's stream mode copies the rest of its read buffer
    # on every read, and "r:" only ever seeks forward over a file read front to back.
    with tarfile.open(fileobj=fileobj, mode="r:") as tar:
        for member in tar:
            if not member.isfile():
                continue
            parts = split_key(member.name)
            if parts is None:
                continue
            key, ext = parts
            if sample is None or sample["__key__"] != key:
                if sample is not None:
                    yield sample
                sample = {"__key__": key, "__url__": shard}
            if ext in sample:
                raise ValueError(f"shard {shard!r}: member {member.name!r} repeats extension {ext!r}"
                                 f" of sample {key!r} (expected: one file per extension)")
            f = tar.extractfile(member)
            sample[ext] = f.read() if f is not None else b""
    if sample is not None:
        yield sample


class _RangeStream(io.RawIOBase):
    """A shard read front to back through one server stream (ReadRange), as a seekable file.

    tarfile reads a header, the member's data, then seeks forward to the next header: forward
    seeks consume what has arrived (or, when far, reopen the stream there), a backward seek
    reopens the stream at that offset. Holds at most one received chunk (plus gRPC's flow-control
    window). A transient failure mid-stream (UNAVAILABLE, DEADLINE_EXCEEDED) reopens the stream at
    the current offset, within the client's retry budget.

    A helper thread receives up to ``_AHEAD`` chunks ahead of the parser, so that the transfer
    overlaps the parsing: the client receives each call's messages only while a thread asks for
    the next one (grpc's single-threaded unary-stream mode, see ``_client``), and the parser would
    otherwise leave the connection idle while it works.
    """

    _AHEAD = 4

    # A forward seek farther than this reopens the stream instead of receiving what it skips.
    _SKIP_BY_REOPEN = 4 * 1024 * 1024

    def __init__(self, client: Client, path: str, size: int, chunk_size: int):
        super().__init__()
        self._client = client
        self._path = path
        self._size = size
        self._chunk_size = chunk_size
        self._pos = 0
        self._chunk = memoryview(b"")
        self._stream = None
        self._attempt = 0
        self._op = f"ReadRange {client.volume}:/{path}"

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}.get(whence)
        if base is None:
            raise ValueError(f"whence: {whence} (expected: SEEK_SET, SEEK_CUR or SEEK_END)")
        target = base + offset
        if target < 0:
            raise ValueError(f"offset: {offset} (expected: a position >= 0)")
        ahead = target - self._pos
        if 0 <= ahead <= len(self._chunk):
            self._chunk = self._chunk[ahead:]
        elif 0 < ahead <= self._SKIP_BY_REOPEN and (self._stream is not None or self._chunk):
            # Near: receive and drop what lies between (the stream is already sending it).
            pos = self._pos + len(self._chunk)
            left = target - pos
            self._chunk = memoryview(b"")
            while left > 0 and self._next_chunk(pos):
                n = min(left, len(self._chunk))
                self._chunk = self._chunk[n:]
                pos += n
                left -= n
        else:
            self._drop()  # the next read opens a stream at the target
        self._pos = target
        return target

    def _drop(self) -> None:
        stream, self._stream = self._stream, None
        self._chunk = memoryview(b"")
        if stream is not None:
            stream.stop()

    def _open(self, at: int):
        request = pb.ReadRangeRequest(volume=self._client.volume, path=self._path, offset=at,
                                      length=max(0, self._size - at), chunk_size=self._chunk_size)
        call = self._client.channel.unary_stream(READ_RANGE, request_serializer=pb.ReadRangeRequest.SerializeToString,
                                                 response_deserializer=_wire.parse_chunk)
        self._stream = _Prefetch(call(request, timeout=self._client.timeout, metadata=self._client.metadata),
                                 self._AHEAD)

    def _next_chunk(self, at: int) -> bool:
        """Receives the chunk at offset ``at`` (opening the stream there if needed); False at EOF."""
        import grpc
        if at >= self._size:
            return False
        while True:
            try:
                if self._stream is None:
                    self._open(at)
                chunk = self._stream.next()
            except StopIteration:
                raise errors.ServerError(f"{self._op}: stream ended at offset {at} without its"
                                         " last chunk") from None
            except grpc.RpcError as e:
                self._drop()
                code = e.code() if hasattr(e, "code") else None
                retry = self._client.retry
                if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED) \
                        and self._attempt + 1 < retry.attempts:
                    import time
                    time.sleep(retry.delay(self._attempt))
                    self._attempt += 1
                    continue
                raise errors.from_rpc_error(e, self._op, token_given=bool(self._client.token)) from None
            if chunk.offset != at:
                raise errors.ServerError(f"{self._op}: chunk at offset {chunk.offset} (expected: {at})")
            if chunk.file_size != self._size:
                raise errors.DatasetChanged(f"{self._op}: the shard has {chunk.file_size} bytes (expected:"
                                            f" {self._size} from the scan; the dataset changed since)")
            if chunk.last:
                self._drop()
            self._chunk = chunk.data
            return len(chunk.data) > 0

    def readinto(self, b) -> int:
        target = memoryview(b).cast("B")
        if not self._chunk and not self._next_chunk(self._pos):
            return 0
        n = min(len(target), len(self._chunk))
        target[:n] = self._chunk[:n]
        self._chunk = self._chunk[n:]
        self._pos += n
        return n

    def read(self, size: int = -1) -> bytes:
        """Reads ``size`` bytes (fewer only at the end), like a buffered file."""
        if size is None or size < 0:
            size = max(0, self._size - self._pos)
        if len(self._chunk) >= size:
            out = bytes(self._chunk[:size])
            self._chunk = self._chunk[size:]
            self._pos += size
            return out
        pieces = []
        want = size
        while want > 0:
            if not self._chunk and not self._next_chunk(self._pos):
                break
            n = min(want, len(self._chunk))
            pieces.append(self._chunk[:n])
            self._chunk = self._chunk[n:]
            self._pos += n
            want -= n
        return b"".join(pieces)

    def close(self) -> None:
        self._drop()
        super().close()


_DONE = object()


class _Prefetch:
    """Receives a call's messages on a helper thread, at most ``ahead`` of the consumer."""

    def __init__(self, call, ahead: int):
        self._call = call
        self._queue: "queue.Queue" = queue.Queue(maxsize=ahead)
        self._stopped = threading.Event()
        threading.Thread(target=self._run, name="estuary-shard-read", daemon=True).start()

    def _run(self) -> None:
        try:
            for message in self._call:
                if not self._put(message) or message.last:
                    return
            self._put(_DONE)
        except Exception as e:  # handed to the consumer, which raises or retries it
            self._put(e)

    def _put(self, item) -> bool:
        while not self._stopped.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def next(self):
        """The next message; raises StopIteration at the end and the call's error on failure."""
        item = self._queue.get()
        if item is _DONE:
            raise StopIteration
        if isinstance(item, Exception):
            raise item
        return item

    def stop(self) -> None:
        self._stopped.set()
        self._call.cancel()


def _shuffled(samples: Iterable[Any], size: int, rng: random.Random) -> Iterator[Any]:
    """A bounded shuffle: keeps ``size`` samples, emits a random one as each new one arrives."""
    buf: List[Any] = []
    for s in samples:
        if len(buf) < size:
            buf.append(s)
            continue
        i = rng.randrange(size)
        buf[i], s = s, buf[i]
        yield s
    rng.shuffle(buf)
    yield from buf


class ShardDataset(torch.utils.data.IterableDataset):
    """Samples of the tar shards under ``path`` of a volume, streamed (the WebDataset layout).

    Args:
        endpoint, volume, token, tls, ca_cert, client_cert, client_key, server_name, timeout,
            retries: as for :class:`estuary_torch.Dataset`.
        path: directory holding the shards.
        suffixes: which files are shards (default ``(".tar",)``).
        prefix: only shards whose path (relative to ``path``) starts with this.
        shuffle: permute the shards with ``(seed, epoch)`` and pass each worker's samples through
            a shuffle buffer (default False: shards in name order, samples in archive order).
        shuffle_buffer: samples held by the shuffle buffer (memory bound of the shuffle).
        seed: the shuffle's seed; call :meth:`set_epoch` every epoch for a new order.
        rank, world_size: this process's share (default: ``torch.distributed``'s, else all).
        transform: called with each sample dict; its result is the sample (default: the dict).
        chunk_size: bytes per streamed message (default: the server's, 1 MiB).
    """

    def __init__(self, endpoint: Optional[str] = None, volume: Optional[str] = None, path: str = "/",
                 *, token: Optional[str] = None, suffixes: Sequence[str] = (".tar",), prefix: str = "",
                 shuffle: bool = False, shuffle_buffer: int = 1000, seed: int = 0,
                 rank: Optional[int] = None, world_size: Optional[int] = None,
                 transform: Optional[Callable[[Dict[str, Any]], Any]] = None, chunk_size: int = 0,
                 tls: Optional[bool] = None, ca_cert=None, client_cert=None, client_key=None,
                 server_name: Optional[str] = None, timeout: Optional[float] = 60.0, retries=10):
        super().__init__()
        if shuffle_buffer < 1:
            raise ValueError(f"shuffle_buffer: {shuffle_buffer} (expected: >= 1)")
        if chunk_size < 0:
            raise ValueError(f"chunk_size: {chunk_size} (expected: 0 for the server's default, or > 0)")
        self.rank, self.world_size = _distributed(rank, world_size)
        self.client = Client(endpoint, volume, token=token, tls=tls, ca_cert=ca_cert,
                             client_cert=client_cert, client_key=client_key,
                             server_name=server_name, timeout=timeout, retries=retries)
        self.root = volume_path(path or "/")
        self.shuffle = shuffle
        self.shuffle_buffer = shuffle_buffer
        self.seed = seed
        self.epoch = 0
        self.transform = transform
        self.chunk_size = chunk_size
        if isinstance(suffixes, str):
            suffixes = [suffixes]
        paths, sizes, _ = self.client.scan(self.root, prefix=prefix, suffixes=list(suffixes),
                                           deterministic=True)
        base = self.root + "/" if self.root else ""
        #: ``(path in the volume, size)`` of every shard, in name order (all ranks).
        self.shards: List[Tuple[str, int]] = [(base + p, s) for p, s in zip(paths, sizes)]

    def set_epoch(self, epoch: int) -> None:
        """Sets the epoch that, with ``seed``, chooses the order."""
        self.epoch = epoch

    def shard_order(self) -> List[int]:
        """Indices into :attr:`shards` in this epoch's order (the same on every rank)."""
        order = list(range(len(self.shards)))
        if self.shuffle:
            random.Random(f"estuary-shards/{self.seed}/{self.epoch}").shuffle(order)
        return order

    def assigned(self, worker: int = 0, workers: int = 1) -> List[int]:
        """The shards (indices into :attr:`shards`) that worker ``worker`` of this rank reads."""
        consumers = self.world_size * workers
        consumer = self.rank * workers + worker
        return self.shard_order()[consumer::consumers]

    def samples_of(self, shard: int) -> Iterator[Dict[str, Any]]:
        """Streams the samples of one shard (in archive order)."""
        path, size = self.shards[shard]
        stream = _RangeStream(self.client, path, size, self.chunk_size)
        try:
            yield from iter_tar_samples(stream, path)
        finally:
            stream.close()

    def __iter__(self) -> Iterator[Any]:
        info = torch.utils.data.get_worker_info()
        worker, workers = (info.id, info.num_workers) if info is not None else (0, 1)
        mine = self.assigned(worker, workers)
        samples: Iterable[Dict[str, Any]] = (s for i in mine for s in self.samples_of(i))
        if self.shuffle and self.shuffle_buffer > 1:
            consumer = self.rank * workers + worker
            rng = random.Random(f"estuary-samples/{self.seed}/{self.epoch}/{consumer}")
            samples = _shuffled(samples, self.shuffle_buffer, rng)
        transform = self.transform
        for s in samples:
            yield transform(s) if transform is not None else s

    def worker_init(self, worker_id: int = 0) -> None:
        """Opens this worker process's own connection (pass as ``DataLoader(worker_init_fn=...)``)."""
        _ = self.client.stub

    def close(self) -> None:
        """Closes this process's connection (it reopens if the dataset is used again)."""
        self.client.close()

    def __enter__(self) -> "ShardDataset":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
