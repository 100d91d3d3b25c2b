"""Dataset and IterableDataset read through torch.utils.data.DataLoader with 2 worker processes,
checked byte for byte against what was written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections import Counter
from typing import List

import numpy as np
import pytest
import torch
from torch.utils.data import DataLoader

import estuary_torch
from conftest import decode

SUFFIXES = (".png", ".npz")


def _order(paths):
    # dataset.proto ScanRequest.deterministic: sorted by the list of path components (UTF-8).
    return sorted(paths, key=lambda p: [c.encode() for c in p.split("/")])


def _as_list(batch):
    return list(batch)


def _loader(ds, **kw) -> List[bytes]:
    kw.setdefault("batch_size", 8)
    out = []
    for batch in DataLoader(ds, num_workers=2, collate_fn=_as_list, **kw):
        out.extend(batch)
    return out


def _dataset(server, dataset, **kw):
    return estuary_torch.Dataset(server.endpoint, server.volume, dataset.root,
                                 token=server.token, suffixes=SUFFIXES, **kw)


def test_scan_lists_every_sample_in_deterministic_order_with_sizes(server, dataset):
    with _dataset(server, dataset) as ds:
        expected = _order(dataset.samples)
        assert ds.paths == [f"{dataset.root}/{p}" for p in expected]
        assert ds.objects == [(f"{dataset.root}/{p}", len(dataset.samples[p])) for p in expected]
        assert len(ds) == len(dataset.samples) == 130


def test_scan_without_suffixes_includes_other_files_and_prefix_narrows(server, dataset):
    everything = estuary_torch.Dataset(server.endpoint, server.volume, dataset.root, token=server.token)
    assert sorted(everything.paths) == sorted(f"{dataset.root}/{p}" for p in dataset.files)
    images = estuary_torch.Dataset(server.endpoint, server.volume, dataset.root,
                                   token=server.token, prefix="images/class_1/", suffixes=".png")
    assert images.paths == [f"{dataset.root}/images/class_1/img_{i:03d}.png" for i in range(20)]


def test_map_style_in_order_two_workers_byte_for_byte(server, dataset):
    with _dataset(server, dataset) as ds:
        got = _loader(ds)
        assert got == [dataset.samples[p] for p in _order(dataset.samples)]


def test_map_style_shuffled_two_workers_every_sample_once(server, dataset):
    with _dataset(server, dataset) as ds:
        got = _loader(ds, shuffle=True, generator=torch.Generator().manual_seed(7),
                      worker_init_fn=ds.worker_init)
        assert Counter(got) == Counter(dataset.samples.values())
        assert got != [dataset.samples[p] for p in _order(dataset.samples)]


def test_map_style_single_items_without_batching(server, dataset):
    with _dataset(server, dataset) as ds:
        got = list(DataLoader(ds, batch_size=None, num_workers=2))
        assert got == [dataset.samples[p] for p in _order(dataset.samples)]
        big = ds.paths.index(f"{dataset.root}/big/a.npz")
        assert ds[big] == dataset.files["big/a.npz"]  # 2.8 MB: several chunks


def test_transform_decodes_images_and_arrays(server, dataset):
    with _dataset(server, dataset, transform=decode) as ds:
        arrays = _loader(ds, batch_size=16)
        for path, array in zip(_order(dataset.samples), arrays):
            np.testing.assert_array_equal(array, dataset.arrays[path])


def test_pydaos_spelling_transform_fn(server, dataset):
    ds = estuary_torch.Dataset(server.endpoint, server.volume, f"{dataset.root}/big",
                               token=server.token, transform_fn=len)
    assert list(ds) == [len(dataset.files["big/a.npz"]), len(dataset.files["big/b.npz"])]


def test_iterable_two_workers_byte_for_byte(server, dataset):
    ds = estuary_torch.IterableDataset(server.endpoint, server.volume, dataset.root,
                                       token=server.token, suffixes=SUFFIXES, batch_size=5)
    got = _loader(ds, batch_size=4)
    # Each worker takes one contiguous slice, so in-order items from 2 workers interleave by batch.
    assert Counter(got) == Counter(dataset.samples.values())
    order = [dataset.samples[p] for p in _order(dataset.samples)]
    half = (len(order) + 1) // 2
    w0 = [g for g in got if g in set(order[:half])]
    assert w0 == order[:half]


def test_iterable_shuffled_is_a_permutation_that_changes_per_epoch(server, dataset):
    ds = estuary_torch.IterableDataset(server.endpoint, server.volume, dataset.root,
                                       token=server.token, suffixes=SUFFIXES, shuffle=True, seed=3)
    ds.set_epoch(0)
    first = _loader(ds)
    ds.set_epoch(1)
    second = _loader(ds)
    assert Counter(first) == Counter(second) == Counter(dataset.samples.values())
    assert first != second


@pytest.mark.parametrize("shuffle", [False, True])
def test_iterable_sharded_world_size_two_covers_every_sample_exactly_once(server, dataset, shuffle):
    got = []
    for rank in range(2):
        ds = estuary_torch.IterableDataset(server.endpoint, server.volume, dataset.root,
                                           token=server.token, suffixes=SUFFIXES, rank=rank,
                                           world_size=2, shuffle=shuffle)
        assert len(ds) == len(dataset.samples) // 2
        got.append(_loader(ds))
    assert not set(got[0]) & set(got[1])
    assert Counter(got[0] + got[1]) == Counter(dataset.samples.values())


def test_map_style_rank_shards_partition_the_list(server, dataset):
    shards = [_dataset(server, dataset, rank=r, world_size=2) for r in range(2)]
    order = [f"{dataset.root}/{p}" for p in _order(dataset.samples)]
    assert shards[0].paths == order[0::2]
    assert shards[1].paths == order[1::2]
    assert Counter(_loader(shards[0]) + _loader(shards[1])) == Counter(dataset.samples.values())


_DDP_RANK = textwrap.dedent("""
    import faulthandler, json, signal, sys
    # SIGUSR1 prints every thread's Python stack; DataLoader workers forked from this process keep
    # the handler, so the test can show where each process of a rank is if it runs out of time.
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    import torch.distributed as dist
    from torch.utils.data import DataLoader
    import estuary_torch
    rank, store, out, endpoint, volume, root = sys.argv[1:]
    dist.init_process_group("gloo", init_method="file://" + store, rank=int(rank), world_size=2)
    ds = estuary_torch.IterableDataset(endpoint, volume, root, suffixes=(".png", ".npz"))
    assert (ds.rank, ds.world_size) == (int(rank), 2), (ds.rank, ds.world_size)
    got = [b.hex() for batch in DataLoader(ds, batch_size=8, num_workers=2, collate_fn=list)
           for b in batch]
    dist.barrier()
    json.dump(got, open(out, "w"))
