package dev.estuary.smb.internal.rpc;

import dev.estuary.smb.internal.codec.Bytes;
import java.nio.charset.StandardCharsets;

/**
 * Reads NDR 2.0 stub data, little-endian ([C706] 14.2), bounds-checked: every read that would pass the end
 * fails with {@link RpcDecodeException} (RPC_X_BAD_STUB_DATA), and string counts are checked against a
 * limit and against the bytes present before anything is copied.
 */
final class NdrReader {
  private final byte[] data;
  private int pos;

  NdrReader(Bytes stub) {
    this.data = stub.toArray();
  }

  private void align(int n) throws RpcDecodeException {
    int pad = (n - (pos % n)) % n;
    need(pad, "alignment");
    pos += pad;
  }

  private void need(long n, String field) throws RpcDecodeException {
    if (n < 0 || pos + n > data.length) {
      throw new RpcDecodeException(RpcPdu.NCA_S_FAULT_NDR, field + ": " + n + " bytes at " + pos + " (expected:"
          + " within the " + data.length + "-byte stub)");
    }
  }

  /** An unsigned long (aligned to 4). */
  long u32(String field) throws RpcDecodeException {
    align(4);
    need(4, field);
    long v = (data[pos] & 0xFFL) | (data[pos + 1] & 0xFFL) << 8 | (data[pos + 2] & 0xFFL) << 16
        | (data[pos + 3] & 0xFFL) << 24;
    pos += 4;
    return v;
  }

  /** A unique pointer's referent id; true when not null. */
  boolean pointer(String field) throws RpcDecodeException {
    return u32(field) != 0;
  }

  /**
   * A conformant varying {@code [string] wchar_t} array: offset 0, actual count at most the maximum and at
   * most {@code maxChars}, ending in exactly one NUL that is not part of the returned string.
   */
  String string(String field, int maxChars) throws RpcDecodeException {
    long max = u32(field + " max_count");
    long offset = u32(field + " offset");
    long actual = u32(field + " actual_count");
    if (offset != 0 || actual > max || actual < 1 || actual > maxChars + 1L) {
      throw new RpcDecodeException(RpcPdu.NCA_S_FAULT_NDR, field + ": max_count " + max + " offset " + offset
          + " actual_count " + actual + " (expected: offset 0, 1 <= actual <= max_count, <= " + (maxChars + 1)
          + " characters with the NUL)");
    }
    need(actual * 2, field + " characters");
    int bytes = (int) actual * 2;
    if (data[pos + bytes - 2] != 0 || data[pos + bytes - 1] != 0) {
      throw new RpcDecodeException(RpcPdu.NCA_S_FAULT_NDR, field + ": last character not NUL (expected: a"
          + " NUL-terminated [string])");
    }
    String s = new String(data, pos, bytes - 2, StandardCharsets.UTF_16LE);
    pos += bytes;
    if (s.indexOf('\0') >= 0) {
      throw new RpcDecodeException(RpcPdu.NCA_S_FAULT_NDR, field + ": NUL inside the string (expected: one"
          + " terminating NUL)");
    }
    return s;
  }

  /** Fails unless every byte was read (trailing alignment padding aside). */
  void end(String what) throws RpcDecodeException {
    if (data.length - pos >= 8 || data.length < pos) {
      throw new RpcDecodeException(RpcPdu.NCA_S_FAULT_NDR, what + ": " + (data.length - pos) + " bytes left over"
          + " (expected: none)");
    }
  }
}
