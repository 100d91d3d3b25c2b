"""One gRPC connection per process to the dataset service, with auth, retries and error mapping.

The Dataset, IterableDataset and Checkpoint classes hold a :class:`Client`. It opens its channel
lazily and remembers the process id that opened it: a DataLoader worker forked from the parent
(or started with spawn, which pickles the dataset) sees a different pid and opens its own channel,
never using the parent's (gRPC channels are not fork-safe). Reads are idempotent, so a whole call
is retried on UNAVAILABLE or DEADLINE_EXCEEDED with exponential backoff and full jitter, a bounded
number of times; the result of a call is only handed back once it is complete.
"""

from __future__ import annotations

import os
import random
import threading
import time
from dataclasses import dataclass
from typing import Callable, List, Optional, Sequence, Tuple, TypeVar, Union

import grpc

from . import _wire, errors
from ._pb import dataset_pb2 as pb
from ._pb import dataset_pb2_grpc as pb_grpc

T = TypeVar("T")

#: Environment variable read when no token argument is given.
TOKEN_ENV = "ESTUARY_TOKEN"
#: Environment variable read when no endpoint argument is given.
ENDPOINT_ENV = "ESTUARY_ENDPOINT"

_TRANSIENT = (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)
# The server never sends more than its chunk size (1 MiB by default) of data per message; GetBatch
# messages pack several small items, so leave headroom over gRPC's 4 MiB default.
_MAX_RECEIVE = 64 * 1024 * 1024
# grpc.experimental.ChannelOptions.SingleThreadedUnaryStream (grpcio >= 1.28), spelled out so that
# grpc.experimental need not be imported.
_SINGLE_THREADED_UNARY_STREAM = "SingleThreadedUnaryStream"
# Entries per Scan message: fewer, larger messages than the server's default of 1000.
_SCAN_BATCH = 8192


@dataclass(frozen=True)
class Retry:
    """How transient failures (UNAVAILABLE, DEADLINE_EXCEEDED) are retried.

    Attempt ``n`` (0-based) that failed is followed by a sleep drawn uniformly from
    ``[0, min(maximum, initial * multiplier**n)]`` ("full jitter"), at most ``attempts`` calls in all.
    """

    # Defaults ride through a server restart of several seconds: at most 10 calls, sleeps capped
    # at 0.2, 0.4, ... 10 s (at most about 43 s in all, half that on average).
    attempts: int = 10
    initial: float = 0.2
    maximum: float = 10.0
    multiplier: float = 2.0

    def __post_init__(self):
        if self.attempts < 1:
            raise ValueError(f"attempts: {self.attempts} (expected: >= 1)")
        if self.initial < 0 or self.maximum < 0 or self.multiplier < 1:
            raise ValueError(f"backoff: initial={self.initial}, maximum={self.maximum},"
                             f" multiplier={self.multiplier} (expected: >= 0, >= 0, >= 1)")

    def delay(self, attempt: int) -> float:
        return random.uniform(0, min(self.maximum, self.initial * self.multiplier ** attempt))


@dataclass(frozen=True)
class StatResult:
    """What :meth:`Client.stat` returns (dataset.proto StatResponse)."""

    type: str  # "file", "directory" or "symlink"
    size: int
    mtime_ns: int
    mode: int
    object_id: bytes


_TYPES = {pb.FILE_TYPE_FILE: "file", pb.FILE_TYPE_DIRECTORY: "directory", pb.FILE_TYPE_SYMLINK: "symlink"}


def _read_pem(value: Union[None, bytes, str, os.PathLike]) -> Optional[bytes]:
    if value is None or isinstance(value, bytes):
        return value
    with open(value, "rb") as f:
        return f.read()


def volume_path(*parts: str) -> str:
    """Joins path parts into the service's form: '/'-separated, relative to the volume root."""
    segments = [s for p in parts for s in str(p).split("/") if s]
    return "/".join(segments)


