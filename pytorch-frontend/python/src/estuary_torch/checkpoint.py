"""Atomic checkpoints on a volume: ``torch.save`` into a writer, ``torch.load`` from a reader.

Like pydaos.torch's ``Checkpoint``, but a checkpoint is published atomically by the server
(``WriteCheckpoint``): the new file replaces the old one only once every byte has arrived and is
synced. A writer streams its data while ``torch.save`` produces it (bounded memory) and commits on
``close()``; an exception inside ``with ckpt.writer(name)``, an explicit :meth:`CheckpointWriter.abort`,
a writer dropped without ``close()`` or a killed process leave the previous checkpoint as it was.

Large checkpoints go at disk speed (issue 14): a writer with ``streams > 1`` cuts the data into the
server's blocks and sends them over several ``WriteCheckpointBlocks`` streams at once, committed
atomically at the end; a reader loads ranges of one version (pinned by object id) over several
``ReadCheckpoint`` calls at once into one buffer. Every block carries its CRC-32C both ways: the
server checks what it receives and stores the values, and sends them back with the data, so a
damaged byte on disk or on the way raises :class:`~estuary_torch.errors.DataLoss` naming the
checkpoint and byte range.
"""

from __future__ import annotations

import io
import os
import queue
import warnings
from concurrent.futures import ThreadPoolExecutor
from typing import List, Optional

import grpc

from . import _wire, errors
from ._client import Client, StatResult, volume_path
from ._pb import dataset_pb2 as pb

__all__ = ["Checkpoint", "CheckpointWriter", "ParallelCheckpointWriter", "CheckpointBuffer",
           "DEFAULT_CHUNK_SIZE", "DEFAULT_STREAMS", "RANGE_SIZE"]

try:  # Debian: python3-crc32c. Optional: without it checkpoints are checked by length only.
    import crc32c as _crc32c
except ImportError:  # pragma: no cover - depends on the installation
    _crc32c = None

