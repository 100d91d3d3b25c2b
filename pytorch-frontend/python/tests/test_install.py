"""The installed package: its gRPC stubs were generated at install time from this source tree's
dataset.proto by a protoc that matches the protobuf runtime, and it came from the wheel, not from
the source directory."""

from __future__ import annotations

import hashlib
import pathlib

import google.protobuf

import estuary_torch
from estuary_torch._pb import _generator, dataset_pb2

PROTO = pathlib.Path(__file__).resolve().parents[2] / "src/main/proto/estuary/dataset/v1/dataset.proto"


def test_stubs_come_from_this_trees_proto():
    assert _generator.PROTO_SHA256 == hashlib.sha256(PROTO.read_bytes()).hexdigest()
    assert dataset_pb2.DESCRIPTOR.package == "estuary.dataset.v1"
    assert "DatasetService" in dataset_pb2.DESCRIPTOR.services_by_name


def test_generator_matches_the_protobuf_runtime():
    # protoc 3.N pairs with the Python runtime 4.N (3.21 with 4.21; Debian ships both).
    protoc_minor = int(_generator.PROTOC_VERSION.split()[-1].split(".")[1])
    runtime_minor = int(google.protobuf.__version__.split(".")[1])
    assert protoc_minor == runtime_minor, (_generator.PROTOC_VERSION, google.protobuf.__version__)


def test_package_is_the_installed_wheel_not_the_source_tree():
    assert "site-packages" in estuary_torch.__file__
    assert not (pathlib.Path(__file__).resolve().parents[1] / "src/estuary_torch/_pb/dataset_pb2.py").exists()
