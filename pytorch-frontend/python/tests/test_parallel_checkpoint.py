"""Issue 14: large checkpoints over parallel streams, loaded by parallel ranged reads of one
version, with the CRC-32C stored at write time checked on the way back (a damaged range raises
DataLoss naming the checkpoint and the range)."""

from __future__ import annotations

import os
import pathlib

import crc32c
import pytest
import torch

import estuary_torch
from estuary_torch import _wire
from estuary_torch._pb import dataset_pb2 as pb

GIB = 1 << 30
MIB = 1 << 20


class _Tee:
    """A write-only file that forwards to a writer and keeps the CRC-32C of what passed."""

    def __init__(self, target):
        self.target = target
        self.crc = 0
        self.size = 0

    def write(self, data):
        self.crc = crc32c.crc32c(data, self.crc)
        self.size += len(memoryview(data).cast("B"))
        return self.target.write(data)

    def flush(self):
        pass


def _data_file(object_id: bytes) -> pathlib.Path:
    root = os.environ.get("ESTUARY_TEST_DATA_DIR")
    if not root:
        raise RuntimeError("ESTUARY_TEST_DATA_DIR: not set (expected: run through TorchClientIT)")
    found = list(pathlib.Path(root).glob(f"**/{object_id.hex()}"))
    assert len(found) == 1, f"data file of object {object_id.hex()} under {root}: {found}"
    return found[0]


