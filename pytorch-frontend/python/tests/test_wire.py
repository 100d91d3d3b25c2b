"""The hand-made GetBatchResponse parser (estuary_torch._wire.parse_batch) against protobuf's own
serialisation: the same fields, data as views of the received bytes, unknown fields skipped and
malformed messages refused. No server needed."""

from __future__ import annotations

import pytest

from estuary_torch import _wire, errors
from estuary_torch._pb import dataset_pb2 as pb


def _message():
    m = pb.GetBatchResponse()
    m.chunks.add(index=0, data=b"\x00" * 300, last=True, offset=0, file_size=300)
    m.chunks.add(index=1, data=b"abc", last=False, offset=0, file_size=2 ** 40)
    m.chunks.add(index=1, data=b"", last=True, offset=3, file_size=2 ** 40)
    e = m.chunks.add(index=2, last=True)
    e.error.code = 5
    e.error.message = "paths[2]: 'x' not found"
    e.error.kind = "NOT_FOUND"
    return m


def test_parse_batch_matches_protobuf_and_returns_views():
    m = _message()
    raw = m.SerializeToString()
    pieces = _wire.parse_batch(raw)
    assert len(pieces) == len(m.chunks)
    for got, want in zip(pieces, m.chunks):
        assert (got.index, bytes(got.data), got.last, got.offset, got.file_size) == \
            (want.index, want.data, want.last, want.offset, want.file_size)
        assert isinstance(got.data, memoryview) and got.data.obj is raw  # a view, not a copy
        assert (got.error is not None) == want.HasField("error")
    err = pb.ItemError.FromString(bytes(pieces[3].error))
    assert (err.code, err.kind) == (5, "NOT_FOUND")


def test_parse_batch_skips_unknown_fields_of_every_wire_type():
    raw = bytearray(_message().SerializeToString())
    # Top level: field 15 varint, field 14 fixed64, field 13 length-delimited, field 12 fixed32.
    raw += b"\x78\x96\x01" + b"\x71" + bytes(8) + b"\x6a\x02hi" + b"\x65" + bytes(4)
    # Inside a chunk: an unknown length-delimited field 9.
    chunk = pb.BatchChunk(index=3, data=b"xyz", last=True).SerializeToString() + b"\x4a\x01z"
    raw += b"\x0a" + bytes([len(chunk)]) + chunk
    pieces = _wire.parse_batch(bytes(raw))
    assert [p.index for p in pieces] == [0, 1, 1, 2, 3]
    assert bytes(pieces[4].data) == b"xyz" and pieces[4].last


@pytest.mark.parametrize("raw", [
    b"\x0a\x05\x08\x01",              # a chunk longer than the message
    b"\x0a\x03\x12\x05ab",            # data longer than its chunk
    b"\x0a\x02\x08",                  # a truncated varint inside a chunk
    b"\x0b",                          # wire type 3 (groups) at the top level
    b"\x0a\x01\x0f",                  # wire type 7 inside a chunk
])
def test_parse_batch_refuses_malformed_messages(raw):
    with pytest.raises(errors.ServerError):
        _wire.parse_batch(raw)
