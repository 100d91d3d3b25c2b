"""Hand-made protobuf framing for the bulk paths (checkpoints and GetBatch), compatible with
dataset.proto.

A 1 MiB block through the generated classes is copied twice on each side of the call (into the
message, then into its serialised form; out of the received bytes into the message, then into a
new ``bytes`` on attribute access). Here a block is framed with one join (:func:`encode_block`)
and a received chunk or batch is parsed into ``memoryview`` slices of the bytes gRPC handed over
(:func:`parse_chunk`, :func:`parse_batch`), so the only copy on the receiving side is gRPC's own
(its slices into that ``bytes``) plus whatever the caller makes. Field numbers are those of
``CheckpointBlock``, ``DataChunk`` and ``GetBatchResponse``/``BatchChunk``; unknown fields are
skipped by wire type, as protobuf does, so a newer server's additions do not break an older client.
"""

from __future__ import annotations

from typing import List, NamedTuple, Optional, Tuple

from . import errors

WRITE_BLOCKS = "/estuary.dataset.v1.DatasetService/WriteCheckpointBlocks"
READ_CHECKPOINT = "/estuary.dataset.v1.DatasetService/ReadCheckpoint"
GET_BATCH = "/estuary.dataset.v1.DatasetService/GetBatch"


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        bits = value & 0x7F
        value >>= 7
        if value:
            out.append(bits | 0x80)
        else:
            out.append(bits)
            return bytes(out)


def encode_block(upload_id: bytes, offset: int, data, crc32c: Optional[int]) -> bytes:
    """A serialised ``CheckpointBlock`` (upload_id = 1, offset = 2, data = 3, crc32c = 4)."""
    head = b"".join((b"\x0a", _varint(len(upload_id)), upload_id, b"\x10", _varint(offset),
                     b"\x1a", _varint(len(data))))
    if crc32c is None:
        return b"".join((head, data))
    return b"".join((head, data, b"\x20", _varint(crc32c)))


class Chunk(NamedTuple):
    """A parsed ``DataChunk``; ``data`` is a view of the received message."""

    data: memoryview
    offset: int
    last: bool
    file_size: int
    crc32c: Optional[int]


def _read_varint(raw: bytes, i: int) -> Tuple[int, int]:
    result = shift = 0
    while True:
        if i >= len(raw) or shift > 63:
            raise errors.ServerError("DataChunk: truncated or overlong varint (expected: a valid message)")
        b = raw[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return result, i
        shift += 7


def parse_chunk(raw: bytes) -> Chunk:
    """Parses a serialised ``DataChunk`` (data = 1, offset = 2, last = 3, file_size = 4, crc32c = 5)."""
    view = memoryview(raw)
    data = view[0:0]
    offset = file_size = 0
    last = False
    crc = None
    i, n = 0, len(raw)
    while i < n:
        key, i = _read_varint(raw, i)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _read_varint(raw, i)
            if field == 2:
                offset = value
            elif field == 3:
                last = bool(value)
            elif field == 4:
                file_size = value
            elif field == 5:
                crc = value
        elif wire == 2:
            length, i = _read_varint(raw, i)
            if i + length > n:
                raise errors.ServerError("DataChunk: a field runs past the message (expected: a valid message)")
            if field == 1:
                data = view[i:i + length]
            i += length
        elif wire == 1:
            i += 8
        elif wire == 5:
            i += 4
        else:
            raise errors.ServerError(f"DataChunk: wire type {wire} (expected: 0, 1, 2 or 5)")
    if i != n:
        raise errors.ServerError("DataChunk: truncated message (expected: a valid message)")
    return Chunk(data, offset, last, file_size, crc)


class Piece(NamedTuple):
    """A parsed ``BatchChunk``; ``data`` is a view of the received message, ``error`` the
    serialised ``ItemError`` (a view too) or None."""

    index: int
    data: memoryview
    last: bool
    offset: int
    file_size: int
    error: Optional[memoryview]


def _skip(raw, i: int, wire: int, n: int, what: str) -> int:
    if wire == 0:
        return _read_varint(raw, i)[1]
    if wire == 1:
        i += 8
    elif wire == 5:
        i += 4
    elif wire == 2:
        length, i = _read_varint(raw, i)
        i += length
    else:
        raise errors.ServerError(f"{what}: wire type {wire} (expected: 0, 1, 2 or 5)")
    if i > n:
        raise errors.ServerError(f"{what}: a field runs past the message (expected: a valid message)")
    return i


def _piece(raw: bytes, view: memoryview, i: int, n: int) -> Piece:
    """Parses the ``BatchChunk`` in ``raw[i:n]`` (index = 1, data = 2, last = 3, offset = 4,
    file_size = 5, error = 6)."""
    index = offset = file_size = 0
    last = False
    data = view[i:i]
    error = None
    while i < n:
        key, i = _read_varint(raw, i)
        field, wire = key >> 3, key & 7
        if wire == 0 and field in (1, 3, 4, 5):
            value, i = _read_varint(raw, i)
            if field == 1:
                index = value
            elif field == 3:
                last = bool(value)
            elif field == 4:
                offset = value
            else:
                file_size = value
        elif wire == 2 and field in (2, 6):
            length, i = _read_varint(raw, i)
            if i + length > n:
                raise errors.ServerError("BatchChunk: a field runs past the message (expected: a valid message)")
            if field == 2:
                data = view[i:i + length]
            else:
                error = view[i:i + length]
            i += length
        else:
            i = _skip(raw, i, wire, n, "BatchChunk")
    if i != n:
        raise errors.ServerError("BatchChunk: truncated message (expected: a valid message)")
    return Piece(index, data, last, offset, file_size, error)


def parse_batch(raw: bytes) -> List[Piece]:
    """Parses a serialised ``GetBatchResponse`` (chunks = 1) into its pieces, whose ``data`` are
    views of ``raw`` (no copy)."""
    view = memoryview(raw)
    out: List[Piece] = []
    i, n = 0, len(raw)
    while i < n:
        key, i = _read_varint(raw, i)
        field, wire = key >> 3, key & 7
        if field == 1 and wire == 2:
            length, i = _read_varint(raw, i)
            if i + length > n:
                raise errors.ServerError("GetBatchResponse: a chunk runs past the message"
                                         " (expected: a valid message)")
            out.append(_piece(raw, view, i, i + length))
            i += length
        else:
            i = _skip(raw, i, wire, n, "GetBatchResponse")
    if i != n:
        raise errors.ServerError("GetBatchResponse: truncated message (expected: a valid message)")
    return out
