package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The [MS-FSCC] information structures the file commands answer with: directory entries (2.4, as
 * QUERY_DIRECTORY returns them), file information (2.4) and file system information (2.5). Values come
 * in as a {@link FileInfo}; this class only lays out bytes.
 */
public final class Fscc {
  private Fscc() {}

  // ---- FileInformationClass values ([MS-FSCC] 2.4) ----
  /** FileDirectoryInformation. */
  public static final int FILE_DIRECTORY_INFORMATION = 1;
  /** FileFullDirectoryInformation. */
  public static final int FILE_FULL_DIRECTORY_INFORMATION = 2;
  /** FileBothDirectoryInformation. */
  public static final int FILE_BOTH_DIRECTORY_INFORMATION = 3;
  /** FileBasicInformation. */
  public static final int FILE_BASIC_INFORMATION = 4;
  /** FileStandardInformation. */
  public static final int FILE_STANDARD_INFORMATION = 5;
  /** FileInternalInformation. */
  public static final int FILE_INTERNAL_INFORMATION = 6;
  /** FileEaInformation. */
  public static final int FILE_EA_INFORMATION = 7;
  /** FileAccessInformation. */
  public static final int FILE_ACCESS_INFORMATION = 8;
  /** FileNameInformation. */
  public static final int FILE_NAME_INFORMATION = 9;
  /** FileRenameInformation. */
  public static final int FILE_RENAME_INFORMATION = 10;
  /** FileLinkInformation. */
  public static final int FILE_LINK_INFORMATION = 11;
  /** FileNamesInformation. */
  public static final int FILE_NAMES_INFORMATION = 12;
  /** FileDispositionInformation. */
  public static final int FILE_DISPOSITION_INFORMATION = 13;
  /** FilePositionInformation. */
  public static final int FILE_POSITION_INFORMATION = 14;
  /** FileFullEaInformation. */
  public static final int FILE_FULL_EA_INFORMATION = 15;
  /** FileModeInformation. */
  public static final int FILE_MODE_INFORMATION = 16;
  /** FileAlignmentInformation. */
  public static final int FILE_ALIGNMENT_INFORMATION = 17;
  /** FileAllInformation. */
  public static final int FILE_ALL_INFORMATION = 18;
  /** FileAllocationInformation. */
  public static final int FILE_ALLOCATION_INFORMATION = 19;
  /** FileEndOfFileInformation. */
  public static final int FILE_END_OF_FILE_INFORMATION = 20;
  /** FileAlternateNameInformation. */
  public static final int FILE_ALTERNATE_NAME_INFORMATION = 21;
  /** FileStreamInformation. */
  public static final int FILE_STREAM_INFORMATION = 22;
  /** FileCompressionInformation. */
  public static final int FILE_COMPRESSION_INFORMATION = 28;
  /** FileNetworkOpenInformation. */
  public static final int FILE_NETWORK_OPEN_INFORMATION = 34;
  /** FileAttributeTagInformation. */
  public static final int FILE_ATTRIBUTE_TAG_INFORMATION = 35;
  /** FileIdBothDirectoryInformation. */
  public static final int FILE_ID_BOTH_DIRECTORY_INFORMATION = 37;
  /** FileIdFullDirectoryInformation. */
  public static final int FILE_ID_FULL_DIRECTORY_INFORMATION = 38;
  /** FileValidDataLengthInformation. */
  public static final int FILE_VALID_DATA_LENGTH_INFORMATION = 39;
  /** FileNormalizedNameInformation. */
  public static final int FILE_NORMALIZED_NAME_INFORMATION = 48;
  /** FileIdInformation. */
  public static final int FILE_ID_INFORMATION = 59;
  /** FileDispositionInformationEx. */
  public static final int FILE_DISPOSITION_INFORMATION_EX = 64;
  /** FileRenameInformationEx. */
  public static final int FILE_RENAME_INFORMATION_EX = 65;

