package dev.estuary.nfs.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes XDR (RFC 4506) into a growing array. Not thread-safe; one per message. */
public final class XdrWriter {
    private byte[] buf;
    private int pos;

    /** A writer with a small initial buffer. */
    public XdrWriter() {
        this(256);
    }

    /** A writer whose buffer starts at {@code initialCapacity} bytes. */
    public XdrWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int n) {
        if (buf.length - pos < n) {
            long want = Math.max((long) buf.length * 2, (long) pos + n);
            if (want > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("XDR message: " + want + " bytes (expected: < 2 GiB)");
            }
            buf = Arrays.copyOf(buf, (int) want);
        }
    }

    /** Writes a 32-bit {@code int}. */
    public XdrWriter writeInt(int v) {
        ensure(4);
        buf[pos] = (byte) (v >>> 24);
        buf[pos + 1] = (byte) (v >>> 16);
        buf[pos + 2] = (byte) (v >>> 8);
        buf[pos + 3] = (byte) v;
        pos += 4;
        return this;
    }

    /** Writes a 64-bit {@code hyper}. */
    public XdrWriter writeLong(long v) {
        writeInt((int) (v >>> 32));
        return writeInt((int) v);
    }

    /** Writes a {@code bool}. */
    public XdrWriter writeBool(boolean v) {
        return writeInt(v ? 1 : 0);
    }

    /** Writes fixed-length opaque data of exactly {@code n} bytes plus zero padding. */
    public XdrWriter writeFixedOpaque(Bytes b, int n) {
        if (b.length() != n) {
            throw new IllegalArgumentException("fixed opaque: " + b.length() + " bytes (expected: " + n + ")");
        }
        return writeRaw(b.array(), 0, n);
    }

    /** Writes variable-length opaque data: length, bytes, padding. */
    public XdrWriter writeOpaque(Bytes b) {
        writeInt(b.length());
        return writeRaw(b.array(), 0, b.length());
    }

    /** Writes variable-length opaque data from an array slice. */
    public XdrWriter writeOpaque(byte[] b, int off, int len) {
        writeInt(len);
        return writeRaw(b, off, len);
    }

    /** Writes an XDR {@code string} as UTF-8. */
    public XdrWriter writeString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return writeOpaque(b, 0, b.length);
    }

    private XdrWriter writeRaw(byte[] b, int off, int len) {
        int padded = (int) XdrReader.padded(len);
        ensure(padded);
        System.arraycopy(b, off, buf, pos, len);
        Arrays.fill(buf, pos + len, pos + padded, (byte) 0);
        pos += padded;
        return this;
    }

    /** Appends bytes that are already XDR (a multiple of four long, e.g. an encoded body). */
    public XdrWriter writeEncoded(byte[] xdr) {
        if ((xdr.length & 3) != 0) {
            throw new IllegalArgumentException("encoded XDR: " + xdr.length + " bytes (expected: a multiple of 4)");
        }
        return writeRaw(xdr, 0, xdr.length);
    }

    /** @return the number of bytes written */
    public int size() {
        return pos;
    }

    /** @return a copy of the bytes written */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }
}
