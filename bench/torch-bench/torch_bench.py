"""PyTorch dataset benchmark: Estuary's dataset service vs the same files read locally.

Run by bench/torch-bench/run (see bench/README.md), which populates both sides identically, starts
the server and passes the endpoint and token. Measures, in one run:

- DataLoader throughput (batch 32, 2 worker processes, shuffled) over the "small" tree (4 KiB
  samples) and the "large" tree (256 KiB samples): estuary_torch.Dataset (one GetBatch call per
  batch, reading ahead in the order of the RandomSampler it follows) vs a plain torch Dataset
  doing open().read() per sample on the local copy under the same RandomSampler; and
  estuary_torch.IterableDataset (shuffled by itself, next batch in flight);
- the time to list the "scan" tree (1,000 directories of 1,000 files at scale 1) with sizes:
  estuary_torch.Dataset's Scan vs an os.scandir walk with stat() per file (and, for reference,
  without stat);
- checkpoints ("ckpt"): saving a 2 GiB state_dict (scale 1) with estuary_torch.Checkpoint
  (parallel block streams) vs torch.save to a local file followed by fsync, and loading it back
  (parallel ranged reads) vs torch.load of that file, with the page cache warm and cold (both
  files evicted with posix_fadvise(DONTNEED) first: the local file and the server's data file);
- shards ("shards"): a DataLoader over estuary_torch.ShardDataset (tar shards streamed from the
  volume, shuffled) vs the same class reading the same tar files from the local disk (only the
  byte source differs).

Every sample is turned into a uint8 numpy array (default_collate stacks a batch into one tensor,
as a training input pipeline would), and every delivered sample's first 8 bytes (its index,
written by TorchBenchData) are collected to check that each epoch delivered each sample exactly
once; 32 random samples are also compared byte for byte between the two sides.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import pathlib
import platform
import random
import sys
import tarfile
import time
import warnings

import numpy as np
import torch
from torch.utils.data import DataLoader

import estuary_torch
from estuary_torch.shards import iter_tar_samples

BATCH = 32
GIB = 1 << 30
MIB = 1 << 20
WORKERS = 2

# default_collate turns the read-only arrays over the sample bytes into tensors without copying
# (the same on both sides); PyTorch warns about that once per worker.
warnings.filterwarnings("ignore", message="The given NumPy array is not writable")


def to_array(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.uint8)


class LocalFiles(torch.utils.data.Dataset):
    """The baseline: a plain map-style Dataset reading whole local files with open().read()."""

    def __init__(self, paths, transform=to_array):
        self.paths = paths
        self.transform = transform

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        with open(self.paths[i], "rb") as f:
            return self.transform(f.read())


def local_files(top):
    out = []
    for d, _, files in os.walk(top):
        out.extend(os.path.join(d, f) for f in files)
    return sorted(out)


def epoch(dataset, seed: int):
    """One shuffled DataLoader pass; returns (seconds, samples, bytes, distinct sample indices).

    Map-style: the sampler DataLoader(shuffle=True) would make, a RandomSampler; for an
    estuary_torch.Dataset wrapped with follow() so the dataset reads ahead in its order (the
    order is the same). An IterableDataset shuffles itself (DataLoader refuses a sampler)."""
    if isinstance(dataset, torch.utils.data.IterableDataset):
        loader = DataLoader(dataset, batch_size=BATCH, num_workers=WORKERS)
    else:
        sampler = torch.utils.data.RandomSampler(dataset,
                                                 generator=torch.Generator().manual_seed(seed))
        if isinstance(dataset, estuary_torch.Dataset):
            sampler = dataset.follow(sampler)
        loader = DataLoader(dataset, batch_size=BATCH, num_workers=WORKERS, sampler=sampler)
    seen = set()
    samples = nbytes = 0
    t0 = time.perf_counter()
    for batch in loader:
        samples += batch.shape[0]
        nbytes += batch.numel()
        heads = batch[:, :8].numpy().copy().view(">u8").ravel()
        seen.update(heads.tolist())
    return time.perf_counter() - t0, samples, nbytes, len(seen)


def scandir_walk(top, with_size=True):
    out = []
    stack = [top]
    while stack:
        d = stack.pop()
        with os.scandir(d) as it:
            for e in it:
                if e.is_dir(follow_symlinks=False):
                    stack.append(e.path)
                elif e.is_file(follow_symlinks=False):
                    out.append((e.path, e.stat(follow_symlinks=False).st_size) if with_size else e.path)
    return out


def rss_mib(pid="self"):
    """The resident set of a process in MiB (VmRSS), or -1."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return -1


