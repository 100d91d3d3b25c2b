"""Shared fixtures: the server under test (from the environment) and a generated dataset.

The tests run against a real `estuary serve` started by the JUnit test
distribution/src/test/java/dev/estuary/distribution/TorchClientIT.java, which passes:

  ESTUARY_TEST_ENDPOINT        dataset service host:port
  ESTUARY_TEST_VOLUME          a volume the users below are granted on
  ESTUARY_TEST_TOKEN           token of a user with the write grant on the volume
  ESTUARY_TEST_READER_TOKEN    token of a user with only the read grant
  ESTUARY_TEST_OUTSIDER_TOKEN  token of a user with no grant on the volume
  ESTUARY_TEST_S3_ENDPOINT, ESTUARY_TEST_S3_ACCESS_KEY, ESTUARY_TEST_S3_SECRET_KEY
                               the S3 frontend and the writer's keys (empty when this build has
                               no S3 frontend)
  ESTUARY_TEST_DATA_DIR        the server's data directory (test_parallel_checkpoint flips a
                               stored byte in the engine's data file to check the read-side CRC)

A missing variable fails the tests (they never silently pass without a server).

The dataset goes in through the service itself (Checkpoint writers, i.e. WriteCheckpoint), so
the tests read back exactly what the real protocol wrote.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from typing import Dict

import numpy as np
import pytest
from PIL import Image

import estuary_torch


@dataclass(frozen=True)
class Server:
    endpoint: str
    volume: str
    token: str
    reader_token: str
    outsider_token: str
    s3_endpoint: str
    s3_access_key: str
    s3_secret_key: str


def _env(name: str, allow_empty: bool = False) -> str:
    value = os.environ.get(name)
    if value is None or (not value and not allow_empty):
        raise RuntimeError(f"{name}: not set (expected: run through TorchClientIT, which starts the"
                           " server and sets it)")
    return value


@pytest.fixture(scope="session")
def server() -> Server:
    return Server(_env("ESTUARY_TEST_ENDPOINT"), _env("ESTUARY_TEST_VOLUME"),
                  _env("ESTUARY_TEST_TOKEN"), _env("ESTUARY_TEST_READER_TOKEN"),
                  _env("ESTUARY_TEST_OUTSIDER_TOKEN"),
                  _env("ESTUARY_TEST_S3_ENDPOINT", True), _env("ESTUARY_TEST_S3_ACCESS_KEY", True),
                  _env("ESTUARY_TEST_S3_SECRET_KEY", True))


@dataclass(frozen=True)
class Generated:
    """The generated dataset: every file's bytes, and the arrays they encode."""

    root: str                    # directory in the volume
    files: Dict[str, bytes]      # path relative to root -> content (samples and the rest)
    arrays: Dict[str, np.ndarray]  # sample path relative to root -> decoded array

    @property
    def samples(self) -> Dict[str, bytes]:
        return {p: b for p, b in self.files.items() if p.endswith((".png", ".npz"))}


def _png(array: np.ndarray) -> bytes:
    out = io.BytesIO()
    Image.fromarray(array, "RGB").save(out, format="PNG")
    return out.getvalue()


def _npz(array: np.ndarray, label: int) -> bytes:
    out = io.BytesIO()
    np.savez(out, x=array, y=np.int64(label))
    return out.getvalue()


def decode(data: bytes) -> np.ndarray:
    """The transform the tests use: PNG or NPZ bytes to the array they hold."""
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))
    with np.load(io.BytesIO(data)) as z:
        return z["x"]


def generate(seed: int = 4) -> Generated:
    """80 image-like PNGs (random uint8 HxWx3) in 4 class directories, 48 .npz arrays in 2 shard
    directories, 2 arrays over 1 MiB (several chunks on the wire), and 2 files that are not samples."""
    rng = np.random.default_rng(seed)
    files: Dict[str, bytes] = {}
    arrays: Dict[str, np.ndarray] = {}
    for c in range(4):
        for i in range(20):
            h, w = rng.integers(8, 48, size=2)
            a = rng.integers(0, 256, size=(h, w, 3), dtype=np.uint8)
            path = f"images/class_{c}/img_{i:03d}.png"
            files[path], arrays[path] = _png(a), a
    for s in range(2):
        for i in range(24):
            a = rng.standard_normal((int(rng.integers(1, 64)), 16)).astype(np.float32)
            path = f"arrays/shard_{s}/arr_{i:03d}.npz"
            files[path], arrays[path] = _npz(a, i % 10), a
    for name, n in (("big/a.npz", 700_000), ("big/b.npz", 262_144 - 40)):
        a = rng.standard_normal(n).astype(np.float32)  # 2.8 MB and ~1 MiB
        files[name], arrays[name] = _npz(a, 0), a
    files["README.txt"] = b"not a sample\n"
    files["images/labels.csv"] = b"class,name\n"
    return Generated("data", files, arrays)


@pytest.fixture(scope="session")
def dataset(server: Server) -> Generated:
    """Writes the generated dataset into the volume under data/ through the service."""
    gen = generate()
    with estuary_torch.Checkpoint(server.endpoint, server.volume, prefix=gen.root,
                                  token=server.token) as ckpt:
        for path, data in gen.files.items():
            with ckpt.writer(path) as w:
                w.write(data)
    return gen


@pytest.fixture
def ckpt(server: Server, request) -> estuary_torch.Checkpoint:
    """A Checkpoint under a directory of its own per test."""
    with estuary_torch.Checkpoint(server.endpoint, server.volume,
                                  prefix=f"checkpoints/{request.node.name}",
                                  token=server.token) as c:
        yield c


def pytest_configure(config):
    config.addinivalue_line("markers", "tls: needs the server restarted with TLS (second pass)")
