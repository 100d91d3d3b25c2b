package dev.estuary.smb.internal.ops;

import static dev.estuary.smb.internal.ops.FilesFixture.READ;
import static dev.estuary.smb.internal.ops.FilesFixture.READ_WRITE_DELETE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.smb.internal.codec.Directory;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.Fscc;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.OutputResponse;
import dev.estuary.smb.testing.SmbTestServer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** QUERY_DIRECTORY ([MS-SMB2] 3.3.5.18) through {@link QueryDirectoryHandler}. */
class QueryDirectoryHandlerTest {
  private static SmbTestServer server;
  private static FilesFixture f;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
    f = new FilesFixture(server, SmbTestServer.USER);
    f.close(f.open("List", READ, CreateHandler.FILE_CREATE, CreateHandler.FILE_DIRECTORY_FILE));
    for (int i = 0; i < 40; i++) {
      f.close(f.open("List\\file-" + i + (i % 2 == 0 ? ".mov" : ".TXT"), READ_WRITE_DELETE,
          CreateHandler.FILE_CREATE, 0));
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static SmbReply query(FileId dir, int cls, int flags, String pattern, int out) {
    return f.call(new QueryDirectoryHandler(server.services()), new Directory.QueryRequest(cls, flags, 0, dir,
        pattern, out));
  }

  /** The names of a response buffer, following NextEntryOffset. */
  static List<String> names(SmbReply r, int cls) {
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    byte[] b = ((OutputResponse) r.body()).output().toArray();
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    List<String> out = new ArrayList<>();
    int pos = 0;
    while (true) {
      assertThat(pos % 8).isZero();
      int next = buf.getInt(pos);
      int lenAt = cls == Fscc.FILE_NAMES_INFORMATION ? 8 : 60;
      int len = buf.getInt(pos + lenAt);
      int nameAt = pos + Fscc.directoryEntryFixedSize(cls);
      out.add(new String(b, nameAt, len, StandardCharsets.UTF_16LE));
      if (next == 0) {
        return out;
      }
      pos += next;
    }
  }

  @Test
  void smallBuffersResumeWithoutLossOrRepeatInEveryClass() {
    for (int cls : new int[] {Fscc.FILE_ID_BOTH_DIRECTORY_INFORMATION, Fscc.FILE_BOTH_DIRECTORY_INFORMATION,
        Fscc.FILE_DIRECTORY_INFORMATION, Fscc.FILE_FULL_DIRECTORY_INFORMATION,
        Fscc.FILE_ID_FULL_DIRECTORY_INFORMATION, Fscc.FILE_NAMES_INFORMATION}) {
      FileId dir = f.open("list", READ, CreateHandler.FILE_OPEN, 0);
      List<String> all = new ArrayList<>();
      SmbReply r;
      while ((r = query(dir, cls, 0, "*", 400)).status() == NtStatus.SUCCESS) {
        all.addAll(names(r, cls));
      }
      assertThat(r.status()).isEqualTo(NtStatus.NO_MORE_FILES);
      assertThat(all).hasSize(42).doesNotHaveDuplicates().contains(".", "..", "file-0.mov", "file-39.TXT");
      f.close(dir);
    }
  }

  @Test
  void patternsRestartSingleEntryAndFirstTimeNoSuchFile() {
    FileId dir = f.open("list", READ, CreateHandler.FILE_OPEN, 0);
    int cls = Fscc.FILE_ID_BOTH_DIRECTORY_INFORMATION;
    assertThat(names(query(dir, cls, 0, "*.txt", 65536), cls)).hasSize(20).allMatch(n -> n.endsWith(".TXT"));
    assertThat(query(dir, cls, 0, "*.txt", 65536).status()).isEqualTo(NtStatus.NO_MORE_FILES);
    assertThat(names(query(dir, cls, Directory.RESTART_SCANS | Directory.RETURN_SINGLE_ENTRY, "FILE-3.txt",
        65536), cls)).containsExactly("file-3.TXT");
    assertThat(query(dir, cls, Directory.REOPEN, "nothing*", 65536).status()).isEqualTo(NtStatus.NO_SUCH_FILE);
    assertThat(names(query(dir, cls, Directory.RESTART_SCANS | Directory.RETURN_SINGLE_ENTRY, "*", 65536), cls))
        .containsExactly(".");
    assertThat(query(dir, 99, 0, "*", 65536).status()).isEqualTo(NtStatus.INVALID_INFO_CLASS);
    assertThat(query(dir, cls, Directory.RESTART_SCANS, "*", 50).status()).isEqualTo(NtStatus.INFO_LENGTH_MISMATCH);
    FileId file = f.open("list\\file-0.mov", READ, CreateHandler.FILE_OPEN, 0);
    assertThat(query(file, cls, 0, "*", 65536).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
  }

  @Test
  void aFileTheCallerCannotReadIsListedWithDefaultAttributes() {
    f.close(f.open("Private", READ, CreateHandler.FILE_CREATE, CreateHandler.FILE_DIRECTORY_FILE));
    var dir = f.volume().resolve("Private", false);
    f.volume().create(dir.id(), "secret.bin", 0600, dev.estuary.dfs.Ownership.ROOT, true);
    FilesFixture reader = new FilesFixture(server, SmbTestServer.READER);
    FileId id = reader.open("private", READ, CreateHandler.FILE_OPEN, 0);
    SmbReply r = reader.call(new QueryDirectoryHandler(server.services()), new Directory.QueryRequest(
        Fscc.FILE_ID_BOTH_DIRECTORY_INFORMATION, 0, 0, id, "*", 65536));
    assertThat(names(r, Fscc.FILE_ID_BOTH_DIRECTORY_INFORMATION)).containsExactly(".", "..", "secret.bin");
  }

  @Test
  void entriesCarryTheFileNumberAndAttributes() {
    FileId dir = f.open("list", READ, CreateHandler.FILE_OPEN, 0);
    SmbReply r = query(dir, Fscc.FILE_ID_BOTH_DIRECTORY_INFORMATION, 0, "file-1.txt", 65536);
    byte[] b = ((OutputResponse) r.body()).output().toArray();
    ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(buf.getInt(56)).isEqualTo(SmbFiles.ATTR_ARCHIVE);
    assertThat(buf.getLong(96)).isEqualTo(f.volume().resolve("List/file-1.TXT", false).fileNumber());
  }
}
