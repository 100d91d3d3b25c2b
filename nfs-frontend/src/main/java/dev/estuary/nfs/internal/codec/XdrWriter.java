package dev.estuary.nfs.internal.codec;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes XDR (RFC 4506) into a growing array. Not thread-safe; one per message.
 *
 * <p>Variable-length opaques of {@link #DEFER_MIN} bytes or more (the data of READ and READ_PLUS) are not
 * copied in: the writer keeps a reference to the immutable {@link Bytes} and its place, {@link #size()}
 * counts them, and {@link #writeTo} hands them to a {@link Sink} as they are, so the RPC layer can send
 * them without copying the payload again. {@link #toByteArray()} assembles everything.
 */
public final class XdrWriter {
    /** The smallest opaque kept by reference rather than copied. */
    public static final int DEFER_MIN = 32 * 1024;

    private byte[] buf;
    private int pos;
    /** Deferred opaques, each written at {@code deferredAt} of {@link #buf} (before what follows there). */
    private final List<Bytes> deferred = new ArrayList<>(0);
    private int[] deferredAt = new int[0];
    private long deferredSize;

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

    /** Writes variable-length opaque data: length, bytes, padding (kept by reference when large). */
    public XdrWriter writeOpaque(Bytes b) {
        if (b.length() >= DEFER_MIN) {
            if (deferredAt.length == deferred.size()) {
                deferredAt = Arrays.copyOf(deferredAt, Math.max(4, deferredAt.length * 2));
            }
            deferredAt[deferred.size()] = pos;
            deferred.add(b);
            deferredSize += 4 + XdrReader.padded(b.length());
            return this;
        }
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
        long size = pos + deferredSize;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("XDR message: " + size + " bytes (expected: < 2 GiB)");
        }
        return (int) size;
    }

    /** @return a copy of the bytes written */
    public byte[] toByteArray() {
        if (deferred.isEmpty()) {
            return Arrays.copyOf(buf, pos);
        }
        byte[] out = new byte[size()];
        int[] at = {0};
        writeTo(new Sink() {
            @Override
            public void encoded(byte[] xdr, int off, int len) {
                System.arraycopy(xdr, off, out, at[0], len);
                at[0] += len;
            }

            @Override
            public void opaque(Bytes data) {
                int n = data.length();
                out[at[0]] = (byte) (n >>> 24);
                out[at[0] + 1] = (byte) (n >>> 16);
                out[at[0] + 2] = (byte) (n >>> 8);
                out[at[0] + 3] = (byte) n;
                System.arraycopy(data.array(), 0, out, at[0] + 4, n);
                at[0] += 4 + (int) XdrReader.padded(n); // the padding is already zero
            }
        });
        return out;
    }

    /** Receives a message in order: runs of encoded XDR and the large opaques kept by reference. */
    public interface Sink {
        /** Encoded XDR, a multiple of four bytes long. */
        void encoded(byte[] xdr, int off, int len);

        /** A variable-length opaque still to be encoded: its length, its bytes and their padding. */
        void opaque(Bytes data);
    }

    /** Hands the message to {@code sink} in order, the large opaques without copying them. */
    public void writeTo(Sink sink) {
        int from = 0;
        for (int i = 0; i < deferred.size(); i++) {
            int at = deferredAt[i];
            if (at > from) {
                sink.encoded(buf, from, at - from);
            }
            sink.opaque(deferred.get(i));
            from = at;
        }
        if (pos > from) {
            sink.encoded(buf, from, pos - from);
        }
    }
}