def bench_scan10m(args, table, ratios):
    """The large scan (issue 14): 10,000,000 files in 10,000 directories at scale 1, in the engine
    only (no local copy: the bar is a time). Timed as the 1M scan is: the Dataset's Scan, any order
    and sorted, including the Python lists of paths and sizes; the resident sets of this process
    and of the server are printed after each."""
    best = {}
    files = 0
    # Warm-up, untimed: a Scan of one directory of the tree (server JIT, client channel).
    estuary_torch.Dataset(args.endpoint, args.volume, "scan10m/d0000", token=args.token,
                          deterministic=False)
    for r in range(args.repeat):
        for key, det in (("fast", False), ("sorted", True)):
            t0 = time.perf_counter()
            listing = estuary_torch.Dataset(args.endpoint, args.volume, "scan10m", token=args.token,
                                            deterministic=det)
            secs = time.perf_counter() - t0
            files = len(listing)
            server_s = listing._samples.summary.elapsed_nanos / 1e9
            print(f"scan10m round {r} {key}: {files:,} files in {secs:.2f} s (server walk"
                  f" {server_s:.2f} s); RSS client {rss_mib():,} MiB, server"
                  f" {rss_mib(args.server_pid) if args.server_pid else -1:,} MiB", file=sys.stderr)
            del listing
            best[key] = min(best.get(key, secs), secs)
            best["server-" + key] = min(best.get("server-" + key, server_s), server_s)
    expected = max(1, round(10_000 * args.scale)) * 1000
    if files != expected:
        raise SystemExit(f"scan10m: {files} files through the service (expected: {expected})")
    table.add("Scan 10M (paths + sizes), any order", "estuary", fmt(files / best["fast"]), "",
              fmt(best["fast"], 2), fmt(files))
    table.add("  of which server-side walk", "estuary", "", "", fmt(best["server-fast"], 2), "")
    table.add("Scan 10M (paths + sizes), sorted", "estuary", fmt(files / best["sorted"]), "",
              fmt(best["sorted"], 2), fmt(files))
    table.add("  of which server-side walk", "estuary", "", "", fmt(best["server-sorted"], 2), "")
    ratios["scan10m"] = (best["fast"], files)


