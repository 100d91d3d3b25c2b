"""Map-style read-ahead (Dataset.follow), large samples byte for byte, and per-item errors in
batches, through torch.utils.data.DataLoader against the real server.

Every sample written here carries its own index in its first 8 bytes, so a test can tell which
sample arrived where. Read-ahead counters come from each worker process itself: the collate
function runs in the worker and returns that process's ``readahead_stats()`` with the batch.
"""

from __future__ import annotations

import os
from typing import Dict, List

import numpy as np
import pytest
import torch
from torch.utils.data import BatchSampler, DataLoader, RandomSampler, SequentialSampler

import estuary_torch
from estuary_torch import errors

ROOT = "readahead"
N = 96
# Sizes: mostly 4 KiB, every 10th 256 KiB, and two larger than the server's 1 MiB chunk (several
# pieces on the wire).
BIG = {17: (1 << 20) + 1, 58: 3 * (1 << 20) + 12_345}


def _size(i: int) -> int:
    return BIG.get(i, 256 * 1024 if i % 10 == 3 else 4096)


def _content(i: int) -> bytes:
    rng = np.random.default_rng(1000 + i)
    return i.to_bytes(8, "big") + rng.bytes(_size(i) - 8)


@pytest.fixture(scope="module")
def samples(server) -> Dict[int, bytes]:
    """N samples under readahead/ (sorted names, so dataset index i is sample i)."""
    out = {i: _content(i) for i in range(N)}
    with estuary_torch.Checkpoint(server.endpoint, server.volume, prefix=ROOT,
                                  token=server.token) as ckpt:
        for i, data in out.items():
            with ckpt.writer(f"s/{i:04d}.bin") as w:
                w.write(data)
    return out


def _dataset(server, **kw) -> estuary_torch.Dataset:
    return estuary_torch.Dataset(server.endpoint, server.volume, f"{ROOT}/s", token=server.token,
                                 **kw)


def _index(data: bytes) -> int:
    return int.from_bytes(bytes(data[:8]), "big")


def _with_stats(batch):
    info = torch.utils.data.get_worker_info()
    worker = info.id if info is not None else -1
    stats = (info.dataset if info is not None else None)
    return list(batch), worker, stats.readahead_stats() if stats is not None else None


def _epoch(loader):
    """(samples in delivery order, last stats seen per worker)."""
    got: List[bytes] = []
    stats = {}
    for batch, worker, st in loader:
        got.extend(batch)
        stats[worker] = st
    return got, stats


def _expected_order(seed: int, n: int, epochs: int) -> List[List[int]]:
    """The orders a RandomSampler with a generator seeded so yields in successive epochs."""
    sampler = RandomSampler(range(n), generator=torch.Generator().manual_seed(seed))
    return [list(sampler) for _ in range(epochs)]


def test_followed_sampler_is_read_ahead_in_its_order_by_two_workers(server, samples):
    with _dataset(server) as ds:
        assert len(ds) == N
        sampler = RandomSampler(ds, generator=torch.Generator().manual_seed(11))
        loader = DataLoader(ds, batch_size=4, num_workers=2, sampler=ds.follow(sampler),
                            collate_fn=_with_stats)
        got, stats = _epoch(loader)
        order = _expected_order(11, N, 1)[0]
        assert [_index(d) for d in got] == order
        assert got == [samples[i] for i in order]  # byte for byte, 256 KiB and multi-chunk ones too
        # 24 batches, 12 per worker: each worker read its first on request and the other 11
        # ahead, and dropped nothing (it followed the order exactly).
        assert set(stats) == {0, 1}
        for worker, st in stats.items():
            assert st["misses"] == 1, (worker, st)
            assert st["hits"] == 11, (worker, st)
            assert st["dropped"] == 0, (worker, st)


