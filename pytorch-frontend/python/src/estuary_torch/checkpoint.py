"""Atomic checkpoints on a volume: ``torch.save`` into a writer, ``torch.load`` from a reader.

Like pydaos.torch's ``Checkpoint``, but a checkpoint is published atomically by the server
(``WriteCheckpoint``): the new file replaces the old one only once every byte has arrived and is
synced. A writer streams its data while ``torch.save`` produces it (bounded memory) and commits on
``close()``; an exception inside ``with ckpt.writer(name)``, an explicit :meth:`CheckpointWriter.abort`,
a writer dropped without ``close()`` or a killed process leave the previous checkpoint as it was.
"""

from __future__ import annotations

import io
import os
import queue
import warnings
from typing import Optional

import grpc

from . import errors
from ._client import Client, StatResult, volume_path
from ._pb import dataset_pb2 as pb

__all__ = ["Checkpoint", "CheckpointWriter", "DEFAULT_CHUNK_SIZE"]

try:  # Debian: python3-crc32c. Optional: without it checkpoints are checked by length only.
    import crc32c as _crc32c
except ImportError:  # pragma: no cover - depends on the installation
    _crc32c = None

#: Bytes per data message of a writer: below the server's default message limit (4 MiB).
DEFAULT_CHUNK_SIZE = 1024 * 1024
_END = object()


class Checkpoint:
    """Reads and writes checkpoint files under ``prefix`` in a volume.

    Args:
        endpoint, volume, token, tls, ca_cert, client_cert, client_key, server_name, timeout,
            retries: as for :class:`estuary_torch.Dataset`.
        prefix: directory inside the volume for the checkpoint files (created as needed).
        mode: permission bits of new files.
        chunk_size: bytes per message a writer sends.
        queue_depth: chunks a writer may buffer ahead of the network (memory bound:
            ``chunk_size * queue_depth``).
        verify: send the CRC-32C of the data with the end of every checkpoint, so the server
            publishes nothing if a byte changed on the way (DataLoss). Needs the ``crc32c``
            module (Debian: python3-crc32c); None means "if it is installed".

    Example::

        with Checkpoint("host:9190", "models", prefix="/run1") as ckpt:
            with ckpt.writer("epoch-3.pt") as w:
                torch.save(model.state_dict(), w)
            state = torch.load(ckpt.reader("epoch-3.pt"))
    """

    def __init__(self, endpoint: Optional[str] = None, volume: Optional[str] = None,
                 prefix: str = "/", *, token: Optional[str] = None, mode: int = 0o644,
                 chunk_size: int = DEFAULT_CHUNK_SIZE, queue_depth: int = 8,
                 verify: Optional[bool] = None, tls: Optional[bool] = None, ca_cert=None, client_cert=None, client_key=None,
                 server_name: Optional[str] = None, timeout: Optional[float] = 600.0, retries=10):
        if chunk_size < 1:
            raise ValueError(f"chunk_size: {chunk_size} (expected: >= 1)")
        if queue_depth < 1:
            raise ValueError(f"queue_depth: {queue_depth} (expected: >= 1)")
        self.client = Client(endpoint, volume, token=token, tls=tls, ca_cert=ca_cert,
                             client_cert=client_cert, client_key=client_key,
                             server_name=server_name, timeout=timeout, retries=retries)
        if verify and _crc32c is None:
            raise ValueError("verify: True, but the crc32c module is missing (expected: the"
                             " Debian package python3-crc32c, or verify=None/False)")
        self.verify = _crc32c is not None if verify is None else bool(verify)
        self.prefix = volume_path(prefix)
        self.mode = mode
        self.chunk_size = chunk_size
        self.queue_depth = queue_depth

    def path(self, name: str) -> str:
        """The path of checkpoint ``name`` relative to the volume root."""
        return volume_path(self.prefix, name)

    def writer(self, name: str, *, ensure_path: bool = True, no_replace: bool = False) -> "CheckpointWriter":
        """Starts writing checkpoint ``name``; see :class:`CheckpointWriter`.

        Args:
            ensure_path: create missing parent directories (as pydaos.torch does).
            no_replace: fail with AlreadyExists instead of replacing an existing checkpoint.
        """
        return CheckpointWriter(self, self.path(name), ensure_path, no_replace)

    def reader(self, name: str, stream: Optional[io.IOBase] = None) -> io.IOBase:
        """Reads checkpoint ``name`` whole into ``stream`` (default: a new ``BytesIO``), rewound.

        The result can be passed to ``torch.load``. Raises NotFound if there is no such checkpoint.
        """
        sink = stream if stream is not None else io.BytesIO()
        start = sink.tell()
        self.client.read_checkpoint(self.path(name), sink)
        sink.seek(start)
        return sink

    def stat(self, name: str) -> StatResult:
        """Size, time, mode and object id of checkpoint ``name``."""
        return self.client.stat(self.path(name))

    def exists(self, name: str) -> bool:
        """Whether checkpoint ``name`` exists."""
        try:
            self.stat(name)
            return True
        except errors.NotFound:
            return False

    def close(self) -> None:
        """Closes this process's connection."""
        self.client.close()

    def __enter__(self) -> "Checkpoint":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _requests(first, chunks: "queue.Queue"):
    # A plain function, not a method: gRPC's sending thread holds this generator, and it must not
    # keep the writer alive (a dropped writer is aborted by __del__).
    yield first
    while True:
        item = chunks.get()
        if item is _END:
            return
        yield item


