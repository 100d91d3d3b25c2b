"""estuary_torch: PyTorch datasets and checkpoints served by Estuary's gRPC dataset service.

Training jobs read samples straight from the appliance, with no mount and no storage client
library on the compute node. The API follows DAOS's ``pydaos.torch``:

- :class:`Dataset` — map-style, ``__getitems__`` reads a batch in one call;
- :class:`IterableDataset` — batched reads, sharded by DataLoader worker and distributed rank;
- :class:`Checkpoint` — ``torch.save`` into ``writer(name)`` (atomic), ``torch.load`` from
  ``reader(name)``; large checkpoints over parallel streams, CRC-32C checked both ways;
- :class:`ShardDataset` — samples streamed out of tar shards (the WebDataset layout), shuffled,
  split by rank and worker;
- :mod:`estuary_torch.errors` — ``EstuaryError`` and one subclass per kind of failure.

Endpoint and token come from the arguments or from ``ESTUARY_ENDPOINT`` and ``ESTUARY_TOKEN``.
"""

from ._client import Client, Retry, StatResult
from .checkpoint import Checkpoint, CheckpointBuffer, CheckpointWriter, ParallelCheckpointWriter
from .dataset import ITER_BATCH_SIZE, Dataset, IterableDataset
from .errors import (AlreadyExists, AuthenticationError, CheckpointAborted, DataLoss,
                     DatasetChanged, DeadlineExceeded, EstuaryError, InvalidArgument, NotFound,
                     OutOfRange, PermissionDenied, ResourceExhausted, ServerError, Unavailable,
                     Unimplemented)
from .shards import ShardDataset, iter_tar_samples

__version__ = "0.1.0"

__all__ = [
    "Dataset", "IterableDataset", "Checkpoint", "CheckpointWriter", "Client", "Retry",
    "StatResult", "ITER_BATCH_SIZE", "EstuaryError", "AuthenticationError", "PermissionDenied",
    "NotFound", "AlreadyExists", "InvalidArgument", "DatasetChanged", "ResourceExhausted",
    "Unavailable", "DeadlineExceeded", "DataLoss", "OutOfRange", "Unimplemented", "ServerError",
    "CheckpointAborted", "ParallelCheckpointWriter", "CheckpointBuffer", "ShardDataset",
    "iter_tar_samples",
]
