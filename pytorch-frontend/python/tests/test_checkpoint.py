"""Checkpoints: a real nn.Module saved and loaded with torch.save/torch.load; interrupted writes
(an exception in the block, an abort, a dropped writer, a killed process) keep the old version."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import textwrap
import warnings

import pytest
import torch
from torch import nn

import estuary_torch


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3)
        self.bn = nn.BatchNorm2d(16)
        self.fc1 = nn.Linear(16 * 30 * 30, 64)  # about 3.7 MB of weights: several chunks
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = torch.relu(self.bn(self.conv(x)))
        return self.fc2(torch.relu(self.fc1(x.flatten(1))))


def _trained(seed: int) -> Net:
    torch.manual_seed(seed)
    net = Net()
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    x = torch.randn(4, 3, 32, 32)
    loss = net(x).sum()
    loss.backward()
    opt.step()  # also fills BatchNorm running stats: buffers travel too
    return net


def _assert_same_state(a: dict, b: dict):
    assert a.keys() == b.keys()
    for k in a:
        assert torch.equal(a[k], b[k]), k


def test_state_dict_round_trip_through_torch_save_and_load(ckpt):
    net = _trained(1)
    with ckpt.writer("model.pt") as w:
        torch.save(net.state_dict(), w)
    assert w.tell() == ckpt.stat("model.pt").size > 3_000_000
    loaded = torch.load(ckpt.reader("model.pt"))
    _assert_same_state(net.state_dict(), loaded)
    fresh = Net()
    fresh.load_state_dict(loaded)
    fresh.eval(), net.eval()
    x = torch.randn(2, 3, 32, 32)
    assert torch.equal(fresh(x), net(x))


def test_small_chunks_and_optimizer_state(server):
    net = _trained(2)
    opt = torch.optim.Adam(net.parameters())
    net(torch.randn(1, 3, 32, 32)).sum().backward()
    opt.step()
    state = {"model": net.state_dict(), "optim": opt.state_dict(), "epoch": 3}
    with estuary_torch.Checkpoint(server.endpoint, server.volume, prefix="/checkpoints/small/",
                                  token=server.token, chunk_size=4096, queue_depth=2) as c:
        with c.writer("deep/dir/full.pt") as w:
            torch.save(state, w)
        back = torch.load(c.reader("deep/dir/full.pt"))
    assert back["epoch"] == 3
    _assert_same_state(state["model"], back["model"])
    assert back["optim"]["param_groups"] == state["optim"]["param_groups"]
    for k, v in state["optim"]["state"].items():
        for name, t in v.items():
            assert torch.equal(torch.as_tensor(t), torch.as_tensor(back["optim"]["state"][k][name]))


def test_reader_fills_a_given_stream_and_overwrite_replaces(ckpt, tmp_path):
    with ckpt.writer("x.bin") as w:
        w.write(b"a" * 10_000)
    with ckpt.writer("x.bin") as w:
        w.write(b"b" * 10)
    with open(tmp_path / "x", "w+b") as f:
        assert ckpt.reader("x.bin", f) is f
        assert f.read() == b"b" * 10


def test_exception_inside_writer_block_keeps_previous_checkpoint(ckpt):
    v1 = _trained(3).state_dict()
    with ckpt.writer("m.pt") as w:
        torch.save(v1, w)
    with pytest.raises(RuntimeError, match="interrupted"):
        with ckpt.writer("m.pt") as w:
            torch.save(_trained(4).state_dict(), w)  # streamed to the server, not yet committed
            raise RuntimeError("interrupted")
    assert w.tell() > 3_000_000
    _assert_same_state(v1, torch.load(ckpt.reader("m.pt")))


def test_abort_and_dropped_writer_publish_nothing(ckpt):
    w = ckpt.writer("never.pt")
    w.write(os.urandom(3 * 1024 * 1024))
    w.abort()
    assert not ckpt.exists("never.pt")
    with pytest.raises(ValueError):
        w.write(b"more")

    def drop():
        w2 = ckpt.writer("never.pt")
        w2.write(b"partial")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        drop()
        gc.collect()
    assert any(issubclass(c.category, ResourceWarning) for c in caught)
    assert not ckpt.exists("never.pt")
    with pytest.raises(estuary_torch.NotFound):
        ckpt.reader("never.pt")


_KILLED_WRITER = textwrap.dedent("""
    import os, sys, time, signal
    import estuary_torch
    endpoint, volume, prefix, token = sys.argv[1:]
    ckpt = estuary_torch.Checkpoint(endpoint, volume, prefix=prefix, token=token)
    w = ckpt.writer("m.pt")
    w.write(b"x" * (5 * 1024 * 1024))
    time.sleep(0.5)  # let the chunks reach the server
    print("written", flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_killed_writer_process_keeps_previous_checkpoint(ckpt, server):
    v1 = _trained(5).state_dict()
    with ckpt.writer("m.pt") as w:
        torch.save(v1, w)
    proc = subprocess.run([sys.executable, "-c", _KILLED_WRITER, server.endpoint, server.volume,
                           ckpt.prefix, server.token], capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert proc.stdout.strip() == "written"
    _assert_same_state(v1, torch.load(ckpt.reader("m.pt")))
    # nothing else is left behind in the checkpoint directory
    listing = estuary_torch.Dataset(server.endpoint, server.volume, ckpt.prefix, token=server.token)
    assert listing.paths == [f"{ckpt.prefix}/m.pt"]


def test_no_replace_refuses_an_existing_checkpoint(ckpt):
    with ckpt.writer("once.pt") as w:
        w.write(b"1")
    with pytest.raises(estuary_torch.AlreadyExists):
        with ckpt.writer("once.pt", no_replace=True) as w:
            w.write(b"2")
    assert ckpt.reader("once.pt").read() == b"1"


def test_stat_describes_the_file(ckpt):
    with ckpt.writer("s.bin") as w:
        w.write(b"x" * 1234)
    st = ckpt.stat("s.bin")
    assert (st.type, st.size, st.mode & 0o777) == ("file", 1234, 0o644)
    assert len(st.object_id) == 16


def test_checkpoints_carry_a_crc32c_the_server_confirms(ckpt, server):
    import crc32c
    data = os.urandom(2 * 1024 * 1024 + 17)
    assert ckpt.verify  # python3-crc32c is installed: verification is on by default
    with ckpt.writer("crc.bin") as w:
        w.write(data[:1000])
        w.write(data[1000:])
    assert w.response.crc32c == crc32c.crc32c(data)
    assert w.response.size == len(data)
    assert ckpt.reader("crc.bin").read() == data
    plain = estuary_torch.Checkpoint(server.endpoint, server.volume, ckpt.prefix,
                                     token=server.token, verify=False)
    with plain.writer("nocrc.bin") as w:
        w.write(data)
    assert w.response.crc32c == crc32c.crc32c(data)  # the server reports it either way
