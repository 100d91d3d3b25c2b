"""Issue 14: ShardDataset over tar shards written with Python's tarfile (the WebDataset layout),
read by two ranks with two DataLoader workers each: every sample exactly once per epoch, a
different order per epoch, the same order for the same seed and epoch."""

from __future__ import annotations

import collections
import io
import random
import tarfile

import pytest
from torch.utils.data import DataLoader

import estuary_torch

SHARDS = 7
PER_SHARD = 23  # 161 samples, shards not divisible by the 4 consumers


def _sample_files(key: str, rng: random.Random):
    big = rng.randbytes(rng.choice([10, 3000, 300_000]))  # some span several 1 MiB chunks' edges
    return {"bin": big, "cls": key.encode(), "meta.json": b'{"key": "%s"}' % key.encode()}


def _write_shards(server) -> dict:
    rng = random.Random(5)
    expected = {}
    with estuary_torch.Checkpoint(server.endpoint, server.volume, prefix="shards", token=server.token) as c:
        for s in range(SHARDS):
            out = io.BytesIO()
            with tarfile.open(fileobj=out, mode="w") as tar:
                # A directory entry and a file without an extension are skipped.
                d = tarfile.TarInfo("train")
                d.type = tarfile.DIRTYPE
                tar.addfile(d)
                for i in range(PER_SHARD):
                    key = f"train/s{s:02d}-{i:04d}"
                    files = _sample_files(key, rng)
                    expected[key] = files
                    for ext, data in files.items():
                        info = tarfile.TarInfo(f"{key}.{ext}")
                        info.size = len(data)
                        tar.addfile(info, io.BytesIO(data))
                readme = tarfile.TarInfo("README")
                readme.size = 2
                tar.addfile(readme, io.BytesIO(b"hi"))
            with c.writer(f"shard-{s:04d}.tar") as w:
                w.write(out.getvalue())
        with c.writer("notes.txt") as w:
            w.write(b"not a shard")
    return expected


@pytest.fixture(scope="module")
def shards(server):
    return _write_shards(server)


def _epoch(server, epoch: int, seed: int = 3):
    """Samples in delivery order per rank, two ranks with two DataLoader workers each."""
    order = {}
    for rank in range(2):
        ds = estuary_torch.ShardDataset(server.endpoint, server.volume, "shards", token=server.token,
                                        shuffle=True, shuffle_buffer=16, seed=seed, rank=rank,
                                        world_size=2)
        ds.set_epoch(epoch)
        loader = DataLoader(ds, batch_size=None, num_workers=2, worker_init_fn=ds.worker_init)
        order[rank] = list(loader)
    return order


def test_two_ranks_two_workers_every_sample_exactly_once_per_epoch(server, shards):
    first = _epoch(server, epoch=0)
    keys = [s["__key__"] for rank in first.values() for s in rank]
    assert len(keys) == len(shards) == SHARDS * PER_SHARD
    assert collections.Counter(keys) == collections.Counter(shards.keys())
    for rank in first.values():
        for s in rank:
            want = shards[s["__key__"]]
            assert {k: v for k, v in s.items() if not k.startswith("__")} == want
            assert s["__url__"].startswith("shards/shard-") and s["__url__"].endswith(".tar")
    assert not set(s["__key__"] for s in first[0]) & set(s["__key__"] for s in first[1])

    second = _epoch(server, epoch=1)
    keys2 = [s["__key__"] for rank in second.values() for s in rank]
    assert collections.Counter(keys2) == collections.Counter(shards.keys())
    assert keys2 != keys, "a new epoch shuffles differently"
    again = _epoch(server, epoch=1)
    assert [s["__key__"] for rank in again.values() for s in rank] == keys2, "same seed and epoch"


def test_shards_are_dealt_as_a_partition_and_streamed(server, shards):
    ds = estuary_torch.ShardDataset(server.endpoint, server.volume, "shards", token=server.token,
                                    rank=1, world_size=2, shuffle=True, seed=9)
    assert [p for p, _ in ds.shards] == [f"shards/shard-{s:04d}.tar" for s in range(SHARDS)]
    dealt = []
    for rank in range(2):
        r = estuary_torch.ShardDataset(server.endpoint, server.volume, "shards", token=server.token,
                                       rank=rank, world_size=2, shuffle=True, seed=9)
        for w in range(3):
            dealt.extend(r.assigned(w, 3))
    assert sorted(dealt) == list(range(SHARDS))
    # Without shuffling: archive order; read with a small chunk size so samples span chunks.
    plain = estuary_torch.ShardDataset(server.endpoint, server.volume, "shards", token=server.token,
                                       chunk_size=4096)
    got = list(plain)
    assert [s["__key__"] for s in got] == sorted(shards)
    assert all(s["bin"] == shards[s["__key__"]]["bin"] for s in got)


def test_iter_tar_samples_refuses_a_repeated_extension():
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        for name in ("a.txt", "a.txt"):
            info = tarfile.TarInfo(name)
            info.size = 1
            tar.addfile(info, io.BytesIO(b"x"))
    out.seek(0)
    with pytest.raises(ValueError, match="repeats extension 'txt'"):
        list(estuary_torch.iter_tar_samples(out, "x.tar"))
    assert estuary_torch.shards.split_key("a/b/000017.seg.png") == ("a/b/000017", "seg.png")
    assert estuary_torch.shards.split_key("a.b/README") is None
    assert estuary_torch.shards.split_key("dir/.hidden") is None