class Client:
    """A connection to the dataset service of one server, for one volume.

    Args:
        endpoint: ``host:port``, ``grpc://host:port`` or ``grpcs://host:port`` (TLS); None reads
            ``ESTUARY_ENDPOINT``.
        volume: the volume (dataset) name.
        token: bearer token (``estuary user keys NAME --new-token``); None reads ``ESTUARY_TOKEN``.
        tls: use TLS; None means "if the endpoint says grpcs:// or a certificate is given".
        ca_cert: PEM bytes or a file with the CA to trust (default: the system roots).
        client_cert, client_key: PEM bytes or files for mutual TLS.
        server_name: the TLS name to check instead of the endpoint's host.
        timeout: deadline in seconds of every call (Scan: ``scan_timeout``).
        retries: a :class:`Retry`, or the number of attempts with the default backoff.
    """

    def __init__(self, endpoint: Optional[str], volume: str, *, token: Optional[str] = None,
                 tls: Optional[bool] = None, ca_cert=None, client_cert=None, client_key=None,
                 server_name: Optional[str] = None, timeout: Optional[float] = 60.0,
                 scan_timeout: Optional[float] = 600.0, retries: Union[int, Retry] = 10):
        endpoint = endpoint or os.environ.get(ENDPOINT_ENV)
        if not endpoint:
            raise ValueError(f"endpoint: not given (expected: host:port, or set {ENDPOINT_ENV})")
        if not volume:
            raise ValueError("volume: empty (expected: a volume name)")
        scheme, sep, rest = endpoint.partition("://")
        if sep:
            if scheme not in ("grpc", "grpcs"):
                raise ValueError(f"endpoint: {endpoint!r} (expected: host:port, grpc://host:port"
                                 " or grpcs://host:port)")
            if tls is None:
                tls = scheme == "grpcs"
            endpoint = rest
        self.endpoint = endpoint.rstrip("/")
        self.volume = volume
        self.token = token if token is not None else os.environ.get(TOKEN_ENV)
        self.tls = bool(tls) if tls is not None else (ca_cert is not None or client_cert is not None)
        self._ca = _read_pem(ca_cert)
        self._cert = _read_pem(client_cert)
        self._key = _read_pem(client_key)
        self.server_name = server_name
        self.timeout = timeout
        self.scan_timeout = scan_timeout
        self.retry = retries if isinstance(retries, Retry) else Retry(attempts=int(retries))
        self._lock = threading.Lock()
        self._pid: Optional[int] = None
        self._channel: Optional[grpc.Channel] = None
        self._stub: Optional[pb_grpc.DatasetServiceStub] = None

    # ---- process-local channel ----

    def __getstate__(self):
        # Pickled for spawn/forkserver DataLoader workers: never ship the channel.
        state = self.__dict__.copy()
        state.update(_lock=None, _pid=None, _channel=None, _stub=None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._lock = threading.Lock()

    @property
    def stub(self) -> pb_grpc.DatasetServiceStub:
        """The stub of this process's channel, opened on first use in each process."""
        pid = os.getpid()
        if self._pid != pid or self._stub is None:
            if self._pid is not None and self._pid != pid:
                # First use in a forked child: the parent's lock may have been held at the fork.
                self._lock = threading.Lock()
            with self._lock:
                if self._pid != pid or self._stub is None:
                    # A channel inherited from the parent process is dropped, not closed: closing it
                    # here would act on the parent's gRPC state.
                    self._channel = self._open_channel()
                    self._stub = pb_grpc.DatasetServiceStub(self._channel)
                    self._pid = pid
        return self._stub

    @property
    def channel(self) -> grpc.Channel:
        """This process's channel (for calls with their own (de)serializers, see ``_wire``)."""
        _ = self.stub
        assert self._channel is not None
        return self._channel

    def _open_channel(self) -> grpc.Channel:
        options = [("grpc.max_receive_message_length", _MAX_RECEIVE),
                   ("grpc.max_send_message_length", _MAX_RECEIVE),
                   # Every read is a unary-stream call: receive its messages in the calling thread
                   # instead of through a helper thread that grpc starts and stops per call.
                   # Measured: about half the client CPU per small GetBatch (1.0 -> 0.5 ms).
                   (_SINGLE_THREADED_UNARY_STREAM, 1),
                   # After a lost connection gRPC waits 1 s, then 1.6x longer per failed attempt (up
                   # to 120 s) before reconnecting, failing calls at once meanwhile; a restarted
                   # server would be noticed only after the retries were spent. Reconnect sooner.
                   # Not grpc.min_reconnect_backoff_ms: grpc-core also takes it as the minimum
                   # connect timeout, so 200 ms failed every call of a process whose first
                   # connection took longer (a busy server: no HTTP/2 SETTINGS within 200 ms).
                   ("grpc.initial_reconnect_backoff_ms", 200),
                   ("grpc.max_reconnect_backoff_ms", 2000)]
        if self.server_name:
            options.append(("grpc.ssl_target_name_override", self.server_name))
        if self.tls:
            creds = grpc.ssl_channel_credentials(self._ca, self._key, self._cert)
            return grpc.secure_channel(self.endpoint, creds, options=options)
        return grpc.insecure_channel(self.endpoint, options=options)

    def reconnect(self) -> None:
        """Drops this process's channel (if it opened one) so the next call opens a new one."""
        with self._lock:
            if self._channel is not None and self._pid == os.getpid():
                self._channel.close()
            self._channel = self._stub = self._pid = None

    def close(self) -> None:
        """Closes this process's channel; the client stays usable and reopens on the next call."""
        self.reconnect()

    @property
    def metadata(self) -> Tuple[Tuple[str, str], ...]:
        return (("authorization", f"Bearer {self.token}"),) if self.token else ()

    # ---- calls ----

    def call(self, operation: str, fn: Callable[[], T], *, retry: bool = True) -> T:
        """Runs ``fn`` (one complete gRPC call), retrying transient failures, mapping errors."""
        attempt = 0
        while True:
            try:
                return fn()
            except grpc.RpcError as e:
                code = e.code() if hasattr(e, "code") else None
                if retry and code in _TRANSIENT and attempt + 1 < self.retry.attempts:
                    time.sleep(self.retry.delay(attempt))
                    attempt += 1
                    continue
                raise errors.from_rpc_error(e, operation, token_given=bool(self.token)) from None

    def scan(self, root: str = "", *, prefix: str = "", suffixes: Sequence[str] = (),
             deterministic: bool = True, rank: int = 0, world: int = 1,
             batch_size: int = _SCAN_BATCH) -> Tuple[List[str], List[int], "pb.ScanSummary"]:
        """Lists the files under ``root``; returns (paths relative to root, sizes, summary)."""
        request = pb.ScanRequest(volume=self.volume, root=volume_path(root), prefix=prefix,
                                 suffixes=list(suffixes), deterministic=deterministic,
                                 shard_rank=rank, shard_world=world, batch_size=batch_size,
                                 omit_object_ids=True)

        def run():
            paths: List[str] = []
            sizes: List[int] = []
            summary = None
            for msg in self.stub.Scan(request, timeout=self.scan_timeout, metadata=self.metadata):
                paths.extend(msg.paths)
                sizes.extend(msg.sizes)
                if msg.HasField("summary"):
                    summary = msg.summary
            if summary is None:
                raise errors.ServerError(f"Scan {self.volume}:/{request.root}: the stream ended"
                                         " without its summary (expected: a last message with one)")
            return paths, sizes, summary

        return self.call(f"Scan {self.volume}:/{request.root}", run)

    def get(self, path: str, expected_size: Optional[int] = None) -> bytes:
        """Reads one whole file."""
        request = pb.GetRequest(volume=self.volume, path=path)
        if expected_size is not None:
            request.expected_size = expected_size
        return self.call(f"Get {self.volume}:/{path}", lambda: _assemble(
            self.stub.Get(request, timeout=self.timeout, metadata=self.metadata),
            f"Get {self.volume}:/{path}"))

    def read_range(self, path: str, offset: int, length: int) -> bytes:
        """Reads ``[offset, offset + length)`` of a file (shorter at its end)."""
        request = pb.ReadRangeRequest(volume=self.volume, path=path, offset=offset, length=length)
        op = f"ReadRange {self.volume}:/{path}@{offset}+{length}"
        return self.call(op, lambda: _assemble(
            self.stub.ReadRange(request, timeout=self.timeout, metadata=self.metadata), op, offset))

    def get_batch(self, paths: Sequence[str], expected_sizes: Optional[Sequence[int]] = None,
                  *, item_errors: bool = False, views: bool = False
                  ) -> List[Union[bytes, memoryview, errors.EstuaryError]]:
        """Reads many whole files in one call; the result is in the order of ``paths``.

        With ``item_errors``, a file that cannot be read (missing, not readable, changed size)
        does not fail the call: its place in the result holds the :class:`EstuaryError` a
        :meth:`get` of it alone would raise (with ``index`` and ``path`` set), not raised.

        Each file comes as ``bytes``, or with ``views`` as a read-only ``memoryview`` of the
        message gRPC received (no copy at all for a file that came in one piece; a larger one is
        joined once): ``numpy.frombuffer`` and ``torch.frombuffer`` take either.
        """
        return self.start_batch(paths, expected_sizes, item_errors=item_errors, views=views).result()

    def start_batch(self, paths: Sequence[str], expected_sizes: Optional[Sequence[int]] = None,
                    *, item_errors: bool = False, views: bool = False) -> "PendingBatch":
        """Sends a GetBatch call now and returns a handle whose ``result()`` collects it.

        Lets a reader keep the next batch in flight while it hands out the current one.
        ``views`` as for :meth:`get_batch`.
        """
        request = pb.GetBatchRequest(volume=self.volume, paths=list(paths),
                                     expected_sizes=list(expected_sizes or ()),
                                     item_errors=item_errors)
        op = f"GetBatch {self.volume} ({len(paths)} paths, first {paths[0]!r})" if paths else "GetBatch"
        try:
            stream = self.get_batch_call(request)
        except grpc.RpcError:
            stream = None  # result() calls again, with retries and error mapping
        return PendingBatch(self, request, op, stream, views)

    def get_batch_call(self, request):
        """Starts a GetBatch call whose messages come as the bytes gRPC received (parsed by
        :func:`_wire.parse_batch` into views, not by protobuf, which would copy every sample
        twice: into the message, then into a new ``bytes`` on each access of ``data``)."""
        call = self.channel.unary_stream(_wire.GET_BATCH,
                                         request_serializer=pb.GetBatchRequest.SerializeToString,
                                         response_deserializer=None)
        return call(request, timeout=self.timeout, metadata=self.metadata)

    def stat(self, path: str, *, follow: bool = True) -> StatResult:
        request = pb.StatRequest(volume=self.volume, path=path, no_follow=not follow)
        r = self.call(f"Stat {self.volume}:/{path}", lambda: self.stub.Stat(
            request, timeout=self.timeout, metadata=self.metadata))
        return StatResult(_TYPES.get(r.type, "unknown"), r.size, r.mtime_nanos, r.mode, r.object_id)

    def read_checkpoint(self, path: str, sink) -> int:
        """Writes a whole file into ``sink`` (from its current position); returns its size."""
        request = pb.ReadCheckpointRequest(volume=self.volume, path=path)
        op = f"ReadCheckpoint {self.volume}:/{path}"
        start = sink.tell()

        def run():
            sink.seek(start)
            sink.truncate()
            return _copy_chunks(self.stub.ReadCheckpoint(request, timeout=self.timeout,
                                                         metadata=self.metadata), op, sink)

        return self.call(op, run)


def _copy_chunks(stream, op: str, sink, offset: int = 0) -> int:
    expected = offset
    for chunk in stream:
        if chunk.offset != expected:
            raise errors.ServerError(f"{op}: chunk at offset {chunk.offset} (expected: {expected})")
        sink.write(chunk.data)
        expected += len(chunk.data)
        if chunk.last:
            return expected - offset
    raise errors.ServerError(f"{op}: stream ended at offset {expected} without its last chunk")


def _assemble(stream, op: str, offset: int = 0) -> bytes:
    pieces: List[bytes] = []
    expected = offset
    for chunk in stream:
        if chunk.offset != expected:
            raise errors.ServerError(f"{op}: chunk at offset {chunk.offset} (expected: {expected})")
        # Every read of a bytes field makes a new bytes object (a copy): read it once.
        data = chunk.data
        expected += len(data)
        if chunk.last:
            if not pieces:
                return data  # one chunk: no copy
            pieces.append(data)
            return b"".join(pieces)  # the one copy that assembles the pieces
        pieces.append(data)
    raise errors.ServerError(f"{op}: stream ended at offset {expected} without its last chunk")


class PendingBatch:
    """A GetBatch call in flight (see :meth:`Client.start_batch`)."""

    def __init__(self, client: Client, request, op: str, stream, views: bool = False):
        self._client = client
        self._request = request
        self._op = op
        self._stream = stream
        self._views = views

    def cancel(self) -> None:
        """Abandons the call (e.g. when the reader stops early)."""
        if self._stream is not None:
            self._stream.cancel()
            self._stream = None

    def result(self) -> List[Union[bytes, memoryview, errors.EstuaryError]]:
        """Collects the items in request order; a transient failure re-sends the whole call.

        With item_errors, a failed item is its exception (not raised) in its place."""
        client = self._client

        def run():
            stream, self._stream = self._stream, None
            if stream is None:
                stream = client.get_batch_call(self._request)
            return _collect_batch(stream, self._request, self._op, self._views)

        return client.call(self._op, run)


def _collect_batch(stream, request, op: str, views: bool = False
                   ) -> List[Union[bytes, memoryview, errors.EstuaryError]]:
    """Collects the raw ``GetBatchResponse`` messages of a call into its items.

    Copies per item, after gRPC's own into the received message: none with ``views`` for an item
    that came in one piece (a view of that message), else one (``bytes`` of the view, or the join
    of a large item's pieces)."""
    count = len(request.paths)
    out: List[Union[None, bytes, memoryview, errors.EstuaryError]] = [None] * count
    pieces: List[memoryview] = []
    current = 0
    have = 0  # bytes of the current item received so far
    for raw in stream:
        for chunk in _wire.parse_batch(raw):
            if chunk.index != current:
                raise errors.ServerError(f"{op}: piece of item {chunk.index} at offset"
                                         f" {chunk.offset} (expected: item {current} at offset {have})")
            if chunk.error is not None:
                # dataset.proto BatchChunk.error: the item failed; pieces sent before are void.
                if not request.item_errors or not chunk.last:
                    raise errors.ServerError(f"{op}: item {current} has an error piece (expected:"
                                             " none without item_errors, and only as its last)")
                e = pb.ItemError.FromString(bytes(chunk.error))
                out[current] = errors.from_item_error(e.code, e.message, e.kind, op, current,
                                                      request.paths[current])
                pieces = []
                have = 0
                current += 1
                continue
            if chunk.offset != have:
                raise errors.ServerError(f"{op}: piece of item {chunk.index} at offset"
                                         f" {chunk.offset} (expected: item {current} at offset {have})")
            if chunk.last:
                if pieces:
                    pieces.append(chunk.data)
                    joined = b"".join(pieces)  # the one copy that assembles a large item
                    out[current] = memoryview(joined) if views else joined
                    pieces = []
                else:
                    out[current] = chunk.data if views else bytes(chunk.data)
                have = 0
                current += 1
            else:
                pieces.append(chunk.data)
                have += len(chunk.data)
    if current != count:
        raise errors.ServerError(f"{op}: stream ended after {current} of {count} items")
    return out