""")


def _wait_all(procs, timeout: float) -> List[int]:
    """Exit codes of processes started in sessions of their own. One still running at the timeout
    gets SIGUSR1 in its whole group (each process, workers included, prints its stacks), then
    SIGKILL in the group: a hang fails the test with the stacks in its output, and leaves no
    process behind."""
    try:
        return [p.wait(timeout=timeout) for p in procs]
    except subprocess.TimeoutExpired:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGUSR1)
        end = time.monotonic() + 5  # bounded: time for the stacks to be written
        for p in procs:
            try:
                p.wait(timeout=max(0.0, end - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        raise
    finally:
        for p in procs:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()


def test_iterable_takes_rank_from_torch_distributed(server, dataset, tmp_path):
    """Two processes in a gloo process group: each IterableDataset shards by its own rank."""
    env = dict(os.environ, ESTUARY_TOKEN=server.token)
    procs = [subprocess.Popen([sys.executable, "-c", _DDP_RANK, str(r), str(tmp_path / "store"),
                               str(tmp_path / f"rank{r}.json"), server.endpoint, server.volume,
                               dataset.root], env=env, start_new_session=True) for r in range(2)]
    assert _wait_all(procs, timeout=120) == [0, 0]
    import json
    got = [bytes.fromhex(h) for r in range(2) for h in json.load(open(tmp_path / f"rank{r}.json"))]
    assert Counter(got) == Counter(dataset.samples.values())


def test_each_forked_process_opens_its_own_channel(server, dataset):
    ds = _dataset(server, dataset)
    assert ds[0] == dataset.samples[_order(dataset.samples)[0]]
    parent_channel = ds.client._channel
    pid = os.fork()
    if pid == 0:  # child: must not touch the parent's channel
        try:
            ok = ds[1] == dataset.samples[_order(dataset.samples)[1]] \
                and ds.client._channel is not parent_channel and ds.client._pid == os.getpid()
        finally:
            os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert ds.client._channel is parent_channel
    assert ds[2] == dataset.samples[_order(dataset.samples)[2]]


def test_dataset_pickles_without_its_channel(server, dataset):
    import pickle
    ds = _dataset(server, dataset)
    _ = ds[0]
    copy = pickle.loads(pickle.dumps(ds))
    assert copy.client._channel is None
    assert copy[3] == ds[3]


def test_dataset_changed_since_scan_is_reported(server, dataset):
    with estuary_torch.Checkpoint(server.endpoint, server.volume, prefix="changing",
                                  token=server.token) as ckpt:
        with ckpt.writer("s.bin") as w:
            w.write(b"12345")
        ds = estuary_torch.Dataset(server.endpoint, server.volume, "changing", token=server.token)
        with ckpt.writer("s.bin") as w:
            w.write(b"123456789")
        with pytest.raises(estuary_torch.DatasetChanged):
            ds[0]
        with pytest.raises(estuary_torch.DatasetChanged):
            ds.__getitems__([0])


@pytest.mark.parametrize("readahead", [0, 3])
def test_iterable_readahead_in_process_and_stopping_early(server, dataset, readahead):
    ds = estuary_torch.IterableDataset(server.endpoint, server.volume, dataset.root,
                                       token=server.token, suffixes=SUFFIXES, batch_size=7,
                                       readahead=readahead)
    order = [dataset.samples[p] for p in _order(dataset.samples)]
    assert list(ds) == order  # no DataLoader: one process, the whole list in order
    it = iter(ds)
    assert [next(it) for _ in range(10)] == order[:10]
    it.close()  # cancels the calls still in flight
    assert list(ds)[:3] == order[:3]


def test_spawned_workers_get_a_pickled_dataset_without_a_channel(server, dataset):
    """multiprocessing_context="spawn" pickles the dataset into each worker (no fork at all)."""
    with _dataset(server, dataset) as ds:
        _ = ds[0]  # the parent has an open channel; it must not travel
        loader = DataLoader(ds, batch_size=16, num_workers=2, collate_fn=_as_list,
                            multiprocessing_context="spawn", persistent_workers=True)
        for _ in range(2):  # persistent workers keep their channels across epochs
            got = [b for batch in loader for b in batch]
            assert got == [dataset.samples[p] for p in _order(dataset.samples)]