  // ---- FsInformationClass values ([MS-FSCC] 2.5) ----
  /** FileFsVolumeInformation. */
  public static final int FS_VOLUME_INFORMATION = 1;
  /** FileFsSizeInformation. */
  public static final int FS_SIZE_INFORMATION = 3;
  /** FileFsDeviceInformation. */
  public static final int FS_DEVICE_INFORMATION = 4;
  /** FileFsAttributeInformation. */
  public static final int FS_ATTRIBUTE_INFORMATION = 5;
  /** FileFsControlInformation. */
  public static final int FS_CONTROL_INFORMATION = 6;
  /** FileFsFullSizeInformation. */
  public static final int FS_FULL_SIZE_INFORMATION = 7;
  /** FileFsObjectIdInformation. */
  public static final int FS_OBJECT_ID_INFORMATION = 8;
  /** FileFsSectorSizeInformation. */
  public static final int FS_SECTOR_SIZE_INFORMATION = 11;

  /**
   * The values of one object the structures carry.
   *
   * @param creationTime CreationTime (FILETIME)
   * @param lastAccessTime LastAccessTime
   * @param lastWriteTime LastWriteTime
   * @param changeTime ChangeTime
   * @param endOfFile EndOfFile (0 for directories)
   * @param allocationSize AllocationSize
   * @param attributes FileAttributes
   * @param fileId the 64-bit file id (IndexNumber)
   * @param links NumberOfLinks
   * @param deletePending DeletePending
   * @param directory Directory
   */
  public record FileInfo(long creationTime, long lastAccessTime, long lastWriteTime, long changeTime,
      long endOfFile, long allocationSize, int attributes, long fileId, int links, boolean deletePending,
      boolean directory) {}

  /** The fixed size of a directory entry of {@code infoClass}, or -1 for a class QUERY_DIRECTORY does not serve. */
  public static int directoryEntryFixedSize(int infoClass) {
    return switch (infoClass) {
      case FILE_DIRECTORY_INFORMATION -> 64;
      case FILE_FULL_DIRECTORY_INFORMATION -> 68;
      case FILE_BOTH_DIRECTORY_INFORMATION -> 94;
      case FILE_ID_BOTH_DIRECTORY_INFORMATION -> 104;
      case FILE_ID_FULL_DIRECTORY_INFORMATION -> 80;
      case FILE_NAMES_INFORMATION -> 12;
      default -> -1;
    };
  }

  /**
   * The size of one directory entry, without the padding that aligns the next one to 8 bytes.
   *
   * @param infoClass a class {@link #directoryEntryFixedSize} serves
   * @param name the entry name
   * @return the size in bytes
   */
  public static int directoryEntrySize(int infoClass, String name) {
    return directoryEntryFixedSize(infoClass) + 2 * name.length();
  }

