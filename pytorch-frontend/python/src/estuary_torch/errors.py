"""Exceptions raised by estuary_torch, one class per kind of failure.

Every error of the service is a gRPC status (see dataset.proto, "Errors"). :func:`from_rpc_error`
maps it, in one table, to a subclass of :class:`EstuaryError`. Where Python has a matching
built-in exception the class also derives from it, so ``except FileNotFoundError`` and
``except PermissionError`` work as they would with local files.
"""

from __future__ import annotations

from typing import Optional

import grpc

__all__ = [
    "EstuaryError", "AuthenticationError", "PermissionDenied", "NotFound", "AlreadyExists",
    "InvalidArgument", "DatasetChanged", "ResourceExhausted", "Unavailable", "DeadlineExceeded",
    "DataLoss", "OutOfRange", "Unimplemented", "ServerError", "CheckpointAborted", "from_rpc_error",
    "from_item_error",
]


class EstuaryError(Exception):
    """Base class of every error this package raises for a failed call.

    Attributes:
        code: the gRPC status code (``grpc.StatusCode``), or None for client-side errors.
        details: the server's message, which names the value at fault and what was expected.
        kind: the backend error kind from the ``estuary-error-kind`` trailer (e.g. ``"NOT_FOUND"``),
            or None.
        operation: what the client was doing, e.g. ``"Get photos/a.jpg"``.
        index: for the failure of one sample of a batch, the sample's index (in the dataset for
            the errors a Dataset raises, in the request for ``Client.get_batch``); else None.
        path: for the failure of one sample of a batch, its path in the volume; else None.
    """

    index: Optional[int] = None
    path: Optional[str] = None

    def __init__(self, message: str, *, code: Optional[grpc.StatusCode] = None,
                 details: str = "", kind: Optional[str] = None, operation: str = ""):
        super().__init__(message)
        self.code = code
        self.details = details
        self.kind = kind
        self.operation = operation

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class AuthenticationError(EstuaryError, PermissionError):
    """No token, or the token is unknown or revoked (gRPC UNAUTHENTICATED)."""


class PermissionDenied(EstuaryError, PermissionError):
    """The token's user lacks the read or write grant on the volume, or mode bits forbid it."""


class NotFound(EstuaryError, FileNotFoundError):
    """The volume, directory or file does not exist."""


class AlreadyExists(EstuaryError, FileExistsError):
    """The target exists and replacing it was not allowed."""


class InvalidArgument(EstuaryError, ValueError):
    """The request was malformed, e.g. a path with '..' segments or a file where a directory was expected."""


class DatasetChanged(EstuaryError):
    """A sample's size differs from the size Scan recorded (gRPC FAILED_PRECONDITION): rescan."""


class ResourceExhausted(EstuaryError):
    """A service limit (request or message size) or the volume's space or quota was exceeded."""


class Unavailable(EstuaryError, ConnectionError):
    """The server could not be reached or was busy, still so after the retries."""


class DeadlineExceeded(EstuaryError, TimeoutError):
    """The call did not finish within its timeout, still so after the retries."""


class DataLoss(EstuaryError):
    """The data arrived damaged (a checksum mismatch) and was not used."""


class OutOfRange(EstuaryError):
    """A read past what exists (gRPC OUT_OF_RANGE)."""


class Unimplemented(EstuaryError):
    """The server or its backend does not support the operation."""


class ServerError(EstuaryError):
    """The server failed (gRPC INTERNAL, UNKNOWN, ...) or answered in a way the client cannot use."""


class CheckpointAborted(EstuaryError):
    """A checkpoint writer was aborted, so nothing was published."""


_BY_CODE = {
    grpc.StatusCode.UNAUTHENTICATED: AuthenticationError,
    grpc.StatusCode.PERMISSION_DENIED: PermissionDenied,
    grpc.StatusCode.NOT_FOUND: NotFound,
    grpc.StatusCode.ALREADY_EXISTS: AlreadyExists,
    grpc.StatusCode.INVALID_ARGUMENT: InvalidArgument,
    grpc.StatusCode.FAILED_PRECONDITION: DatasetChanged,
    grpc.StatusCode.RESOURCE_EXHAUSTED: ResourceExhausted,
    grpc.StatusCode.UNAVAILABLE: Unavailable,
    grpc.StatusCode.DEADLINE_EXCEEDED: DeadlineExceeded,
    grpc.StatusCode.DATA_LOSS: DataLoss,
    grpc.StatusCode.OUT_OF_RANGE: OutOfRange,
    grpc.StatusCode.UNIMPLEMENTED: Unimplemented,
    grpc.StatusCode.CANCELLED: CheckpointAborted,
}


def from_rpc_error(error: grpc.RpcError, operation: str, *, token_given: bool = True) -> EstuaryError:
    """Returns the :class:`EstuaryError` for a failed gRPC call.

    Args:
        error: the exception grpc raised (it is also a ``grpc.Call``).
        operation: what was being done, for the message, e.g. ``"Scan volume 'photos'"``.
        token_given: False adds a hint to authentication errors that no token was configured.
    """
    code = error.code() if hasattr(error, "code") else None
    details = (error.details() if hasattr(error, "details") else None) or ""
    kind = None
    trailers = error.trailing_metadata() if hasattr(error, "trailing_metadata") else None
    for key, value in trailers or ():
        if key == "estuary-error-kind":
            kind = value
    cls = _BY_CODE.get(code, ServerError)
    name = code.name if code is not None else "UNKNOWN"
    message = f"{operation}: {name}: {details}" if details else f"{operation}: {name}"
    if cls is AuthenticationError and not token_given:
        message += " (no token given: pass token=... or set ESTUARY_TOKEN)"
    return cls(message, code=code, details=details, kind=kind, operation=operation)


_CODES = {c.value[0]: c for c in grpc.StatusCode}


def from_item_error(code: int, details: str, kind: str, operation: str, index: int,
                    path: str) -> EstuaryError:
    """Returns the :class:`EstuaryError` for one failed item of a batch (dataset.proto ItemError).

    The class is the one :func:`from_rpc_error` gives for the same status code, so ``except
    FileNotFoundError`` catches a missing sample as it would a missing local file.

    Args:
        code: the gRPC status code number.
        details: the server's message, which names the item's path and what was expected.
        kind: the backend error kind, or empty.
        operation: what was being done, e.g. ``"Dataset[17] photos:/train/x.jpg"``.
        index: the item's index (see :attr:`EstuaryError.index`).
        path: the item's path in the volume.
    """
    status = _CODES.get(code)
    cls = _BY_CODE.get(status, ServerError)
    name = status.name if status is not None else f"status {code}"
    message = f"{operation}: {name}: {details}" if details else f"{operation}: {name}"
    e = cls(message, code=status, details=details, kind=kind or None, operation=operation)
    e.index = index
    e.path = path
    return e