def test_readahead_stays_within_its_byte_budget(server, samples):
    # Batches of 4 x 4 KiB (16 KiB) when sequential from 20 to 51 except 23/33/43 (256 KiB).
    budget = 40 * 1024
    with _dataset(server, readahead=8, readahead_bytes=budget) as ds:
        sampler = list(range(20, 20 + 32))
        loader = DataLoader(ds, batch_size=4, num_workers=0, sampler=ds.follow(sampler),
                            collate_fn=_with_stats)
        got = [d for batch, _, _ in loader for d in batch]
        assert got == [samples[i] for i in range(20, 52)]
        st = ds.readahead_stats()
        assert 0 < st["peak_bytes"] <= budget, st
        # Two 16 KiB batches fit the budget, a third or a 256 KiB one does not.
        assert st["peak_bytes"] == 32 * 1024, st
        assert st["hits"] > 0, st
    # A budget below one batch: nothing is read ahead, everything still arrives.
    with _dataset(server, readahead=8, readahead_bytes=16 * 1024 - 1) as ds:
        loader = DataLoader(ds, batch_size=4, num_workers=0,
                            sampler=ds.follow(SequentialSampler(ds)), collate_fn=_with_stats)
        got = [d for batch, _, _ in loader for d in batch]
        assert got == [samples[i] for i in range(N)]
        assert ds.readahead_stats() == dict(hits=0, misses=N // 4, started=0, dropped=0,
                                            peak_bytes=0)


def test_new_epoch_order_is_followed_by_persistent_workers_also_after_a_partial_epoch(server, samples):
    with _dataset(server) as ds:
        sampler = RandomSampler(ds, generator=torch.Generator().manual_seed(5))
        loader = DataLoader(ds, batch_size=8, num_workers=2, sampler=ds.follow(sampler),
                            collate_fn=_with_stats, persistent_workers=True)
        orders = _expected_order(5, N, 3)
        # Epoch 0 is left after 3 batches: its batches read ahead must not leak into epoch 1.
        it = iter(loader)
        partial = [d for _ in range(3) for d in next(it)[0]]
        assert [_index(d) for d in partial] == orders[0][:24]
        del it
        for epoch in (1, 2):
            got, stats = _epoch(loader)
            assert [_index(d) for d in got] == orders[epoch], epoch
            assert got == [samples[i] for i in orders[epoch]]
        # 12 batches per epoch, 6 per worker; after the first of each epoch all came read ahead.
        for worker, st in stats.items():
            assert st["hits"] >= 2 * 5, (worker, st)


def test_followed_batch_sampler_with_a_short_last_batch(server, samples):
    with _dataset(server) as ds:
        batches = BatchSampler(RandomSampler(ds, generator=torch.Generator().manual_seed(2)), 7,
                               drop_last=False)
        loader = DataLoader(ds, batch_sampler=ds.follow(batches), num_workers=2,
                            collate_fn=_with_stats)
        got, stats = _epoch(loader)
        expected = [i for b in BatchSampler(RandomSampler(
            range(N), generator=torch.Generator().manual_seed(2)), 7, drop_last=False) for i in b]
        assert [_index(d) for d in got] == expected
        assert sum(st["hits"] for st in stats.values()) == 14 - 2  # 14 batches, 2 workers


def test_a_sampler_of_numpy_indices_is_followed_and_one_of_odd_items_is_not(server, samples):
    order = np.random.default_rng(4).permutation(N)  # yields numpy.int64, not int
    with _dataset(server) as ds:
        loader = DataLoader(ds, batch_size=6, num_workers=0, sampler=ds.follow(order),
                            collate_fn=list)
        assert [d for batch in loader for d in batch] == [samples[int(i)] for i in order]
        assert ds.readahead_stats()["hits"] == N // 6 - 1
        # Items that are no indices: nothing is planned, the DataLoader's errors stay its own.
        loader = DataLoader(ds, batch_size=6, num_workers=0, sampler=ds.follow(["a", "b"]),
                            collate_fn=list)
        with pytest.raises(TypeError):
            list(loader)