def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return (f"{os.cpu_count()} cores ({cpu}), {mem:.1f} GiB RAM, {platform.system()}"
            f" {platform.release()}; Python {platform.python_version()}, torch {torch.__version__},"
            f" load {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


class Table:
    def __init__(self):
        self.rows = []

    def add(self, *row):
        self.rows.append(row)
        print("  ".join(str(c) for c in row), file=sys.stderr, flush=True)

    def print(self):
        head = ("measurement", "side", "samples/s", "MB/s", "seconds", "files")
        widths = [38, 16, 12, 10, 9, 11]
        print("  ".join(h.ljust(w) if i < 2 else h.rjust(w) for i, (h, w) in enumerate(zip(head, widths))))
        print("-" * (sum(widths) + 2 * (len(widths) - 1)))
        for row in self.rows:
            print("  ".join(c.ljust(w) if i < 2 else c.rjust(w)
                            for i, (c, w) in enumerate(zip(row, widths))))


def fmt(x, digits=0):
    return f"{x:,.{digits}f}"


def evict(path):
    """Drops a file's pages from the page cache (clean after fsync), so the next read hits the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def server_file(data_dir, object_id: bytes) -> str:
    """The engine's data file of an object (engine/objects/<volume>/<byte>/<32 hex digits of the id>)."""
    found = list(pathlib.Path(data_dir).glob(f"**/objects/*/*/{object_id.hex()}"))
    if len(found) != 1:
        raise SystemExit(f"data file of object {object_id.hex()} under {data_dir}: {found}")
    return str(found[0])


def timed(fn):
    t0 = time.perf_counter()
    r = fn()
    return time.perf_counter() - t0, r


def bench_checkpoint(args, table, ratios):
    size = max(64 * MIB, int(2 * GIB * args.scale) // (64 * MIB) * (64 * MIB))
    torch.manual_seed(0)
    state = {f"layer{i}.weight": torch.randn(64 * MIB // 4) for i in range(size // (64 * MIB))}
    nbytes = sum(t.numel() * t.element_size() for t in state.values())
    local = os.path.join(args.local, "ckpt.pt")
    par = estuary_torch.Checkpoint(args.endpoint, args.volume, prefix="ckpt", token=args.token,
                                   streams=4)
    one = estuary_torch.Checkpoint(args.endpoint, args.volume, prefix="ckpt", token=args.token,
                                   streams=1)

    def local_save():
        torch.save(state, local)
        fd = os.open(local, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def check(loaded):
        if loaded.keys() != state.keys() or not all(torch.equal(loaded[k], state[k]) for k in state):
            raise SystemExit("checkpoint: the loaded state_dict differs from the saved one")

    def load(fn):
        secs, loaded = timed(fn)
        check(loaded)
        del loaded
        gc.collect()
        return secs

    best = {}
    for r in range(args.repeat):
        times = {}
        times["save local"] = timed(local_save)[0]
        times["save estuary"] = timed(lambda: par.save(state, "model.pt"))[0]
        times["save estuary-1"] = timed(lambda: one.save(state, "model-1.pt"))[0]
        times["load warm local"] = load(lambda: torch.load(local))
        times["load warm estuary"] = load(lambda: par.load("model.pt"))
        times["load warm estuary-1"] = load(lambda: one.load("model-1.pt"))
        evict(local)
        times["load cold local"] = load(lambda: torch.load(local))
        evict(server_file(args.data, par.stat("model.pt").object_id))
        times["load cold estuary"] = load(lambda: par.load("model.pt"))
        for k, v in times.items():
            best[k] = min(best.get(k, v), v)
    label = f"{size / GIB:.2f} GiB state_dict"
    for key, side in (("save local", "local+fsync"), ("save estuary", "estuary"),
                      ("save estuary-1", "estuary-1stream"), ("load warm local", "local"),
                      ("load warm estuary", "estuary"), ("load warm estuary-1", "estuary-1stream"),
                      ("load cold local", "local"), ("load cold estuary", "estuary")):
        what = key.split(" ")[0] + (" (page cache " + key.split(" ")[1] + ")" if key.startswith("load") else "")
        table.add(f"checkpoint {what}, {label}", side, "", fmt(nbytes / best[key] / 1e6, 1),
                  fmt(best[key], 2), "1")
    ratios["ckpt"] = {k: best[f"{k} local"] / best[f"{k} estuary"] for k in ("save", "load warm", "load cold")}
    par.close()
    one.close()
    os.unlink(local)


class LocalShards(estuary_torch.ShardDataset):
    """The baseline: ShardDataset's own dealing, shuffling and tar parsing over local files."""

    def __init__(self, paths, *, shuffle, shuffle_buffer, seed, transform):
        torch.utils.data.IterableDataset.__init__(self)
        self.rank, self.world_size = 0, 1
        self.shuffle, self.shuffle_buffer, self.seed, self.epoch = shuffle, shuffle_buffer, seed, 0
        self.transform = transform
        self.shards = [(p, os.path.getsize(p)) for p in paths]

    def samples_of(self, shard):
        path, _ = self.shards[shard]
        with open(path, "rb") as f:
            yield from iter_tar_samples(f, path)

    def worker_init(self, worker_id=0):
        pass


def shard_sample(sample) -> np.ndarray:
    return np.frombuffer(sample["bin"], dtype=np.uint8)


def bench_shards(args, table, ratios):
    shards = max(2, round(16 * args.scale))
    per = max(50, min(1000, round(1000 * args.scale * 16 / shards)))
    rng = np.random.default_rng(1)
    top = os.path.join(args.local, "shards")
    os.makedirs(top, exist_ok=True)
    paths = []
    with estuary_torch.Checkpoint(args.endpoint, args.volume, prefix="tarshards", token=args.token) as up:
        for s in range(shards):
            path = os.path.join(top, f"shard-{s:04d}.tar")
            with tarfile.open(path, "w") as tar:
                for i in range(per):
                    index = s * per + i
                    key = f"{index:08d}"
                    body = index.to_bytes(8, "big") + rng.bytes(64 * 1024 - 8)  # a 64 KiB "image"
                    for ext, data in (("bin", body), ("cls", str(index % 1000).encode()),
                                      ("json", b'{"index": %d}' % index)):
                        info = tarfile.TarInfo(f"{key}.{ext}")
                        info.size = len(data)
                        tar.addfile(info, io.BytesIO(data))
            with open(path, "rb") as f, up.writer(os.path.basename(path)) as w:
                while True:
                    b = f.read(8 * MIB)
                    if not b:
                        break
                    w.write(b)
            paths.append(path)
    n = shards * per
    total = sum(os.path.getsize(p) for p in paths)
    remote = estuary_torch.ShardDataset(args.endpoint, args.volume, "tarshards", token=args.token,
                                        shuffle=True, shuffle_buffer=1000, seed=0, transform=shard_sample)
    local = LocalShards(paths, shuffle=True, shuffle_buffer=1000, seed=0, transform=shard_sample)
    if len(remote.shards) != shards:
        raise SystemExit(f"shards: {len(remote.shards)} through the service, {shards} locally")
    # Warm-up, untimed: one shard each (worker start-up, server JIT).
    for ds in (remote, local):
        ds.set_epoch(99)
        next(iter(DataLoader(ds, batch_size=BATCH, num_workers=WORKERS)))
    best = {}
    for r in range(args.repeat):
        sides = (("estuary", remote), ("local", local))
        for name, ds in sides if r % 2 == 0 else reversed(sides):
            ds.set_epoch(r)
            secs, samples, nbytes, distinct = epoch(ds, seed=r)
            if samples != n or distinct != n:
                raise SystemExit(f"shards {name}: {samples} samples, {distinct} distinct (expected: {n} each)")
            if name not in best or secs < best[name][0]:
                best[name] = (secs, samples, nbytes)
    for name in ("estuary", "local"):
        secs, samples, nbytes = best[name]
        table.add(f"ShardDataset ({shards} tar shards, 64 KiB)", name, fmt(samples / secs),
                  fmt(total / secs / 1e6, 1), fmt(secs, 2), fmt(samples))
    ratios["shards"] = best["local"][0] / best["estuary"][0]
    remote.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--endpoint", required=True)
    ap.add_argument("--volume", default="bench")
    ap.add_argument("--token", default=None)
    ap.add_argument("--local", required=True, help="the local copy written by TorchBenchData")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--repeat", type=int, default=1, help="best of N rounds per side (alternating)")
    ap.add_argument("--data", default=None, help="the server's data directory (cold checkpoint loads)")
    ap.add_argument("--only", default="small,large,scan,ckpt,shards")
    ap.add_argument("--server-pid", type=int, default=None, help="the server's pid (its RSS is printed)")
    args = ap.parse_args()
    only = set(args.only.split(","))

    print(f"machine:  {machine()}")
    print(f"scale:    {args.scale} (1.0 = 100,000 x 4 KiB, 10,000 x 256 KiB, 1,000,000 files"
          f" in 1,000 dirs, a 2 GiB state_dict, 16 x 1,000 samples in tar shards); DataLoader"
          f" batch {BATCH}, {WORKERS} workers, shuffled; best of {args.repeat}")
    print(f"service:  {args.endpoint} volume {args.volume}; local: {args.local}")
    print("page cache: both sides were just written, so reads come from memory on both sides;"
          " each measurement follows an untimed warm-up (up to 4,096 samples, one scan)")
    print()
    table = Table()
    ratios = {}

    for tree, target in (("small", 1.0), ("large", 1.0)):
        if tree not in only:
            continue
        remote = estuary_torch.Dataset(args.endpoint, args.volume, tree, token=args.token,
                                       transform=to_array, views=True)
        # For information: the iterable dataset, which keeps the next GetBatch in flight.
        iterable = estuary_torch.IterableDataset(args.endpoint, args.volume, tree,
                                                 token=args.token, transform=to_array, views=True,
                                                 batch_size=BATCH, shuffle=True)
        local = LocalFiles(local_files(os.path.join(args.local, tree)))
        n = len(local)
        if len(remote) != n:
            raise SystemExit(f"{tree}: {len(remote)} samples through the service, {n} locally")
        for i in random.Random(1).sample(range(n), min(32, n)):
            if bytes(remote[i]) != bytes(local[i]):
                raise SystemExit(f"{tree}: sample {i} differs between the service and local files")
        # Warm-up, untimed: JIT of the server, worker start-up paths, both sides alike.
        warm = list(range(min(n, 4096)))
        for ds in (remote, local):
            epoch(torch.utils.data.Subset(ds, warm), seed=99)
        best = {}
        for r in range(args.repeat):
            sides = (("estuary", remote), ("local", local), ("estuary-iterable", iterable))
            for name, ds in sides if r % 2 == 0 else reversed(sides):
                if isinstance(ds, torch.utils.data.IterableDataset):
                    ds.set_epoch(r)
                secs, samples, nbytes, distinct = epoch(ds, seed=r)
                if samples != n or distinct != n:
                    raise SystemExit(f"{tree} {name}: {samples} samples, {distinct} distinct"
                                     f" (expected: {n} each)")
                if name not in best or secs < best[name][0]:
                    best[name] = (secs, samples, nbytes)
        size = "4 KiB" if tree == "small" else "256 KiB"
        for name in ("estuary", "local", "estuary-iterable"):
            secs, samples, nbytes = best[name]
            table.add(f"DataLoader {tree} ({size} samples)", name, fmt(samples / secs),
                      fmt(nbytes / secs / 1e6, 1), fmt(secs, 2), fmt(samples))
        ratios[tree] = (best["local"][0] / best["estuary"][0], target,
                        best["local"][0] / best["estuary-iterable"][0])
        remote.close()
        iterable.close()

    if "scan" in only:
        top = os.path.join(args.local, "scan")
        # Warm-up, untimed: one Scan (server JIT) and one walk (dentry cache) of the tree.
        estuary_torch.Dataset(args.endpoint, args.volume, "scan", token=args.token,
                              deterministic=False)
        scandir_walk(top)
        best = {}
        for r in range(args.repeat):
            t0 = time.perf_counter()
            listing = estuary_torch.Dataset(args.endpoint, args.volume, "scan", token=args.token,
                                            deterministic=False)
            t_fast = time.perf_counter() - t0
            files = len(listing)
            server_s = listing._samples.summary.elapsed_nanos / 1e9
            del listing
            t0 = time.perf_counter()
            ordered = estuary_torch.Dataset(args.endpoint, args.volume, "scan", token=args.token)
            t_sorted = time.perf_counter() - t0
            del ordered
            t0 = time.perf_counter()
            local_n = len(scandir_walk(top))
            t_local = time.perf_counter() - t0
            t0 = time.perf_counter()
            scandir_walk(top, with_size=False)
            t_names = time.perf_counter() - t0
            if local_n != files:
                raise SystemExit(f"scan: {files} files through the service, {local_n} locally")
            for k, v in (("fast", t_fast), ("sorted", t_sorted), ("local", t_local),
                         ("names", t_names), ("server", server_s)):
                best[k] = min(best.get(k, v), v)
        table.add("Scan (paths + sizes), any order", "estuary", fmt(files / best["fast"]), "",
                  fmt(best["fast"], 2), fmt(files))
        table.add("Scan (paths + sizes), sorted", "estuary", fmt(files / best["sorted"]), "",
                  fmt(best["sorted"], 2), fmt(files))
        table.add("  of which server-side walk", "estuary", "", "", fmt(best["server"], 2), "")
        table.add("os.scandir walk + stat (paths + sizes)", "local", fmt(files / best["local"]), "",
                  fmt(best["local"], 2), fmt(files))
        table.add("os.scandir walk, names only", "local", fmt(files / best["names"]), "",
                  fmt(best["names"], 2), fmt(files))
        ratios["scan"] = (best["local"] / best["fast"], best["fast"], files)

    if "scan10m" in only:
        bench_scan10m(args, table, ratios)

    if "ckpt" in only:
        if not args.data:
            raise SystemExit("--only ckpt: --data (the server's data directory) is needed for cold loads")
        bench_checkpoint(args, table, ratios)
    if "shards" in only:
        bench_shards(args, table, ratios)

    print()
    table.print()
    print(f"load at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print()
    for tree in ("small", "large"):
        if tree in ratios:
            ratio, target, iter_ratio = ratios[tree]
            print(f"target {tree:5} samples/s estuary/local >= {target}: map-style {ratio:.2f}"
                  f" {'met' if ratio >= target else 'NOT MET'}, iterable {iter_ratio:.2f}"
                  f" {'met' if iter_ratio >= target else 'NOT MET'}")
    if "scan" in ratios:
        speedup, secs, files = ratios["scan"]
        limit = 1.0 * files / 1_000_000
        print(f"target scan of {files:,} files <= {limit:.2f} s (1 s per 1M) and faster than"
              f" os.scandir+stat: {secs:.2f} s, {speedup:.2f}x"
              f" {'met' if secs <= limit and speedup > 1 else 'NOT MET'}")
    if "scan10m" in ratios:
        secs, files = ratios["scan10m"]
        limit = 10.0 * files / 10_000_000
        print(f"target scan of {files:,} files <= {limit:.2f} s (10 s per 10M): {secs:.2f} s"
              f" {'met' if secs <= limit else 'NOT MET'}")
    if "ckpt" in ratios:
        for k, v in ratios["ckpt"].items():
            print(f"target checkpoint {k:9} estuary/local >= 0.9: {v:.2f} {'met' if v >= 0.9 else 'NOT MET'}")
    if "shards" in ratios:
        v = ratios["shards"]
        print(f"target shards samples/s estuary/local >= 1.0: {v:.2f} {'met' if v >= 1.0 else 'NOT MET'}")


if __name__ == "__main__":
    main()
