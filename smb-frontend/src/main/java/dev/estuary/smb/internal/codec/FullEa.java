package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Extended attributes as SMB carries them: FILE_FULL_EA_INFORMATION lists ([MS-FSCC] 2.4.15: NextEntryOffset
 * (4), Flags (1), EaNameLength (1), EaValueLength (2), EaName (ASCII, NUL-terminated), EaValue; entries
 * 4-byte aligned) in the ExtA create context, FileFullEaInformation and SET_INFO, and FILE_GET_EA_INFORMATION
 * name lists (2.4.15.1: NextEntryOffset (4), EaNameLength (1), EaName, NUL) in a QUERY_INFO input buffer.
 * Every offset and length is checked against the buffer; a chain that loops or leaves it is
 * STATUS_EA_LIST_INCONSISTENT.
 *
 * @param flags Flags (FILE_NEED_EA 0x80)
 * @param name EaName
 * @param value EaValue (empty: remove the EA when setting)
 */
public record FullEa(int flags, String name, Bytes value) {
  /** The most EAs in one list. */
  public static final int MAX_COUNT = 1024;

  /** Validates. */
  public FullEa {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
  }

  /** @return the size of this entry without the alignment padding */
  public int size() {
    return 8 + name.length() + 1 + value.length();
  }

  /**
   * Decodes a FILE_FULL_EA_INFORMATION list.
   *
   * @param data the list
   * @return the entries
   * @throws SmbDecodeException STATUS_EA_LIST_INCONSISTENT for a malformed list
   */
  public static List<FullEa> decodeList(Bytes data) throws SmbDecodeException {
    byte[] d = data.toArray();
    List<FullEa> out = new ArrayList<>();
    int pos = 0;
    while (true) {
      if (out.size() == MAX_COUNT || pos + 8 > d.length) {
        throw inconsistent("entry at " + pos + " of " + d.length + " bytes");
      }
      long next = (d[pos] & 0xFFL) | (d[pos + 1] & 0xFFL) << 8 | (d[pos + 2] & 0xFFL) << 16 | (d[pos + 3] & 0xFFL) << 24;
      int flags = d[pos + 4] & 0xFF;
      int nameLen = d[pos + 5] & 0xFF;
      int valueLen = (d[pos + 6] & 0xFF) | (d[pos + 7] & 0xFF) << 8;
      int end = pos + 8 + nameLen + 1 + valueLen;
      if (end > d.length || (next != 0 && (next < end - pos || pos + next > d.length))) {
        throw inconsistent("entry at " + pos + ": name " + nameLen + ", value " + valueLen + ", next " + next);
      }
      String name = new String(d, pos + 8, nameLen, StandardCharsets.US_ASCII);
      byte[] value = new byte[valueLen];
      System.arraycopy(d, pos + 8 + nameLen + 1, value, 0, valueLen);
      out.add(new FullEa(flags, name, Bytes.of(value)));
      if (next == 0) {
        return out;
      }
      pos += (int) next;
    }
  }

  /**
   * Decodes a FILE_GET_EA_INFORMATION name list.
   *
   * @param data the list
   * @return the names
   * @throws SmbDecodeException STATUS_EA_LIST_INCONSISTENT for a malformed list
   */
  public static List<String> decodeNames(Bytes data) throws SmbDecodeException {
    byte[] d = data.toArray();
    List<String> out = new ArrayList<>();
    int pos = 0;
    while (true) {
      if (out.size() == MAX_COUNT || pos + 5 > d.length) {
        throw inconsistent("name entry at " + pos + " of " + d.length + " bytes");
      }
      long next = (d[pos] & 0xFFL) | (d[pos + 1] & 0xFFL) << 8 | (d[pos + 2] & 0xFFL) << 16 | (d[pos + 3] & 0xFFL) << 24;
      int nameLen = d[pos + 4] & 0xFF;
      int end = pos + 5 + nameLen;
      if (end > d.length || (next != 0 && (next < end - pos || pos + next > d.length))) {
        throw inconsistent("name entry at " + pos + ": name " + nameLen + ", next " + next);
      }
      out.add(new String(d, pos + 5, nameLen, StandardCharsets.US_ASCII));
      if (next == 0) {
        return out;
      }
      pos += (int) next;
    }
  }

  private static SmbDecodeException inconsistent(String what) {
    return new SmbDecodeException(NtStatus.EA_LIST_INCONSISTENT, "EA list: " + what
        + " (expected: entries inside the buffer, each Next past its end)");
  }

  /**
   * Encodes entries, each 4-byte aligned and linked by NextEntryOffset.
   *
   * @param out where to write
   * @param eas the entries
   */
  public static void encodeList(ByteBuf out, List<FullEa> eas) {
    int start = out.writerIndex();
    int last = -1;
    for (FullEa ea : eas) {
      int at = start + align4(out.writerIndex() - start);
      out.writeZero(at - out.writerIndex());
      if (last >= 0) {
        out.setIntLE(last, at - last);
      }
      byte[] n = ea.name.getBytes(StandardCharsets.US_ASCII);
      out.writeIntLE(0);
      out.writeByte(ea.flags);
      out.writeByte(n.length);
      out.writeShortLE(ea.value.length());
      out.writeBytes(n);
      out.writeByte(0);
      ea.value.writeTo(out);
      last = at;
    }
  }

  /**
   * The size of an encoded list.
   *
   * @param eas the entries
   * @return bytes, the last entry unpadded
   */
  public static int listSize(List<FullEa> eas) {
    int size = 0;
    for (int i = 0; i < eas.size(); i++) {
      size = (i == 0 ? 0 : align4(size)) + eas.get(i).size();
    }
    return size;
  }

  private static int align4(int n) {
    return (n + 3) & ~3;
  }
}