class CheckpointWriter(io.BufferedIOBase):
    """A write-only stream that sends what is written to the server as one atomic checkpoint.

    Writes are cut into ``chunk_size`` messages that a background gRPC call streams while more is
    written (at most ``queue_depth`` chunks wait in memory). :meth:`close` sends the rest and the
    end message and returns once the server has synced and published the file; errors raise there
    (or in a later ``write``). Used as a context manager, an exception in the block aborts
    instead. A writer that is garbage-collected unclosed is aborted too (with a ResourceWarning):
    an incomplete checkpoint is never published. Not seekable; :meth:`tell` gives the bytes
    written. No retries: a failed checkpoint is written again by the caller. After ``close()``,
    ``response`` holds the server's answer (size, object id, CRC-32C).
    """

    def __init__(self, owner: Checkpoint, path: str, ensure_path: bool, no_replace: bool):
        super().__init__()
        self._client = owner.client
        self._path = path
        self._chunk_size = owner.chunk_size
        self._buf = bytearray()
        self._written = 0
        self._crc: Optional[int] = 0 if owner.verify else None
        self._done = False  # committed or aborted
        self._queue: "queue.Queue" = queue.Queue(maxsize=owner.queue_depth)
        self._op = f"WriteCheckpoint {self._client.volume}:/{path}"
        header = pb.CheckpointHeader(volume=self._client.volume, path=path, mode=owner.mode,
                                     ensure_parent=ensure_path, no_replace=no_replace)
        first = pb.WriteCheckpointRequest(header=header)
        self._future = self._client.stub.WriteCheckpoint.future(
            _requests(first, self._queue), timeout=self._client.timeout,
            metadata=self._client.metadata)

    # ---- io.BufferedIOBase ----

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        return self._written

    def write(self, data) -> int:
        if self.closed or self._done:
            raise ValueError(f"{self._op}: write to a closed writer")
        view = memoryview(data).cast("B")
        n = len(view)
        if self._crc is not None:
            self._crc = _crc32c.crc32c(view, self._crc)
        pos = 0
        size = self._chunk_size
        if self._buf:
            pos = min(size - len(self._buf), n)
            self._buf += view[:pos]
            if len(self._buf) == size:
                self._send(pb.WriteCheckpointRequest(data=bytes(self._buf)))
                self._buf = bytearray()
        while n - pos >= size:  # whole chunks straight from the caller's buffer
            self._send(pb.WriteCheckpointRequest(data=bytes(view[pos:pos + size])))
            pos += size
        self._buf += view[pos:]
        self._written += n
        return n

    def flush(self) -> None:
        # Data is sent as whole chunks; flushing publishes nothing (only close() does).
        pass

    def _send(self, message) -> None:
        while True:
            if self._future.done():
                self._raise_failure()
            try:
                self._queue.put(message, timeout=0.1)
                return
            except queue.Full:
                continue

    def _raise_failure(self):
        self._done = True
        try:
            self._future.result()
        except grpc.RpcError as e:
            raise errors.from_rpc_error(e, self._op, token_given=bool(self._client.token)) from None
        raise errors.ServerError(f"{self._op}: the server answered before the end of the stream")

    def close(self) -> None:
        """Sends the rest, commits, and waits until the server has published the checkpoint."""
        if self.closed:
            return
        try:
            if not self._done:
                if self._buf:
                    self._send(pb.WriteCheckpointRequest(data=bytes(self._buf)))
                    self._buf = bytearray()
                end = pb.CheckpointEnd(total_length=self._written)
                if self._crc is not None:
                    end.crc32c = self._crc
                self._send(pb.WriteCheckpointRequest(end=end))
                self._send(_END)
                self._done = True
                try:
                    self.response = self._future.result()
                except grpc.RpcError as e:
                    raise errors.from_rpc_error(e, self._op,
                                                token_given=bool(self._client.token)) from None
                if self._crc is not None and self.response.crc32c != self._crc:
                    raise errors.DataLoss(f"{self._op}: the server computed CRC-32C"
                                          f" {self.response.crc32c:#010x} (expected: {self._crc:#010x})")
        finally:
            super().close()

    def abort(self) -> None:
        """Cancels the write: the server discards what it received and keeps the old version."""
        if not self._done:
            self._done = True
            self._future.cancel()
            try:
                self._queue.put_nowait(_END)
            except queue.Full:
                pass
        if not self.closed:
            super().close()

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.abort()
        else:
            self.close()

    def __del__(self):
        if not getattr(self, "_done", True) and os.getpid() == self._client._pid:
            warnings.warn(f"{self._op}: writer dropped without close(); aborted, nothing published",
                          ResourceWarning, stacklevel=2)
            self.abort()
