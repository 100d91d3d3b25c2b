package dev.estuary.nfs.internal.codec;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable opaque byte string (XDR {@code opaque}): file handles, verifiers, owners, names as sent.
 * Names stay bytes in the codec because RFC 8881 §14.5 makes bad UTF-8 an NFS4ERR_INVAL of the
 * operation, not an XDR error; {@link #utf8()} is the strict check a handler uses.
 */
public final class Bytes {
    /** The empty byte string. */
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] bytes;

    private Bytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** @return a copy of {@code bytes} */
    public static Bytes of(byte... bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
    }

    /** @return the UTF-8 encoding of {@code s} */
    public static Bytes utf8(String s) {
        return new Bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** Wraps an array the caller never touches again (decoder-owned copies). */
    static Bytes wrap(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes);
    }

    /**
     * Takes an array the caller filled and never touches again, without copying it: the data of a READ
     * (up to 1 MiB) is read into its own array once and then only encoded.
     */
    public static Bytes adopt(byte[] bytes) {
        return wrap(bytes);
    }

    /** @return a read-only buffer over the bytes, without copying (the data of a WRITE on its way to the backend) */
    public java.nio.ByteBuffer asReadOnlyBuffer() {
        return java.nio.ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    /** @return the number of bytes */
    public int length() {
        return bytes.length;
    }

    /** @return a copy of the bytes */
    public byte[] toArray() {
        return bytes.clone();
    }

    byte[] array() {
        return bytes;
    }

    /**
     * Decodes strictly as UTF-8.
     *
     * @throws CharacterCodingException when the bytes are not well-formed UTF-8
     */
    public String utf8() throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(bytes))
                .toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return bytes.length <= 64 ? HexFormat.of().formatHex(bytes)
                : HexFormat.of().formatHex(bytes, 0, 64) + "...(" + bytes.length + " bytes)";
    }
}
