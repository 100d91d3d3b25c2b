package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One SMB2_CREATE_CONTEXT ([MS-SMB2] 2.2.13.2): Next (4), NameOffset (2), NameLength (2), Reserved (2),
 * DataOffset (2), DataLength (4), Buffer. Parsed generically (name + data); the typed readers below decode
 * the data of the contexts smb.md §1.5 lists, each validating its own length.
 *
 * @param name the context name (a 4-byte tag such as {@code MxAc}, or a 16-byte GUID)
 * @param data the context data
 */
public record CreateContext(Bytes name, Bytes data) {
  /** Most contexts in one CREATE; Windows sends fewer than 10. */
  public static final int MAX_COUNT = 32;

  /** SMB2_CREATE_EA_BUFFER. */
  public static final String EXTA = "ExtA";
  /** SMB2_CREATE_SD_BUFFER. */
  public static final String SECD = "SecD";
  /** SMB2_CREATE_DURABLE_HANDLE_REQUEST. */
  public static final String DHNQ = "DHnQ";
  /** SMB2_CREATE_DURABLE_HANDLE_RECONNECT. */
  public static final String DHNC = "DHnC";
  /** SMB2_CREATE_ALLOCATION_SIZE. */
  public static final String ALSI = "AlSi";
  /** SMB2_CREATE_QUERY_MAXIMAL_ACCESS_REQUEST. */
  public static final String MXAC = "MxAc";
  /** SMB2_CREATE_TIMEWARP_TOKEN. */
  public static final String TWRP = "TWrp";
  /** SMB2_CREATE_QUERY_ON_DISK_ID. */
  public static final String QFID = "QFid";
  /** SMB2_CREATE_REQUEST_LEASE (v1 and v2). */
  public static final String RQLS = "RqLs";
  /** SMB2_CREATE_DURABLE_HANDLE_REQUEST_V2. */
  public static final String DH2Q = "DH2Q";
  /** SMB2_CREATE_DURABLE_HANDLE_RECONNECT_V2. */
  public static final String DH2C = "DH2C";
  /** Apple's extension (not in MS-SMB2). */
  public static final String AAPL = "AAPL";

  /** Validates. */
  public CreateContext {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(data, "data");
  }

  /** A context with a four-character tag name. */
  public static CreateContext of(String tag, Bytes data) {
    return new CreateContext(Bytes.of(tag.getBytes(StandardCharsets.US_ASCII)), data);
  }

