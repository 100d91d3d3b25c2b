package dev.estuary.smb.internal.ops;

import static dev.estuary.smb.internal.ops.FilesFixture.READ_WRITE_DELETE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Create;
import dev.estuary.smb.internal.codec.CreateContext;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.Fscc;
import dev.estuary.smb.internal.codec.FullEa;
import dev.estuary.smb.internal.codec.Info;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.OutputResponse;
import dev.estuary.smb.testing.SmbTestServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Extended attributes through CREATE (ExtA), SET_INFO and QUERY_INFO (FileFullEaInformation,
 * FileEaInformation): kept as the backend's {@code user.} xattrs, which NFS shows too.
 */
class EaHandlersTest {
  private static SmbTestServer server;
  private static FilesFixture f;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
    f = new FilesFixture(server, SmbTestServer.USER);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Bytes list(FullEa... eas) {
    ByteBuf b = Unpooled.buffer();
    FullEa.encodeList(b, List.of(eas));
    return Bytes.of(ByteBufUtil.getBytes(b));
  }

  private static FullEa ea(String name, String value) {
    return new FullEa(0, name, Bytes.of(value.getBytes(StandardCharsets.UTF_8)));
  }

  private static SmbReply query(FileId id, int flags, int out) {
    return f.call(new QueryInfoHandler(server.services()), new Info.QueryRequest(Info.INFO_FILE,
        Fscc.FILE_FULL_EA_INFORMATION, out, Bytes.EMPTY, 0, flags, id));
  }

  private static List<FullEa> eas(SmbReply r) throws Exception {
    return FullEa.decodeList(((OutputResponse) r.body()).output());
  }

  @Test
  void eaBufferAtCreateSetQueryAndRemove() throws Exception {
    SmbReply c = f.create(FilesFixture.create("ea.txt", READ_WRITE_DELETE | SmbFiles.FILE_READ_EA
        | SmbFiles.FILE_WRITE_EA, 7, CreateHandler.FILE_CREATE, 0,
        CreateContext.of(CreateContext.EXTA, list(ea("ONE", "first"), ea("Two", "second")))));
    assertThat(c.status()).isEqualTo(NtStatus.SUCCESS);
    FileId id = ((Create.Response) c.body()).fileId();
    var a = f.volume().resolve("ea.txt", false);
    // The backend's user. xattrs, as NFS and a Linux host name them.
    assertThat(f.volume().getXattr(a.id(), "user.ONE")).isEqualTo("first".getBytes(StandardCharsets.UTF_8));
    assertThat(eas(query(id, QueryInfoHandler.SL_RESTART_SCAN, 4096))).extracting(FullEa::name)
        .containsExactlyInAnyOrder("ONE", "Two");
    // Set replaces ignoring case, an empty value removes.
    SmbReply s = f.call(new SetInfoHandler(server.services()), new Info.SetRequest(Info.INFO_FILE,
        Fscc.FILE_FULL_EA_INFORMATION, 0, id, list(ea("one", "again"), new FullEa(0, "TWO", Bytes.EMPTY))));
    assertThat(s.status()).isEqualTo(NtStatus.SUCCESS);
    List<FullEa> now = eas(query(id, QueryInfoHandler.SL_RESTART_SCAN, 4096));
    assertThat(now).extracting(FullEa::name).containsExactly("one");
    assertThat(now.get(0).value()).isEqualTo(Bytes.of("again".getBytes(StandardCharsets.UTF_8)));
    SmbReply size = f.call(new QueryInfoHandler(server.services()), new Info.QueryRequest(Info.INFO_FILE,
        Fscc.FILE_EA_INFORMATION, 4, Bytes.EMPTY, 0, 0, id));
    assertThat(ByteBuffer.wrap(((OutputResponse) size.body()).output().toArray()).order(ByteOrder.LITTLE_ENDIAN)
        .getInt(0)).isEqualTo(FullEa.listSize(now));
    // The gateway's own xattrs are no EAs.
    assertThat(now).noneMatch(e -> e.name().startsWith("estuary"));
  }

  @Test
  void singleEntriesNamesAndLimits() throws Exception {
    FileId id = f.open("ea2.txt", READ_WRITE_DELETE | SmbFiles.FILE_READ_EA | SmbFiles.FILE_WRITE_EA,
        CreateHandler.FILE_CREATE, 0);
    assertThat(query(id, QueryInfoHandler.SL_RESTART_SCAN, 4096).status()).isEqualTo(NtStatus.NO_EAS_ON_FILE);
    f.call(new SetInfoHandler(server.services()), new Info.SetRequest(Info.INFO_FILE,
        Fscc.FILE_FULL_EA_INFORMATION, 0, id, list(ea("A", "1"), ea("B", "2"))));
    int single = QueryInfoHandler.SL_RETURN_SINGLE_ENTRY;
    assertThat(eas(query(id, single | QueryInfoHandler.SL_RESTART_SCAN, 4096))).hasSize(1);
    assertThat(eas(query(id, single, 4096))).hasSize(1);
    assertThat(query(id, single, 4096).status()).isEqualTo(NtStatus.NO_MORE_EAS);
    assertThat(query(id, QueryInfoHandler.SL_RESTART_SCAN, 4).status()).isEqualTo(NtStatus.BUFFER_TOO_SMALL);
    assertThat(query(id, QueryInfoHandler.SL_RESTART_SCAN, 12).status()).isEqualTo(NtStatus.BUFFER_OVERFLOW);
    assertThat(f.call(new SetInfoHandler(server.services()), new Info.SetRequest(Info.INFO_FILE,
        Fscc.FILE_FULL_EA_INFORMATION, 0, id, list(ea("bad:name", "x")))).status())
        .isEqualTo(NtStatus.INVALID_EA_NAME);
    assertThat(f.call(new SetInfoHandler(server.services()), new Info.SetRequest(Info.INFO_FILE,
        Fscc.FILE_FULL_EA_INFORMATION, 0, id, Bytes.of(new byte[] {0, 0, 0, 0, 0, 9, 0, 0}))).status())
        .isEqualTo(NtStatus.EA_LIST_INCONSISTENT);
    FileId noEa = f.open("ea2.txt", SmbFiles.FILE_READ_DATA, CreateHandler.FILE_OPEN, 0);
    assertThat(query(noEa, 0, 4096).status()).isEqualTo(NtStatus.ACCESS_DENIED);
  }
}