  /**
   * Writes one directory entry ([MS-FSCC] 2.4.8, 2.4.10, 2.4.14, 2.4.17, 2.4.18, 2.4.28) with
   * NextEntryOffset 0; the caller links entries.
   *
   * @param out where to write
   * @param infoClass the class
   * @param fileIndex FileIndex
   * @param info the values
   * @param name the entry name
   */
  public static void writeDirectoryEntry(ByteBuf out, int infoClass, int fileIndex, FileInfo info, String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_16LE);
    out.writeIntLE(0);
    out.writeIntLE(fileIndex);
    if (infoClass == FILE_NAMES_INFORMATION) {
      out.writeIntLE(n.length);
      out.writeBytes(n);
      return;
    }
    out.writeLongLE(info.creationTime());
    out.writeLongLE(info.lastAccessTime());
    out.writeLongLE(info.lastWriteTime());
    out.writeLongLE(info.changeTime());
    out.writeLongLE(info.endOfFile());
    out.writeLongLE(info.allocationSize());
    out.writeIntLE(info.attributes());
    out.writeIntLE(n.length);
    switch (infoClass) {
      case FILE_DIRECTORY_INFORMATION -> { }
      case FILE_FULL_DIRECTORY_INFORMATION -> out.writeIntLE(0);
      case FILE_ID_FULL_DIRECTORY_INFORMATION -> {
        out.writeIntLE(0);
        out.writeIntLE(0);
        out.writeLongLE(info.fileId());
      }
      case FILE_BOTH_DIRECTORY_INFORMATION, FILE_ID_BOTH_DIRECTORY_INFORMATION -> {
        out.writeIntLE(0); // EaSize
        out.writeByte(0); // ShortNameLength: no 8.3 names
        out.writeByte(0);
        out.writeZero(24);
        if (infoClass == FILE_ID_BOTH_DIRECTORY_INFORMATION) {
          out.writeShortLE(0);
          out.writeLongLE(info.fileId());
        }
      }
      default -> throw new IllegalArgumentException("FileInformationClass " + infoClass
          + " (expected: a directory class)");
    }
    out.writeBytes(n);
  }

  /** FileBasicInformation (2.4.7, 40 bytes). */
  public static void writeBasic(ByteBuf out, FileInfo i) {
    out.writeLongLE(i.creationTime());
    out.writeLongLE(i.lastAccessTime());
    out.writeLongLE(i.lastWriteTime());
    out.writeLongLE(i.changeTime());
    out.writeIntLE(i.attributes());
    out.writeIntLE(0);
  }

  /** FileStandardInformation (2.4.41, 24 bytes). */
  public static void writeStandard(ByteBuf out, FileInfo i) {
    out.writeLongLE(i.allocationSize());
    out.writeLongLE(i.endOfFile());
    out.writeIntLE(i.links());
    out.writeByte(i.deletePending() ? 1 : 0);
    out.writeByte(i.directory() ? 1 : 0);
    out.writeShortLE(0);
  }

  /** FileNetworkOpenInformation (2.4.29, 56 bytes). */
  public static void writeNetworkOpen(ByteBuf out, FileInfo i) {
    out.writeLongLE(i.creationTime());
    out.writeLongLE(i.lastAccessTime());
    out.writeLongLE(i.lastWriteTime());
    out.writeLongLE(i.changeTime());
    out.writeLongLE(i.allocationSize());
    out.writeLongLE(i.endOfFile());
    out.writeIntLE(i.attributes());
    out.writeIntLE(0);
  }

  /**
   * FileAllInformation (2.4.2): Basic, Standard, Internal, EA, Access, Position, Mode, Alignment, Name.
   *
   * @param out where to write
   * @param i the values
   * @param eaSize EaSize
   * @param access AccessFlags
   * @param position CurrentByteOffset
   * @param mode Mode
   * @param name FileName (the path from the share root with a leading backslash)
   */
  public static void writeAll(ByteBuf out, FileInfo i, int eaSize, int access, long position, int mode,
      String name) {
    Objects.requireNonNull(name, "name");
    writeBasic(out, i);
    writeStandard(out, i);
    out.writeLongLE(i.fileId());
    out.writeIntLE(eaSize);
    out.writeIntLE(access);
    out.writeLongLE(position);
    out.writeIntLE(mode);
    out.writeIntLE(0); // AlignmentRequirement: FILE_BYTE_ALIGNMENT
    writeName(out, name);
  }

  /** FileNameInformation (2.4.27): FileNameLength then the name. */
  public static void writeName(ByteBuf out, String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_16LE);
    out.writeIntLE(n.length);
    out.writeBytes(n);
  }

  /**
   * FileStreamInformation (2.4.43) for a file's one unnamed stream {@code ::$DATA}.
   *
   * @param out where to write
   * @param size StreamSize
   * @param allocation StreamAllocationSize
   */
  public static void writeDataStream(ByteBuf out, long size, long allocation) {
    byte[] n = "::$DATA".getBytes(StandardCharsets.UTF_16LE);
    out.writeIntLE(0);
    out.writeIntLE(n.length);
    out.writeLongLE(size);
    out.writeLongLE(allocation);
    out.writeBytes(n);
  }

  /**
   * FileFsVolumeInformation (2.5.9).
   *
   * @param out where to write
   * @param creationTime VolumeCreationTime
   * @param serial VolumeSerialNumber
   * @param label VolumeLabel
   */
  public static void writeFsVolume(ByteBuf out, long creationTime, int serial, String label) {
    byte[] n = label.getBytes(StandardCharsets.UTF_16LE);
    out.writeLongLE(creationTime);
    out.writeIntLE(serial);
    out.writeIntLE(n.length);
    out.writeByte(0); // SupportsObjects
    out.writeByte(0);
    out.writeBytes(n);
  }

  /**
   * FileFsAttributeInformation (2.5.1).
   *
   * @param out where to write
   * @param attributes FileSystemAttributes
   * @param maxNameLength MaximumComponentNameLength
   * @param fsName FileSystemName
   */
  public static void writeFsAttribute(ByteBuf out, int attributes, int maxNameLength, String fsName) {
    byte[] n = fsName.getBytes(StandardCharsets.UTF_16LE);
    out.writeIntLE(attributes);
    out.writeIntLE(maxNameLength);
    out.writeIntLE(n.length);
    out.writeBytes(n);
  }
}