def test_random_access_stays_right_while_following(server, samples):
    with _dataset(server) as ds:
        follower = ds.follow(RandomSampler(ds, generator=torch.Generator().manual_seed(9)))
        loader = DataLoader(ds, batch_size=5, num_workers=0, sampler=follower)
        it = iter(loader)
        first = next(it)  # the main process now has batches read ahead
        assert [_index(d) for d in first] == _expected_order(9, N, 1)[0][:5]
        rng = np.random.default_rng(3)
        for i in rng.integers(0, N, size=20):
            assert ds[int(i)] == samples[int(i)]
        for _ in range(5):
            idx = [int(i) for i in rng.integers(0, N, size=6)]
            assert ds.__getitems__(idx) == [samples[i] for i in idx]
        rest = [d for batch in it for d in batch]
        assert [_index(d) for d in first + rest] == _expected_order(9, N, 1)[0]
        assert ds.readahead_stats()["hits"] > 0


def test_large_samples_byte_for_byte_every_way(server, samples):
    big = [i for i in range(N) if _size(i) >= 256 * 1024]
    with _dataset(server) as ds:
        for i in big:
            assert ds[i] == samples[i]
        assert ds.__getitems__(big) == [samples[i] for i in big]
        loader = DataLoader(ds, batch_size=3, num_workers=2, sampler=ds.follow(big))
        got = [bytes(d) for batch in loader for d in batch]
        assert got == [samples[i] for i in big]
        assert ds.client.get_batch([ds.paths[i] for i in big]) == [samples[i] for i in big]
    it = estuary_torch.IterableDataset(server.endpoint, server.volume, f"{ROOT}/s",
                                       token=server.token, batch_size=5)
    assert sorted(DataLoader(it, batch_size=None, num_workers=2), key=_index) == \
        [samples[i] for i in range(N)]


def test_views_hand_the_transform_exact_bytes_without_copies(server, samples):
    """views=True: every sample reaches the transform as a read-only memoryview of the received
    message (one piece) or of the one join (several pieces), byte for byte, also per-item errors."""
    seen = []

    def check(view):
        assert isinstance(view, memoryview) and view.readonly
        seen.append(len(view))
        return np.frombuffer(view, dtype=np.uint8)

    order = list(range(N))
    with _dataset(server, views=True, transform=check) as ds:
        got = ds.__getitems__(order)
        assert [a.tobytes() for a in got] == [samples[i] for i in order]
        assert sorted(seen) == sorted(_size(i) for i in order)
        loader = DataLoader(ds, batch_size=4, num_workers=2, sampler=ds.follow(order[::-1]),
                            collate_fn=list)
        assert [a.tobytes() for batch in loader for a in batch] == [samples[i] for i in order[::-1]]
        paths = [ds.paths[17], f"{ROOT}/s/nope.bin", ds.paths[3], ds.paths[58]]
        raw = ds.client.get_batch(paths, item_errors=True, views=True)
        assert isinstance(raw[1], errors.NotFound) and raw[1].index == 1
        assert [bytes(raw[i]) for i in (0, 2, 3)] == [samples[17], samples[3], samples[58]]
    it = estuary_torch.IterableDataset(server.endpoint, server.volume, f"{ROOT}/s", token=server.token,
                                       batch_size=7, views=True, transform=bytes)
    assert sorted(DataLoader(it, batch_size=None, num_workers=2), key=_index) == \
        [samples[i] for i in range(N)]


