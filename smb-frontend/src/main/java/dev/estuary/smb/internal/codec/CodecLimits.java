package dev.estuary.smb.internal.codec;

/**
 * Upper bounds the decoders enforce before copying anything. The frame cap bounds every allocation; the
 * others make a request that exceeds what the server advertised in NEGOTIATE fail at decode time with
 * STATUS_INVALID_PARAMETER ([MS-SMB2] 3.3.5.12: a WRITE longer than MaxWriteSize) rather than in a handler.
 *
 * @param maxTransactSize MaxTransactSize advertised (QUERY_INFO, SET_INFO, IOCTL, QUERY_DIRECTORY buffers)
 * @param maxReadSize MaxReadSize advertised
 * @param maxWriteSize MaxWriteSize advertised
 */
public record CodecLimits(int maxTransactSize, int maxReadSize, int maxWriteSize) {
  /** Paths and names: 32,767 UTF-16 code units, the Windows path limit ([MS-FSCC] 2.1.5). */
  public static final int MAX_PATH_BYTES = 32_767 * 2;
  /** Security buffers have a 16-bit length on the wire. */
  public static final int MAX_SECURITY_BUFFER = 0xFFFF;
  /** 8 MiB each, Samba's and Windows Server's defaults (smb.md §1.1). */
  public static final CodecLimits DEFAULT = new CodecLimits(8 << 20, 8 << 20, 8 << 20);

  /** Validates. */
  public CodecLimits {
    if (maxTransactSize < 65_536 || maxReadSize < 65_536 || maxWriteSize < 65_536) {
      throw new IllegalArgumentException("limits: " + maxTransactSize + "/" + maxReadSize + "/" + maxWriteSize
          + " (expected: >= 65536 each, the SMB 2.0.2 minimum)");
    }
  }
}
