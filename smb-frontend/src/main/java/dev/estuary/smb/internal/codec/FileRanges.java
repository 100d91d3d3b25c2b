package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * The range payloads of the sparse-file FSCTLs, carried in {@link Ioctl} buffers: FILE_ZERO_DATA_INFORMATION
 * ([MS-FSCC] 2.3.67, FSCTL_SET_ZERO_DATA) and FILE_ALLOCATED_RANGE_BUFFER (2.3.46/2.3.47,
 * FSCTL_QUERY_ALLOCATED_RANGES), both two signed 64-bit values.
 */
public final class FileRanges {
  private FileRanges() {}

  /** The size of either structure. */
  public static final int SIZE = 16;

  /**
   * FILE_ZERO_DATA_INFORMATION.
   *
   * @param fileOffset FileOffset
   * @param beyondFinalZero BeyondFinalZero
   */
  public record ZeroData(long fileOffset, long beyondFinalZero) {
    /**
     * Decodes the IOCTL input; a shorter input is STATUS_INVALID_PARAMETER ([MS-FSA] 2.1.5.10.35).
     *
     * @param input the IOCTL input
     * @return the structure
     */
    public static ZeroData decode(Bytes input) throws SmbDecodeException {
      if (input.length() < SIZE) {
        throw new SmbDecodeException("FILE_ZERO_DATA_INFORMATION: " + input.length() + " bytes (expected: >= 16)");
      }
      ByteBuf b = Unpooled.wrappedBuffer(input.asReadOnlyBuffer());
      return new ZeroData(b.getLongLE(0), b.getLongLE(8));
    }

    /** @return the encoded structure (clients; tests) */
    public Bytes encode() {
      return pair(fileOffset, beyondFinalZero);
    }
  }

  /**
   * FILE_ALLOCATED_RANGE_BUFFER.
   *
   * @param fileOffset FileOffset
   * @param length Length
   */
  public record Range(long fileOffset, long length) {
    /**
     * Decodes the IOCTL input; a shorter input is STATUS_INVALID_PARAMETER ([MS-FSA] 2.1.5.10.22).
     *
     * @param input the IOCTL input
     * @return the queried range
     */
    public static Range decode(Bytes input) throws SmbDecodeException {
      if (input.length() < SIZE) {
        throw new SmbDecodeException("FILE_ALLOCATED_RANGE_BUFFER: " + input.length() + " bytes (expected: >= 16)");
      }
      ByteBuf b = Unpooled.wrappedBuffer(input.asReadOnlyBuffer());
      return new Range(b.getLongLE(0), b.getLongLE(8));
    }

    /** @return the encoded structure */
    public Bytes encode() {
      return pair(fileOffset, length);
    }

    /**
     * Encodes a list of ranges, the output of FSCTL_QUERY_ALLOCATED_RANGES.
     *
     * @param ranges the ranges
     * @return the output buffer
     */
    public static Bytes encode(List<Range> ranges) {
      ByteBuf b = Unpooled.buffer(SIZE * ranges.size());
      for (Range r : ranges) {
        b.writeLongLE(r.fileOffset());
        b.writeLongLE(r.length());
      }
      return Bytes.of(ByteBufUtil.getBytes(b));
    }

    /**
     * Decodes an output buffer (clients; tests).
     *
     * @param output the output buffer, a multiple of 16 bytes
     * @return the ranges
     */
    public static List<Range> decodeAll(Bytes output) throws SmbDecodeException {
      if (output.length() % SIZE != 0) {
        throw new SmbDecodeException("allocated ranges: " + output.length() + " bytes (expected: a multiple of 16)");
      }
      ByteBuf b = Unpooled.wrappedBuffer(output.asReadOnlyBuffer());
      List<Range> out = new ArrayList<>(output.length() / SIZE);
      for (int at = 0; at < output.length(); at += SIZE) {
        out.add(new Range(b.getLongLE(at), b.getLongLE(at + 8)));
      }
      return out;
    }
  }

  private static Bytes pair(long a, long b) {
    ByteBuf out = Unpooled.buffer(SIZE);
    out.writeLongLE(a);
    out.writeLongLE(b);
    return Bytes.of(ByteBufUtil.getBytes(out));
  }
}