#: Bytes per data message of a writer: below the server's default message limit (4 MiB).
DEFAULT_CHUNK_SIZE = 1024 * 1024
#: Parallel streams of a writer or reader by default.
DEFAULT_STREAMS = 4
#: Most bytes per ranged read of a parallel reader.
RANGE_SIZE = 64 * 1024 * 1024
# Ranges start at multiples of this: a multiple of every stored CRC block size up to 128 GiB
# checkpoints (1 MiB, doubled past 16 GiB), so a range never splits a block, which the server
# would then have to read whole to check.
_RANGE_ALIGN = 8 * 1024 * 1024
# Data a parallel writer buffers before it begins an upload: smaller checkpoints go in one
# WriteCheckpoint call.
_FIRST_BLOCK = 1024 * 1024
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
            ``chunk_size * queue_depth``, per stream).
        streams: parallel streams of writers and readers (default 4). With 1, a writer sends one
            ``WriteCheckpoint`` stream and a reader one ``ReadCheckpoint`` call; with more, a
            writer of more than 1 MiB uploads blocks over that many streams and a reader loads
            ranges (at most ``RANGE_SIZE``) that many at a time, into one buffer (no copy
            afterwards).
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
                 server_name: Optional[str] = None, timeout: Optional[float] = 600.0, retries=10,
                 streams: int = DEFAULT_STREAMS):
        if chunk_size < 1:
            raise ValueError(f"chunk_size: {chunk_size} (expected: >= 1)")
        if queue_depth < 1:
            raise ValueError(f"queue_depth: {queue_depth} (expected: >= 1)")
        if streams < 1:
            raise ValueError(f"streams: {streams} (expected: >= 1)")
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
        self.streams = streams

    def path(self, name: str) -> str:
        """The path of checkpoint ``name`` relative to the volume root."""
        return volume_path(self.prefix, name)

    def writer(self, name: str, *, ensure_path: bool = True, no_replace: bool = False) -> "CheckpointWriter":
        """Starts writing checkpoint ``name``; see :class:`CheckpointWriter`.

        Args:
            ensure_path: create missing parent directories (as pydaos.torch does).
            no_replace: fail with AlreadyExists instead of replacing an existing checkpoint.
        """
        if self.streams > 1:
            return ParallelCheckpointWriter(self, self.path(name), ensure_path, no_replace)
        return CheckpointWriter(self, self.path(name), ensure_path, no_replace)

    def reader(self, name: str, stream: Optional[io.IOBase] = None) -> io.IOBase:
        """Reads checkpoint ``name`` whole into ``stream`` (default: a new buffer), rewound.

        The result can be passed to ``torch.load``. With ``streams > 1`` and no ``stream``, the
        result is a :class:`CheckpointBuffer` filled by parallel ranged reads of one version.
        Chunks carrying a stored CRC-32C are checked when ``verify`` is on (DataLoss naming the
        byte range on a mismatch). Raises NotFound if there is no such checkpoint.
        """
        if self.streams > 1:
            buf = self.read_parallel(name)
            if stream is None:
                return buf
            start = stream.tell()
            stream.write(buf.getbuffer())
            stream.seek(start)
            return stream
        sink = stream if stream is not None else io.BytesIO()
        start = sink.tell()
        path = self.path(name)
        op = f"ReadCheckpoint {self.client.volume}:/{path}"

        def run():
            sink.seek(start)
            sink.truncate()
            request = pb.ReadCheckpointRequest(volume=self.client.volume, path=path).SerializeToString()
            call = self.client.channel.unary_stream(_wire.READ_CHECKPOINT, request_serializer=_raw,
                                                    response_deserializer=_wire.parse_chunk)
            expected = 0
            for chunk in call(request, timeout=self.client.timeout, metadata=self.client.metadata):
                if chunk.offset != expected:
                    raise errors.ServerError(f"{op}: chunk at offset {chunk.offset} (expected: {expected})")
                self._check(op, chunk)
                sink.write(chunk.data)
                expected += len(chunk.data)
                if chunk.last:
                    return expected
            raise errors.ServerError(f"{op}: stream ended at offset {expected} without its last chunk")

        self.client.call(op, run)
        sink.seek(start)
        return sink

    def read_parallel(self, name: str, streams: Optional[int] = None) -> "CheckpointBuffer":
        """Loads checkpoint ``name`` with ``streams`` ranged reads at a time into one buffer.

        The size and object id come from one Stat; every range names that object id, so a
        checkpoint replaced meanwhile raises DatasetChanged instead of mixing two versions.
        """
        st = self.stat(name)
        if st.type != "file":
            raise errors.InvalidArgument(f"ReadCheckpoint {self.client.volume}:/{self.path(name)}: a"
                                         f" {st.type} (expected: a file)")
        buf = bytearray(st.size)
        view = memoryview(buf)
        streams = streams or self.streams
        # At least two ranges per stream so that the streams stay busy to the end.
        step = -(-st.size // (2 * streams))
        step = min(RANGE_SIZE, max(_RANGE_ALIGN, -(-step // _RANGE_ALIGN) * _RANGE_ALIGN))
        ranges = [(off, min(step, st.size - off)) for off in range(0, st.size, step)]
        workers = max(1, min(streams, len(ranges)))
        if workers == 1:
            for off, length in ranges:
                self.read_range(name, off, length, object_id=st.object_id, into=view[off:off + length])
        else:
            with ThreadPoolExecutor(workers, thread_name_prefix="estuary-ckpt-read") as pool:
                futures = [pool.submit(self.read_range, name, off, length, object_id=st.object_id,
                                       into=view[off:off + length]) for off, length in ranges]
                try:
                    for f in futures:
                        f.result()
                finally:
                    for f in futures:
                        f.cancel()
        return CheckpointBuffer(buf, ranges=len(ranges))

    def read_range(self, name: str, offset: int, length: int, *, object_id: Optional[bytes] = None,
                   into: Optional[memoryview] = None) -> memoryview:
        """Reads ``[offset, offset + length)`` of checkpoint ``name`` (shorter at its end).

        Several processes can load one checkpoint this way (each its own ranges, all with the
        ``object_id`` of one :meth:`stat`). Fills ``into`` when given (it must hold ``length``
        bytes), else a new buffer; returns the part filled. Transient failures retry the range.
        """
        path = self.path(name)
        op = f"ReadCheckpoint {self.client.volume}:/{path} bytes [{offset}, {offset + length})"
        if into is None:
            into = memoryview(bytearray(length))
        elif len(into) < length:
            raise ValueError(f"into: {len(into)} bytes (expected: at least length {length})")
        request = pb.ReadCheckpointRequest(volume=self.client.volume, path=path, offset=offset,
                                           length=length, object_id=object_id or b"")
        raw_request = request.SerializeToString()

        def run():
            call = self.client.channel.unary_stream(_wire.READ_CHECKPOINT, request_serializer=_raw,
                                                    response_deserializer=_wire.parse_chunk)
            pos = 0
            for chunk in call(raw_request, timeout=self.client.timeout, metadata=self.client.metadata):
                if chunk.offset != offset + pos:
                    raise errors.ServerError(f"{op}: chunk at offset {chunk.offset} (expected:"
                                             f" {offset + pos})")
                n = len(chunk.data)
                if pos + n > length:
                    raise errors.ServerError(f"{op}: {pos + n} bytes (expected: at most {length})")
                self._check(op, chunk)
                into[pos:pos + n] = chunk.data
                pos += n
                if chunk.last:
                    return into[:pos]
            raise errors.ServerError(f"{op}: stream ended at offset {offset + pos} without its last chunk")

        return self.client.call(op, run)

    def _check(self, op: str, chunk: "_wire.Chunk") -> None:
        if chunk.crc32c is None or not self.verify:
            return
        got = _crc32c.crc32c(chunk.data)
        if got != chunk.crc32c:
            end = chunk.offset + len(chunk.data)
            raise errors.DataLoss(f"{op}: bytes [{chunk.offset}, {end}) have CRC-32C {got:#010x}"
                                  f" (expected: {chunk.crc32c:#010x}, stored when the checkpoint was"
                                  " written); the data was damaged on disk or on the way")

    def save(self, obj, name: str, **kwargs) -> pb.WriteCheckpointResponse:
        """``torch.save(obj)`` into checkpoint ``name`` (published atomically); returns the answer."""
        import torch
        with self.writer(name, **kwargs) as w:
            torch.save(obj, w)
        return w.response

    def load(self, name: str, **kwargs):
        """``torch.load`` of checkpoint ``name`` (``kwargs`` go to ``torch.load``)."""
        import torch
        return torch.load(self.reader(name), **kwargs)

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


class _ChunkingWriter(io.BufferedIOBase):
    """The io side the two checkpoint writers share: a write-only, non-seekable stream that cuts
    what is written into whole chunks for :meth:`_emit`, keeps the rest in ``_buf``, counts the
    bytes accepted (:meth:`tell`) and is aborted when used in a failing ``with`` block or dropped
    unclosed. Once the server or the connection failed the write (``_failed``), writes are
    discarded rather than raising: torch.save must be able to finish its file (its C++ writer
    aborts the interpreter when a write fails while it unwinds), and close() raises the failure.
    Subclasses implement :meth:`_take`, :meth:`_emit`, ``close`` and :meth:`abort`."""

    def __init__(self, client, op: str):
        super().__init__()
        self._client = client
        self._op = op
        self._buf = bytearray()
        self._written = 0  # bytes accepted by write()
        self._done = False  # committed or aborted
        self._failed = False  # the server or the connection failed the write
        self._error: Optional[errors.EstuaryError] = None

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False

    def tell(self) -> int:
        return self._written

    def flush(self) -> None:
        # Data is sent as whole chunks; flushing publishes nothing (only close() does).
        pass

    def write(self, data) -> int:
        if self._failed:
            return len(memoryview(data).cast("B"))  # close() raises the failure
        if self.closed or self._done:
            raise ValueError(f"{self._op}: write to a closed writer")
        view = memoryview(data).cast("B")
        n = len(view)
        self._take(view)
        self._written += n
        return n

    def _take(self, view: memoryview) -> None:
        """Accepts the bytes of one write (usually with :meth:`_cut`)."""
        raise NotImplementedError

    def _emit(self, chunk) -> None:
        """Sends one whole chunk (a view or the buffer itself, valid only during the call)."""
        raise NotImplementedError

    def _cut(self, view: memoryview, size: int) -> None:
        """Completes the buffered chunk, emits whole chunks straight from the caller's buffer and
        buffers the rest."""
        pos = 0
        n = len(view)
        if self._buf:
            pos = min(size - len(self._buf), n)
            self._buf += view[:pos]
            if len(self._buf) == size:
                self._emit(self._buf)
                self._buf = bytearray()
        while n - pos >= size:
            self._emit(view[pos:pos + size])
            pos += size
        self._buf += view[pos:]

    def abort(self) -> None:
        raise NotImplementedError

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


class CheckpointWriter(_ChunkingWriter):
    """A write-only stream that sends what is written to the server as one atomic checkpoint.

    Writes are cut into ``chunk_size`` messages that a background gRPC call streams while more is
    written (at most ``queue_depth`` chunks wait in memory). :meth:`close` sends the rest and the
    end message and returns once the server has synced and published the file; errors raise there.
    A failure while writing (the server refused, the connection broke) ends the call at once, and
    later writes are discarded rather than raising: torch.save must be able to finish its file (its
    C++ writer aborts the interpreter when a write fails while it unwinds), and close() then raises
    the failure. Used as a context manager, an exception in the block aborts instead. A writer that is garbage-collected unclosed is aborted too (with a ResourceWarning):
    an incomplete checkpoint is never published. Not seekable; :meth:`tell` gives the bytes
    written. No retries: a failed checkpoint is written again by the caller. After ``close()``,
    ``response`` holds the server's answer (size, object id, CRC-32C).
    """

    def __init__(self, owner: Checkpoint, path: str, ensure_path: bool, no_replace: bool):
        super().__init__(owner.client, f"WriteCheckpoint {owner.client.volume}:/{path}")
        self._path = path
        self._chunk_size = owner.chunk_size
        self._crc: Optional[int] = 0 if owner.verify else None
        self._queue: "queue.Queue" = queue.Queue(maxsize=owner.queue_depth)
        header = pb.CheckpointHeader(volume=self._client.volume, path=path, mode=owner.mode,
                                     ensure_parent=ensure_path, no_replace=no_replace)
        first = pb.WriteCheckpointRequest(header=header)
        self._future = self._client.stub.WriteCheckpoint.future(
            _requests(first, self._queue), timeout=self._client.timeout,
            metadata=self._client.metadata)

    def _take(self, view: memoryview) -> None:
        if self._crc is not None:
            self._crc = _crc32c.crc32c(view, self._crc)
        self._cut(view, self._chunk_size)

    def _emit(self, chunk) -> None:
        self._send(pb.WriteCheckpointRequest(data=bytes(chunk)))

    def _send(self, message) -> None:
        while not self._failed:
            if self._future.done():
                self._fail()
                return
            try:
                self._queue.put(message, timeout=0.1)
                return
            except queue.Full:
                continue

    def _fail(self) -> None:
        """Records why the call ended early; close() raises it."""
        self._done = True
        self._failed = True
        try:
            self._future.result()
            self._error = errors.ServerError(f"{self._op}: the server answered before the end of the stream")
        except grpc.RpcError as e:
            self._error = errors.from_rpc_error(e, self._op, token_given=bool(self._client.token))
        except grpc.FutureCancelledError:
            self._error = errors.CheckpointAborted(f"{self._op}: cancelled; nothing was published")

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
            if self._failed:
                raise self._error
            if not self._done:
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



def _raw(message: bytes) -> bytes:
    return message


class CheckpointBuffer(io.RawIOBase):
    """A read-only, seekable file over a checkpoint loaded into memory, for ``torch.load``.

    ``torch.load`` copies each tensor's bytes straight out of it with ``readinto`` (no intermediate
    ``bytes``). :meth:`getbuffer` gives the bytes; ``ranges`` is how many ranged reads filled it.
    """

    def __init__(self, buffer: bytearray, ranges: int = 1):
        super().__init__()
        self._buf = buffer
        self._view = memoryview(buffer)
        self._pos = 0
        self.ranges = ranges

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: len(self._buf)}.get(whence)
        if base is None:
            raise ValueError(f"whence: {whence} (expected: SEEK_SET, SEEK_CUR or SEEK_END)")
        if base + offset < 0:
            raise ValueError(f"offset: {offset} (expected: a position >= 0)")
        self._pos = base + offset
        return self._pos

    def readinto(self, b) -> int:
        target = memoryview(b).cast("B")
        n = max(0, min(len(target), len(self._buf) - self._pos))
        target[:n] = self._view[self._pos:self._pos + n]
        self._pos += n
        return n

    def read(self, size: int = -1) -> bytes:
        end = len(self._buf) if size is None or size < 0 else min(len(self._buf), self._pos + size)
        start = min(self._pos, end)
        self._pos = max(self._pos, end)
        return bytes(self._view[start:end])

    def readall(self) -> bytes:
        return self.read()

    def getbuffer(self) -> memoryview:
        """The whole checkpoint (a view, no copy)."""
        return self._view

    def __len__(self) -> int:
        return len(self._buf)


def _blocks(messages: "queue.Queue"):
    # As _requests: a plain function, so gRPC's sending thread does not keep the writer alive.
    while True:
        item = messages.get()
        if item is _END:
            return
        yield item


class ParallelCheckpointWriter(_ChunkingWriter):
    """A :class:`CheckpointWriter` that sends blocks over several streams at once.

    Data is buffered until it passes 1 MiB; a smaller checkpoint goes in one ``WriteCheckpoint``
    call at :meth:`close`. A larger one begins an upload (``BeginCheckpoint``) and from then on
    every full block (the server's block size) goes, with its CRC-32C when ``verify`` is on, to
    the next of ``streams`` ``WriteCheckpointBlocks`` streams in turn (at most ``queue_depth``
    blocks waiting per stream); :meth:`close` sends the last block, waits for every stream and
    commits with the total length. Any failure, :meth:`abort`, an exception in the ``with`` block
    or a writer dropped unclosed aborts the upload: nothing is published.
    """

    def __init__(self, owner: Checkpoint, path: str, ensure_path: bool, no_replace: bool):
        super().__init__(owner.client, f"WriteCheckpoint {owner.client.volume}:/{path}")
        self._owner = owner
        self._path = path
        self._verify = owner.verify
        self._streams = owner.streams
        self._queue_depth = owner.queue_depth
        self._header = pb.CheckpointHeader(volume=self._client.volume, path=path, mode=owner.mode,
                                           ensure_parent=ensure_path, no_replace=no_replace)
        self._sent = 0  # bytes handed to streams (whole blocks)
        self._upload_id: Optional[bytes] = None
        self._block_size = 0
        self._queues: List["queue.Queue"] = []
        self._futures: list = []
        self._next = 0
        self.response: Optional[pb.WriteCheckpointResponse] = None

    def _take(self, view: memoryview) -> None:
        if self._upload_id is None:
            if len(self._buf) + len(view) <= _FIRST_BLOCK:
                self._buf += view
                return
            self._begin()
            if self._failed:
                return
        if len(self._buf) >= self._block_size:
            self._flush_blocks()
        self._cut(view, self._block_size)

    def _emit(self, chunk) -> None:
        self._send_block(chunk)

    def _begin(self) -> None:
        request = pb.BeginCheckpointRequest(header=self._header)
        try:
            r = self._client.stub.BeginCheckpoint(request, timeout=self._client.timeout,
                                                  metadata=self._client.metadata)
        except grpc.RpcError as e:
            self._done = self._failed = True
            self._error = errors.from_rpc_error(e, self._op, token_given=bool(self._client.token))
            return
        self._upload_id = r.upload_id
        self._block_size = r.block_size
        call = self._client.channel.stream_unary(_wire.WRITE_BLOCKS, request_serializer=_raw,
                                                 response_deserializer=pb.WriteCheckpointBlocksResponse.FromString)
        for _ in range(self._streams):
            q: "queue.Queue" = queue.Queue(maxsize=self._queue_depth)
            self._queues.append(q)
            self._futures.append(call.future(_blocks(q), timeout=self._client.timeout,
                                             metadata=self._client.metadata))

    def _flush_blocks(self) -> None:
        size = self._block_size
        view = memoryview(self._buf)
        pos = 0
        while len(view) - pos >= size:
            self._send_block(view[pos:pos + size])
            pos += size
        rest = bytearray(view[pos:])
        view.release()
        self._buf = rest

    def _send_block(self, block) -> None:
        if self._failed:
            return
        crc = _crc32c.crc32c(block) if self._verify else None
        message = _wire.encode_block(self._upload_id, self._sent, block, crc)
        self._sent += len(block)
        i = self._next
        self._next = (i + 1) % len(self._queues)
        while True:
            if self._futures[i].done():
                self._fail(self._futures[i])
                return
            try:
                self._queues[i].put(message, timeout=0.1)
                return
            except queue.Full:
                continue

    def _fail(self, future) -> None:
        """Records why a block stream ended early and ends the upload; close() raises it."""
        try:
            future.result()
            error = errors.ServerError(f"{self._op}: a block stream ended before the writer closed it")
        except grpc.RpcError as e:
            error = errors.from_rpc_error(e, self._op, token_given=bool(self._client.token))
        except grpc.FutureCancelledError:
            error = errors.CheckpointAborted(f"{self._op}: cancelled; nothing was published")
        self._error = error
        self._failed = True
        self._end_upload()

    def close(self) -> None:
        """Sends the rest, commits, and waits until the server has published the checkpoint."""
        if self.closed:
            return
        try:
            if self._failed:
                raise self._error
            if not self._done:
                if self._upload_id is None:
                    self._write_whole()
                else:
                    self._commit()
        finally:
            super().close()

    def _write_whole(self) -> None:
        self._done = True
        data = bytes(self._buf)
        end = pb.CheckpointEnd(total_length=len(data))
        if self._verify:
            end.crc32c = _crc32c.crc32c(data)
        messages = [pb.WriteCheckpointRequest(header=self._header)]
        if data:
            messages.append(pb.WriteCheckpointRequest(data=data))
        messages.append(pb.WriteCheckpointRequest(end=end))
        try:
            self.response = self._client.stub.WriteCheckpoint(iter(messages), timeout=self._client.timeout,
                                                              metadata=self._client.metadata)
        except grpc.RpcError as e:
            raise errors.from_rpc_error(e, self._op, token_given=bool(self._client.token)) from None

    def _commit(self) -> None:
        if self._buf:
            self._send_block(self._buf)
            self._buf = bytearray()
        if self._failed:
            raise self._error
        for q in self._queues:
            q.put(_END)
        try:
            for f in self._futures:
                f.result()
            self._done = True
            self.response = self._client.stub.CommitCheckpoint(
                pb.CommitCheckpointRequest(upload_id=self._upload_id, total_length=self._written),
                timeout=self._client.timeout, metadata=self._client.metadata)
        except grpc.RpcError as e:
            self.abort()
            raise errors.from_rpc_error(e, self._op, token_given=bool(self._client.token)) from None

    def abort(self) -> None:
        """Cancels the upload: the server discards what it received and keeps the old version."""
        self._end_upload()
        if not self.closed:
            super().close()

    def _end_upload(self) -> None:
        if not self._done:
            self._done = True
            for f in self._futures:
                f.cancel()
            for q in self._queues:
                try:
                    q.put_nowait(_END)
                except queue.Full:
                    pass
            if self._upload_id is not None:
                try:
                    self._client.stub.AbortCheckpoint(pb.AbortCheckpointRequest(upload_id=self._upload_id),
                                                      timeout=self._client.timeout,
                                                      metadata=self._client.metadata)
                except grpc.RpcError:
                    pass  # a cancelled stream has ended the upload already

