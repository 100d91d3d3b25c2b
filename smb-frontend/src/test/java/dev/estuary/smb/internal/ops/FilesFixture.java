package dev.estuary.smb.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.Principal;
import dev.estuary.dfs.Volume;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Create;
import dev.estuary.smb.internal.codec.CreateContext;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.FileOps;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SmbDecodeException;
import dev.estuary.smb.internal.codec.SmbMessage;
import dev.estuary.smb.internal.codec.TreeConnect;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;
import dev.estuary.smb.testing.SmbTestServer;
import java.util.List;

/**
 * A real session with a tree connect to the test server's volume, for calling the file handlers directly:
 * the tree comes from {@link TreeConnectHandler}, the opens live in the session's table, the objects in the
 * engine.
 */
final class FilesFixture {
  /** GENERIC_READ | GENERIC_WRITE | DELETE. */
  static final int READ_WRITE_DELETE = 0xC0010000;
  /** FILE_GENERIC_READ. */
  static final int READ = SmbFiles.FILE_GENERIC_READ;
  /** All share modes. */
  static final int SHARE_ALL = 7;

  final SmbTestServer server;
  final ConnectionState connection;
  final SessionState session;
  final TreeState tree;

  FilesFixture(SmbTestServer server, String user) {
    this.server = server;
    this.connection = HandlerFixture.negotiated(Negotiate.SMB_3_1_1, null);
    Principal p = server.services().identity().principal(user).orElseThrow();
    this.session = HandlerFixture.session(connection, p);
    SmbReply r = new TreeConnectHandler(server.services()).handle(HandlerFixture.request(connection,
        new TreeConnect.Request(0, "\\\\server\\" + SmbTestServer.VOLUME), session, null));
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    this.tree = session.trees().get(r.treeId());
  }

  /** The backend volume behind the share. */
  Volume volume() {
    return server.services().dfs().volume(SmbTestServer.VOLUME);
  }

  /**
   * Calls a handler with a request on the fixture's session and tree; a backend error becomes its status
   * through {@link SmbErrors}, and a malformed payload its decode status, as the dispatcher does.
   */
  SmbReply call(SmbHandler h, SmbMessage body) {
    try {
      return h.handle(HandlerFixture.request(connection, body, session, tree));
    } catch (dev.estuary.dfs.DfsException e) {
      return SmbReply.error(SmbErrors.statusOf(e.kind()), body);
    } catch (SmbDecodeException e) {
      return SmbReply.error(e.status(), body);
    } catch (dev.estuary.smb.internal.auth.AuthException e) {
      throw new AssertionError(e);
    }
  }

  /** A CREATE request. */
  static Create.Request create(String name, int access, int share, int disposition, int options,
      CreateContext... contexts) {
    return new Create.Request(0, 0, 2, 0, access, 0, share, disposition, options, name, List.of(contexts));
  }

  /** CREATE through the handler. */
  SmbReply create(Create.Request c) {
    return call(new CreateHandler(server.services()), c);
  }

  /** Opens (or creates) and returns the FileId, failing the test on an error. */
  FileId open(String name, int access, int disposition, int options) {
    SmbReply r = create(create(name, access, SHARE_ALL, disposition, options));
    assertThat(r.status()).as("CREATE %s", name).isEqualTo(NtStatus.SUCCESS);
    return ((Create.Response) r.body()).fileId();
  }

  /** CLOSE through the handler. */
  SmbReply close(FileId id) {
    return call(new CloseHandler(server.services()), new FileOps.CloseRequest(0, id));
  }

  /** Bytes of a string. */
  static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