def test_one_gib_state_dict_round_trip_with_parallel_load_and_a_damaged_range(server):
    torch.manual_seed(14)
    # 1 GiB of weights in a few large tensors and some small ones, as a real state_dict has.
    state = {f"layer{i}.weight": torch.randn(64 * MIB // 4) for i in range(16)}
    state["head.weight"] = torch.randn(1000, 1000 - 2)  # not a multiple of the block size
    state["head.bias"] = torch.arange(1000, dtype=torch.int64)
    with estuary_torch.Checkpoint(server.endpoint, server.volume, prefix="checkpoints/parallel",
                                  token=server.token, streams=4) as ckpt:
        w = ckpt.writer("big.pt")
        assert isinstance(w, estuary_torch.ParallelCheckpointWriter)
        tee = _Tee(w)
        with w:
            torch.save(state, tee)
        assert tee.size > GIB
        assert w.response.size == tee.size
        assert w.response.crc32c == tee.crc, "the server's CRC-32C of what it stored"
        st = ckpt.stat("big.pt")
        assert (st.size, st.object_id) == (tee.size, w.response.object_id)

        buf = ckpt.reader("big.pt")
        assert isinstance(buf, estuary_torch.CheckpointBuffer)
        assert buf.ranges >= 16 and len(buf) == tee.size  # 64 MiB ranges, 4 at a time
        assert crc32c.crc32c(buf.getbuffer()) == tee.crc
        loaded = torch.load(buf)
        assert loaded.keys() == state.keys()
        for k in state:
            assert torch.equal(loaded[k], state[k]), k
        del loaded, buf

        # A range of that version, as another worker process would read it.
        part = ckpt.read_range("big.pt", 100 * MIB + 3, 5000, object_id=st.object_id)
        assert len(part) == 5000

        # One flipped byte on disk, behind the server's back: the stored CRC-32C of its block no
        # longer matches, and the reader says which checkpoint and which bytes.
        at = 300 * MIB + 12345
        path = _data_file(st.object_id)
        with open(path, "r+b") as f:
            f.seek(at)
            b = f.read(1)
            f.seek(at)
            f.write(bytes([b[0] ^ 0x01]))
            f.flush()
            os.fsync(f.fileno())
        with pytest.raises(estuary_torch.DataLoss) as e:
            ckpt.reader("big.pt")
        assert "checkpoints/parallel/big.pt" in str(e.value)
        assert f"bytes [{300 * MIB}, {301 * MIB})" in str(e.value)
        # A range that only touches the damaged block: the server checks the block itself.
        with pytest.raises(estuary_torch.DataLoss) as e:
            ckpt.read_range("big.pt", at - 10, 20, object_id=st.object_id)
        assert f"[{300 * MIB}, {301 * MIB})" in str(e.value)
        # The undamaged rest still reads.
        assert len(ckpt.read_range("big.pt", 0, 64 * MIB, object_id=st.object_id)) == 64 * MIB


def test_a_replaced_checkpoint_is_not_mixed_into_a_pinned_load(server):
    with estuary_torch.Checkpoint(server.endpoint, server.volume, prefix="checkpoints/pinned",
                                  token=server.token) as ckpt:
        with ckpt.writer("m.pt") as w:
            w.write(os.urandom(3 * MIB))
        old = ckpt.stat("m.pt").object_id
        with ckpt.writer("m.pt") as w:
            w.write(os.urandom(3 * MIB))
        with pytest.raises(estuary_torch.DatasetChanged):
            ckpt.read_range("m.pt", 0, MIB, object_id=old)


def test_small_checkpoints_take_one_call_and_single_stream_reads_check_crcs(server):
    data = os.urandom(MIB + 5)
    with estuary_torch.Checkpoint(server.endpoint, server.volume, prefix="checkpoints/modes",
                                  token=server.token) as ckpt:
        with ckpt.writer("small.bin") as w:
            w.write(data[:1000])
        assert w.response.size == 1000  # under 1 MiB: one WriteCheckpoint call, no upload
        with ckpt.writer("two.bin") as w:
            for i in range(0, len(data), 4096):
                w.write(data[i:i + 4096])
        assert w.response.crc32c == crc32c.crc32c(data)
    with estuary_torch.Checkpoint(server.endpoint, server.volume, prefix="checkpoints/modes",
                                  token=server.token, streams=1) as one:
        assert one.reader("two.bin").read() == data
        assert one.reader("small.bin").read() == data[:1000]


def test_an_exception_in_a_parallel_writer_publishes_nothing(server):
    with estuary_torch.Checkpoint(server.endpoint, server.volume, prefix="checkpoints/aborted",
                                  token=server.token) as ckpt:
        with ckpt.writer("keep.pt") as w:
            w.write(b"v1")
        with pytest.raises(RuntimeError, match="interrupted"):
            with ckpt.writer("keep.pt") as w:
                w.write(os.urandom(5 * MIB))  # an upload is under way, blocks on 4 streams
                raise RuntimeError("interrupted")
        assert ckpt.reader("keep.pt").read() == b"v1"


def test_wire_helpers_match_protobuf():
    block = _wire.encode_block(b"\x01" * 16, 3 * MIB, memoryview(b"abc"), 0xDEADBEEF)
    parsed = pb.CheckpointBlock.FromString(block)
    assert (parsed.upload_id, parsed.offset, parsed.data, parsed.crc32c) == (b"\x01" * 16, 3 * MIB,
                                                                             b"abc", 0xDEADBEEF)
    assert not pb.CheckpointBlock.FromString(_wire.encode_block(b"x" * 16, 0, b"", None)).HasField("crc32c")
    for msg in (pb.DataChunk(data=b"hello", offset=7, last=True, file_size=12, crc32c=5),
                pb.DataChunk(), pb.DataChunk(data=os.urandom(70000), offset=2 ** 40)):
        c = _wire.parse_chunk(msg.SerializeToString())
        assert (bytes(c.data), c.offset, c.last, c.file_size) == (msg.data, msg.offset, msg.last,
                                                                  msg.file_size)
        assert c.crc32c == (msg.crc32c if msg.HasField("crc32c") else None)
    # Unknown fields of a newer server are skipped.
    raw = pb.DataChunk(data=b"x", offset=1).SerializeToString() + b"\x90\x03\x05" + b"\x9a\x03\x02hi"
    assert bytes(_wire.parse_chunk(raw).data) == b"x"
    with pytest.raises(estuary_torch.ServerError):
        _wire.parse_chunk(b"\x0a\x05ab")


def test_a_slow_first_connection_does_not_fail_writes(server):
    """A server that takes longer than 200 ms to answer a new connection (a busy machine): the
    client once took its 200 ms reconnect backoff as connect timeout too, and checkpoint writes
    (never retried) failed with UNAVAILABLE."""
    import socket
    import threading
    import time

    host, port = server.endpoint.rsplit(":", 1)
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def pipe(src, dst, delay):
        try:
            first = True
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if first and delay:
                    time.sleep(delay)  # the server's first bytes (its SETTINGS) come late
                first = False
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def accept():
        while not stop.is_set():
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection((host, int(port)))
            threading.Thread(target=pipe, args=(client, upstream, 0), daemon=True).start()
            threading.Thread(target=pipe, args=(upstream, client, 0.8), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        endpoint = f"127.0.0.1:{listener.getsockname()[1]}"
        for streams in (1, 4):
            with estuary_torch.Checkpoint(endpoint, server.volume, prefix="checkpoints/slow",
                                          token=server.token, streams=streams) as ckpt:
                with ckpt.writer(f"s{streams}.bin") as w:
                    w.write(b"x" * (2 * MIB))
                assert w.response.size == 2 * MIB
    finally:
        stop.set()
        listener.close()


@pytest.mark.parametrize("streams", [1, 4])
def test_a_write_failing_inside_torch_save_raises_its_error_and_nothing_else(server, streams):
    """torch.save writes its end of file while it unwinds from our error, and its C++ writer's
    destructor aborts the interpreter if that write raises again: after a failure the writer
    discards, so the caller sees the server's error (here: no write grant)."""
    import gc
    state = {"w": torch.zeros(3 * MIB // 4)}
    with estuary_torch.Checkpoint(server.endpoint, server.volume, prefix="checkpoints/denied",
                                  token=server.reader_token, streams=streams) as ckpt:
        with pytest.raises(estuary_torch.PermissionDenied):
            ckpt.save(state, "x.pt")
    gc.collect()