  /** Whether the name is the four-character {@code tag}. */
  public boolean is(String tag) {
    return name.equals(Bytes.of(tag.getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * Decodes the chain at header offset {@code offset}, {@code length} bytes long. Every Next, name and data
   * must stay inside the chain; Next must be 8-byte aligned and move forward (2.2.13.2: "MUST be 8-byte
   * aligned"), so a loop or an overlap is refused, not followed.
   */
  static List<CreateContext> decodeChain(BodyReader r, long offset, long length) throws SmbDecodeException {
    if (length == 0) {
      return List.of();
    }
    r.checkBuffer("CreateContexts", offset, length, Integer.MAX_VALUE);
    List<CreateContext> list = new ArrayList<>();
    long pos = offset;
    long end = offset + length;
    while (true) {
      if (list.size() == MAX_COUNT) {
        throw new SmbDecodeException("CreateContexts: more than " + MAX_COUNT + " (expected: at most "
            + MAX_COUNT + ")");
      }
      if (pos + 16 > end) {
        throw new SmbDecodeException("create context at " + pos + ": 16-byte header past the chain end " + end);
      }
      int rel = (int) (pos - Smb2Header.SIZE);
      long next = r.u32(rel);
      int nameOff = r.u16(rel + 4);
      int nameLen = r.u16(rel + 6);
      int dataOff = r.u16(rel + 10);
      long dataLen = r.u32(rel + 12);
      long ctxEnd = next == 0 ? end : pos + next;
      if (next != 0 && ((next & 7) != 0 || next < 16 || ctxEnd > end)) {
        throw new SmbDecodeException("create context Next: " + next + " (expected: a multiple of 8, >= 16, within"
            + " the chain)");
      }
      if (nameLen < 4 || nameOff < 16 || pos + nameOff + nameLen > ctxEnd) {
        // Names are tags of at least 4 bytes (2.2.13.2 lists only 4-byte tags and 16-byte GUIDs); Windows and
        // Samba refuse a shorter one with STATUS_INVALID_PARAMETER, and ignore longer unknown ones.
        throw new SmbDecodeException("create context name: offset " + nameOff + " length " + nameLen
            + " (expected: at least 4 bytes, inside the context)");
      }
      if (dataLen != 0 && (dataOff < 16 || pos + dataOff + dataLen > ctxEnd)) {
        throw new SmbDecodeException("create context data: offset " + dataOff + " length " + dataLen
            + " (expected: inside the context)");
      }
      Bytes name = r.buffer("create context name", pos + nameOff, nameLen, 0xFFFF);
      Bytes data = r.buffer("create context data", pos + dataOff, dataLen, length);
      list.add(new CreateContext(name, data));
      if (next == 0) {
        return List.copyOf(list);
      }
      pos += next;
    }
  }

  /** Writes the chain; returns its length (0 if empty). Starts 8-aligned relative to {@code headerStart}. */
  static int encodeChain(ByteBuf out, List<CreateContext> contexts) {
    int start = out.writerIndex();
    for (int i = 0; i < contexts.size(); i++) {
      CreateContext c = contexts.get(i);
      int at = out.writerIndex();
      int nameOff = 16;
      int dataOff = c.data.isEmpty() ? 0 : Wire.align8(nameOff + c.name.length());
      out.writeIntLE(0);
      out.writeShortLE(nameOff);
      out.writeShortLE(c.name.length());
      out.writeShortLE(0);
      out.writeShortLE(dataOff);
      out.writeIntLE(c.data.length());
      c.name.writeTo(out);
      if (!c.data.isEmpty()) {
        out.writeZero(at + dataOff - out.writerIndex());
        c.data.writeTo(out);
      }
      if (i + 1 < contexts.size()) {
        int len = out.writerIndex() - at;
        out.writeZero(Wire.align8(len) - len);
        out.setIntLE(at, out.writerIndex() - at);
      }
    }
    return out.writerIndex() - start;
  }

  private ByteBuf dataBuf(int expectedMin, String what) throws SmbDecodeException {
    if (data.length() < expectedMin) {
      throw new SmbDecodeException(what + " data: " + data.length() + " bytes (expected: >= " + expectedMin + ")");
    }
    return Unpooled.wrappedBuffer(data.asReadOnlyBuffer());
  }

  /**
   * MxAc request data (2.2.13.2.5): empty or an 8-byte Timestamp. Returns the timestamp, or 0 if absent.
   */
  public long maximalAccessTimestamp() throws SmbDecodeException {
    if (data.isEmpty()) {
      return 0;
    }
    if (data.length() != 8) {
      throw new SmbDecodeException("MxAc data: " + data.length() + " bytes (expected: 0 or 8)");
    }
    return dataBuf(8, MXAC).readLongLE();
  }

  /** AlSi data (2.2.13.2.6): AllocationSize. */
  public long allocationSize() throws SmbDecodeException {
    if (data.length() != 8) {
      throw new SmbDecodeException("AlSi data: " + data.length() + " bytes (expected: 8)");
    }
    return dataBuf(8, ALSI).readLongLE();
  }

  /** TWrp data (2.2.13.2.7): Timestamp. */
  public long timewarpTimestamp() throws SmbDecodeException {
    if (data.length() != 8) {
      throw new SmbDecodeException("TWrp data: " + data.length() + " bytes (expected: 8)");
    }
    return dataBuf(8, TWRP).readLongLE();
  }

  /**
   * RqLs data: lease v1 (2.2.13.2.8, 32 bytes) or v2 (2.2.13.2.10, 52 bytes).
   *
   * @param leaseKey LeaseKey
   * @param leaseState LeaseState
   * @param flags Flags
   * @param parentLeaseKey ParentLeaseKey (v2; zeros in v1)
   * @param epoch Epoch (v2; 0 in v1)
   * @param version 1 or 2
   */
  public record Lease(Bytes leaseKey, int leaseState, int flags, Bytes parentLeaseKey, int epoch, int version) {}

  /** Decodes RqLs data. */
  public Lease lease() throws SmbDecodeException {
    if (data.length() != 32 && data.length() != 52) {
      throw new SmbDecodeException("RqLs data: " + data.length() + " bytes (expected: 32 or 52)");
    }
    ByteBuf b = dataBuf(32, RQLS);
    Bytes key = read(b, 16);
    int state = b.readIntLE();
    int flags = b.readIntLE();
    b.skipBytes(8); // LeaseDuration
    if (data.length() == 32) {
      return new Lease(key, state, flags, Bytes.zeros(16), 0, 1);
    }
    Bytes parent = read(b, 16);
    int epoch = b.readUnsignedShortLE();
    return new Lease(key, state, flags, parent, epoch, 2);
  }

  /**
   * DH2Q data (2.2.13.2.11, 32 bytes).
   *
   * @param timeout Timeout (ms)
   * @param flags Flags (SMB2_DHANDLE_FLAG_PERSISTENT)
   * @param createGuid CreateGuid
   */
  public record DurableV2Request(int timeout, int flags, Bytes createGuid) {}

  /** Decodes DH2Q data. */
  public DurableV2Request durableV2Request() throws SmbDecodeException {
    if (data.length() != 32) {
      throw new SmbDecodeException("DH2Q data: " + data.length() + " bytes (expected: 32)");
    }
    ByteBuf b = dataBuf(32, DH2Q);
    int timeout = b.readIntLE();
    int flags = b.readIntLE();
    b.skipBytes(8);
    return new DurableV2Request(timeout, flags, read(b, 16));
  }

  /** DHnC data (2.2.13.2.4, 16 bytes): the FileId to reconnect. */
  public FileId durableReconnect() throws SmbDecodeException {
    if (data.length() != 16) {
      throw new SmbDecodeException("DHnC data: " + data.length() + " bytes (expected: 16)");
    }
    ByteBuf b = dataBuf(16, DHNC);
    return new FileId(b.readLongLE(), b.readLongLE());
  }

  /**
   * DH2C data (2.2.13.2.12, 36 bytes).
   *
   * @param fileId FileId
   * @param createGuid CreateGuid
   * @param flags Flags
   */
  public record DurableV2Reconnect(FileId fileId, Bytes createGuid, int flags) {}

  /** Decodes DH2C data. */
  public DurableV2Reconnect durableV2Reconnect() throws SmbDecodeException {
    if (data.length() != 36) {
      throw new SmbDecodeException("DH2C data: " + data.length() + " bytes (expected: 36)");
    }
    ByteBuf b = dataBuf(36, DH2C);
    FileId id = new FileId(b.readLongLE(), b.readLongLE());
    return new DurableV2Reconnect(id, read(b, 16), b.readIntLE());
  }

  /** MxAc response data (2.2.14.2.5): QueryStatus then MaximalAccess. */
  public static CreateContext maximalAccessResponse(NtStatus status, int maximalAccess) {
    ByteBuf b = Unpooled.buffer(8);
    b.writeIntLE(status.code());
    b.writeIntLE(maximalAccess);
    return of(MXAC, Bytes.of(b.array()));
  }

  /** QFid response data (2.2.14.2.9): DiskFileId (16) then VolumeId (16). */
  public static CreateContext onDiskIdResponse(long fileNumber, long volumeId) {
    ByteBuf b = Unpooled.buffer(32);
    b.writeLongLE(fileNumber);
    b.writeLongLE(0);
    b.writeLongLE(volumeId);
    b.writeLongLE(0);
    return of(QFID, Bytes.of(b.array()));
  }

  private static Bytes read(ByteBuf b, int n) {
    byte[] a = new byte[n];
    b.readBytes(a);
    return Bytes.of(a);
  }
}