@pytest.fixture
def holey(server, request):
    """A directory of 12 samples (index in the first 8 bytes, as above) of which sample 5 is then
    removed through S3 and sample 8 replaced by one of another size, both after the scan."""
    assert server.s3_endpoint, "ESTUARY_TEST_S3_ENDPOINT is empty (expected: the S3 frontend's URL)"
    import boto3
    from botocore.config import Config

    root = f"holes/{request.node.name}"
    data = {i: _content(i) for i in range(12)}
    with estuary_torch.Checkpoint(server.endpoint, server.volume, prefix=root,
                                  token=server.token) as ckpt:
        for i, d in data.items():
            with ckpt.writer(f"{i:04d}.bin") as w:
                w.write(d)

    def break_two():
        s3 = boto3.client("s3", endpoint_url=server.s3_endpoint, region_name="us-east-1",
                          aws_access_key_id=server.s3_access_key,
                          aws_secret_access_key=server.s3_secret_key,
                          config=Config(s3={"addressing_style": "path"},
                                        retries={"max_attempts": 1}))
        s3.delete_object(Bucket=server.volume, Key=f"{root}/0005.bin")
        with estuary_torch.Checkpoint(server.endpoint, server.volume, prefix=root,
                                      token=server.token) as ckpt:
            with ckpt.writer("0008.bin") as w:
                w.write(b"shorter")

    return root, data, break_two


def test_a_missing_sample_mid_batch_raises_for_that_index(server, holey):
    root, data, break_two = holey
    with estuary_torch.Dataset(server.endpoint, server.volume, root, token=server.token) as ds:
        break_two()
        assert ds.__getitems__([0, 1, 2, 3]) == [data[i] for i in range(4)]
        with pytest.raises(errors.NotFound) as e:
            ds.__getitems__([4, 5, 6])
        assert isinstance(e.value, FileNotFoundError)
        assert e.value.index == 5 and e.value.path == f"{root}/0005.bin"
        assert "sample 5" in str(e.value) and f"{root}/0005.bin" in str(e.value)
        assert e.value.kind == "NOT_FOUND"
        with pytest.raises(errors.DatasetChanged) as e:
            ds.__getitems__([7, 8, 9])
        assert e.value.index == 8 and "0008.bin" in str(e.value)
        # Through a DataLoader worker, the error reaches the training loop.
        loader = DataLoader(ds, batch_size=4, num_workers=2, sampler=ds.follow(range(12)),
                            collate_fn=list)
        with pytest.raises(errors.NotFound, match="sample 5"):
            list(loader)


def test_skip_mode_leaves_out_exactly_the_failing_samples(server, holey):
    root, data, break_two = holey
    with estuary_torch.Dataset(server.endpoint, server.volume, root, token=server.token,
                               on_error="skip") as ds:
        break_two()
        assert ds.__getitems__([4, 5, 6, 7, 8, 9]) == [data[i] for i in (4, 6, 7, 9)]
        loader = DataLoader(ds, batch_size=4, num_workers=2, sampler=ds.follow(range(12)),
                            collate_fn=list)
        got = [d for batch in loader for d in batch]
        assert got == [data[i] for i in range(12) if i not in (5, 8)]
        # A single sample has no batch to be left out of: it raises.
        with pytest.raises(errors.NotFound):
            ds[5]
    it = estuary_torch.IterableDataset(server.endpoint, server.volume, root, token=server.token,
                                       batch_size=4, on_error="skip")
    # The scan after the breakage no longer lists the removed sample; the changed one is read.
    assert len(it) == 11


def test_on_error_is_checked(server, samples):
    with pytest.raises(ValueError, match="on_error: 'ignore'"):
        _dataset(server, on_error="ignore")
    with pytest.raises(ValueError, match="readahead_bytes: -1"):
        _dataset(server, readahead_bytes=-1)


def test_item_errors_from_the_client_api(server, samples):
    with _dataset(server) as ds:
        paths = [ds.paths[0], f"{ROOT}/s/nope.bin", ds.paths[3]]
        got = ds.client.get_batch(paths, item_errors=True)
        assert got[0] == samples[0] and got[2] == samples[3]
        assert isinstance(got[1], errors.NotFound)
        assert got[1].index == 1 and got[1].path == f"{ROOT}/s/nope.bin"
        assert "nope.bin" in got[1].details
        # Without item_errors the call fails as a whole, as before.
        with pytest.raises(errors.NotFound, match="nope.bin"):
            ds.client.get_batch(paths)
