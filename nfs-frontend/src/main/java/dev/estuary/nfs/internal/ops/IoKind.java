package dev.estuary.nfs.internal.ops;

/** What an operation carrying a stateid does to the file's bytes (RFC 8881 §8.2, §9.1.4). */
public enum IoKind {
    /** READ, READ_PLUS, SEEK, the source of COPY. */
    READ,
    /** WRITE, SETATTR of the size, ALLOCATE, DEALLOCATE, the destination of COPY. */
    WRITE
}
