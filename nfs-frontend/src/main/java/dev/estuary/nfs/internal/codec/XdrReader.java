package dev.estuary.nfs.internal.codec;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads XDR (RFC 4506) from a byte range. Every variable length is checked against the bytes left
 * and against {@link XdrLimits} before anything is allocated, so a hostile length (2^31 opaque, 2^32-1
 * elements) fails with {@link XdrException} and costs nothing. Not thread-safe; one per message.
 */
public final class XdrReader {
    private final byte[] buf;
    private final int end;
    private final XdrLimits limits;
    private int pos;

    /** Reads {@code buf[offset, offset+length)}; the array must not change while it is read. */
    public XdrReader(byte[] buf, int offset, int length, XdrLimits limits) {
        if (offset < 0 || length < 0 || offset > buf.length - length) {
            throw new IllegalArgumentException("range: " + offset + "+" + length
                    + " (expected: within 0.." + buf.length + ")");
        }
        this.buf = buf;
        this.pos = offset;
        this.end = offset + length;
        this.limits = limits;
    }

    /** Reads all of {@code buf}. */
    public XdrReader(byte[] buf, XdrLimits limits) {
        this(buf, 0, buf.length, limits);
    }

    /** @return the limits this reader enforces */
    public XdrLimits limits() {
        return limits;
    }

    /** @return bytes not yet read */
    public int remaining() {
        return end - pos;
    }

    /** @return the read position in the underlying array */
    public int position() {
        return pos;
    }

    private void need(long n, String what) throws XdrException {
        if (n > end - pos) {
            throw new XdrException(what + ": needs " + n + " bytes (expected: at most the "
                    + (end - pos) + " left)");
        }
    }

    /** Reads a 32-bit {@code int} (or {@code unsigned int} as its bit pattern). */
    public int readInt(String what) throws XdrException {
        need(4, what);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16)
                | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    /** Reads a 64-bit {@code hyper} (or {@code unsigned hyper} as its bit pattern). */
    public long readLong(String what) throws XdrException {
        need(8, what);
        long hi = readInt(what) & 0xffffffffL;
        long lo = readInt(what) & 0xffffffffL;
        return (hi << 32) | lo;
    }

    /** Reads a {@code bool}: only 0 and 1 are valid (RFC 4506 §4.4). */
    public boolean readBool(String what) throws XdrException {
        int v = readInt(what);
        if (v != 0 && v != 1) {
            throw new XdrException(what + ": " + v + " (expected: bool 0 or 1)");
        }
        return v == 1;
    }

    /** Reads fixed-length opaque data of {@code n} bytes plus padding (RFC 4506 §4.9). */
    public Bytes readFixedOpaque(int n, String what) throws XdrException {
        if (n < 0) {
            throw new XdrException(what + ": length " + n + " (expected: >= 0)");
        }
        // Padded in long: (2^31-1)+3 overflows an int and would slip past the check below.
        need(padded(n), what);
        int padded = (int) padded(n);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        checkPadding(pos + n, padded - n, what);
        pos += padded;
        return Bytes.wrap(out);
    }

    /**
     * Reads variable-length opaque data (RFC 4506 §4.10) of at most {@code max} bytes (and at most
     * {@link XdrLimits#maxOpaque()}).
     */
    public Bytes readOpaque(int max, String what) throws XdrException {
        int n = readLength(max, what);
        return readFixedOpaque(n, what);
    }

    /** Reads variable-length opaque data limited only by {@link XdrLimits#maxOpaque()}. */
    public Bytes readOpaque(String what) throws XdrException {
        return readOpaque(Integer.MAX_VALUE, what);
    }

    /** Reads an XDR {@code string} that must be well-formed UTF-8 (RFC 8881 §3.2 utf8str_*). */
    public String readString(int max, String what) throws XdrException {
        Bytes b = readOpaque(max, what);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b.array()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new XdrException(what + ": " + b + " (expected: UTF-8)");
        }
    }

    private int readLength(int max, String what) throws XdrException {
        int n = readInt(what + " length");
        int limit = Math.min(max, limits.maxOpaque());
        if (n < 0 || n > limit) {
            throw new XdrException(what + " length: " + Integer.toUnsignedString(n)
                    + " (expected: 0.." + limit + ")");
        }
        need(padded(n), what);
        return n;
    }

    /**
     * Reads the count of a variable-length array whose elements take at least {@code minElementSize}
     * bytes each: the count is refused when larger than {@code max}, {@link XdrLimits#maxArray()}, or
     * than the elements the remaining input could hold.
     */
    public int readCount(int max, int minElementSize, String what) throws XdrException {
        int n = readInt(what + " count");
        int limit = Math.min(max, limits.maxArray());
        if (n < 0 || n > limit) {
            throw new XdrException(what + " count: " + Integer.toUnsignedString(n)
                    + " (expected: 0.." + limit + ")");
        }
        if (minElementSize > 0 && (long) n * minElementSize > end - pos) {
            throw new XdrException(what + " count: " + n + " elements of at least " + minElementSize
                    + " bytes (expected: at most the " + (end - pos) + " bytes left)");
        }
        return n;
    }

    /** Reads an optional-data discriminant ({@code *x}, RFC 4506 §4.19). */
    public boolean readOptional(String what) throws XdrException {
        return readBool(what);
    }

    /** Fails unless every byte was consumed. */
    public void expectEnd(String what) throws XdrException {
        if (pos != end) {
            throw new XdrException(what + ": " + (end - pos) + " bytes after the end (expected: none)");
        }
    }

    private void checkPadding(int from, int n, String what) throws XdrException {
        for (int i = 0; i < n; i++) {
            if (buf[from + i] != 0) {
                throw new XdrException(what + ": padding byte " + buf[from + i] + " (expected: 0)");
            }
        }
    }

    /** @return {@code n} rounded up to a multiple of four, without int overflow */
    static long padded(long n) {
        return (n + 3) & ~3L;
    }
}
