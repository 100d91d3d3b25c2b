"""The client over TLS (grpcs://, a CA from a PEM file). TorchClientIT runs these in a second
pass, against the same server restarted with dataset.tls-cert/tls-key (a self-signed certificate
for 127.0.0.1), passing ESTUARY_TEST_TLS_ENDPOINT and ESTUARY_TEST_TLS_CA; the first pass
deselects them with -m "not tls"."""

from __future__ import annotations

from collections import Counter

import pytest
import torch
from torch.utils.data import DataLoader

import estuary_torch
from conftest import _env, generate

pytestmark = pytest.mark.tls


@pytest.fixture(scope="module")
def tls():
    return _env("ESTUARY_TEST_TLS_ENDPOINT"), _env("ESTUARY_TEST_TLS_CA")


def test_dataloader_and_checkpoint_over_tls(server, tls):
    endpoint, ca = tls
    assert endpoint.startswith("grpcs://")
    gen = generate()
    ds = estuary_torch.Dataset(endpoint, server.volume, gen.root, token=server.token,
                               suffixes=(".png", ".npz"), ca_cert=ca)
    got = [b for batch in DataLoader(ds, batch_size=8, num_workers=2, shuffle=True,
                                     collate_fn=list) for b in batch]
    assert Counter(got) == Counter(gen.samples.values())
    with estuary_torch.Checkpoint(endpoint, server.volume, "checkpoints/tls", token=server.token,
                                  ca_cert=open(ca, "rb").read()) as ckpt:
        state = torch.nn.Linear(300, 300).state_dict()
        with ckpt.writer("m.pt") as w:
            torch.save(state, w)
        back = torch.load(ckpt.reader("m.pt"))
    assert all(torch.equal(state[k], back[k]) for k in state)


def test_plaintext_client_cannot_talk_to_a_tls_server(server, tls):
    endpoint, _ = tls
    plain = estuary_torch.Client(endpoint.replace("grpcs://", "grpc://"), server.volume,
                                 token=server.token, retries=1, timeout=10)
    with pytest.raises(estuary_torch.Unavailable):
        plain.stat("")


def test_tls_client_refuses_an_untrusted_certificate(server, tls):
    endpoint, _ = tls
    untrusting = estuary_torch.Client(endpoint, server.volume, token=server.token, retries=1,
                                      timeout=10)  # system CAs only: the self-signed one fails
    with pytest.raises(estuary_torch.Unavailable):
        untrusting.stat("")
