package dev.estuary.smb.internal.ops;

import static dev.estuary.smb.internal.ops.FilesFixture.READ;
import static dev.estuary.smb.internal.ops.FilesFixture.READ_WRITE_DELETE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RenameMode;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Directory;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.Info;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.OutputResponse;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.internal.state.ChangeWatch;
import dev.estuary.smb.testing.SmbTestServer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CHANGE_NOTIFY ([MS-SMB2] 3.3.5.19) through {@link ChangeNotifyHandler} over the engine's watch. */
class ChangeNotifyHandlerTest {
  private static final int NAMES = ChangeWatch.CHANGE_FILE_NAME | ChangeWatch.CHANGE_DIR_NAME;

  private static SmbTestServer server;
  private static FilesFixture f;
  private static ChangeNotifyHandler handler;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
    f = new FilesFixture(server, SmbTestServer.USER);
    handler = new ChangeNotifyHandler(server.services().objects());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static FileId dir(String name) {
    return f.open(name, READ, CreateHandler.FILE_OPEN_IF, CreateHandler.FILE_DIRECTORY_FILE);
  }

  private static SmbReply notify(FileId dir, int flags, int filter, int max) {
    return f.call(handler, new Directory.NotifyRequest(flags, max, dir, filter));
  }

  /** The answer now, or the async one once it comes. */
  private static SmbReply answer(SmbReply r) throws Exception {
    if (r.status() != NtStatus.PENDING) {
      return r;
    }
    CompletableFuture<SmbReply> done = new CompletableFuture<>();
    r.async().start(done::complete);
    return done.get(30, TimeUnit.SECONDS);
  }

  /** FILE_NOTIFY_INFORMATION entries as "action name". */
  private static List<String> entries(SmbReply r) {
    Bytes out = ((OutputResponse) r.body()).output();
    ByteBuffer b = ByteBuffer.wrap(out.toArray()).order(ByteOrder.LITTLE_ENDIAN);
    List<String> list = new ArrayList<>();
    int at = 0;
    while (b.remaining() > 0) {
      int next = b.getInt(at);
      int len = b.getInt(at + 8);
      byte[] n = new byte[len];
      b.get(at + 12, n);
      list.add(b.getInt(at + 4) + " " + new String(n, StandardCharsets.UTF_16LE));
      if (next == 0) {
        break;
      }
      assertThat(next % 4).as("entries aligned to 4").isZero();
      at += next;
    }
    return list;
  }

  private static void create(String path) {
    f.close(f.open(path, READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0));
  }

  @Test
  void aWaitingRequestGetsTheNextChangeAndChangesBetweenRequestsAreKept() throws Exception {
    FileId d = dir("n1");
    SmbReply p = notify(d, 0, NAMES, 4096);
    assertThat(p.status()).isEqualTo(NtStatus.PENDING);
    CompletableFuture<SmbReply> done = new CompletableFuture<>();
    p.async().start(done::complete);
    create("n1\\a.txt");
    SmbReply r = done.get(30, TimeUnit.SECONDS);
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(entries(r)).containsExactly("1 a.txt");

    // Between two requests, through the backend as another protocol would: a rename and a create.
    ObjectId dirId = f.volume().resolve("n1", false).id();
    f.volume().rename(dirId, "a.txt", dirId, "b.txt", RenameMode.NO_REPLACE);
    f.volume().create(dirId, "s3.txt", 0644, Ownership.ROOT, true);
    List<String> seen = new ArrayList<>();
    while (seen.size() < 3) {
      SmbReply next = answer(notify(d, 0, NAMES, 4096));
      assertThat(next.status()).isEqualTo(NtStatus.SUCCESS);
      seen.addAll(entries(next));
    }
    assertThat(seen).containsExactly("4 a.txt", "5 b.txt", "1 s3.txt");
    f.close(d);
  }

  /** Starts a waiting request and returns its future answer. */
  private static CompletableFuture<SmbReply> waiting(FileId d, int flags, int filter) {
    SmbReply p = notify(d, flags, filter, 4096);
    assertThat(p.status()).isEqualTo(NtStatus.PENDING);
    CompletableFuture<SmbReply> done = new CompletableFuture<>();
    p.async().start(done::complete);
    return done;
  }

  /**
   * smbtorture smb2.notify.mask-change: a DOS attribute change (kept in an xattr) is reported to
   * FILE_NOTIFY_CHANGE_ATTRIBUTES; a renamed file counts as an attribute change of its new name; and the
   * first request's filter stays for the open's life, later filters notwithstanding.
   */
  @Test
  void attributeChangesAndFileRenamesReachAttributeWatchersAndTheFirstFilterStays() throws Exception {
    FileId d = dir("n8");
    create("n8\\t.txt");
    CompletableFuture<SmbReply> attrs = waiting(d, Directory.WATCH_TREE, ChangeWatch.CHANGE_ATTRIBUTES);
    FileId t = f.open("n8\\t.txt", READ_WRITE_DELETE, CreateHandler.FILE_OPEN, 0);
    ByteBuffer basic = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    basic.putInt(32, SmbFiles.ATTR_HIDDEN);
    assertThat(f.call(new SetInfoHandler(server.services()), new Info.SetRequest(Info.INFO_FILE, 4, 0, t,
        Bytes.of(basic.array()))).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(entries(attrs.get(30, TimeUnit.SECONDS))).containsExactly("3 t.txt");
    // A later request asks for names too, but the open keeps reporting what the first one asked for.
    CompletableFuture<SmbReply> later = waiting(d, Directory.WATCH_TREE, NAMES | ChangeWatch.CHANGE_ATTRIBUTES);
    ObjectId dirId = f.volume().resolve("n8", false).id();
    f.volume().rename(dirId, "t.txt", dirId, "u.txt", RenameMode.NO_REPLACE);
    assertThat(entries(later.get(30, TimeUnit.SECONDS))).containsExactly("3 u.txt");
    f.close(t);
    f.close(d);
  }

  /** smbtorture smb2.notify.rmdir1-4: a watched directory becoming delete-pending ends waiting requests. */
  @Test
  void aWatchedDirectoryBecomingDeletePendingEndsWaitingRequests() throws Exception {
    FileId d = f.open("n9", READ_WRITE_DELETE, CreateHandler.FILE_OPEN_IF, CreateHandler.FILE_DIRECTORY_FILE);
    CompletableFuture<SmbReply> w = waiting(d, 0, NAMES);
    FileId rm = f.open("n9", READ_WRITE_DELETE, CreateHandler.FILE_OPEN,
        CreateHandler.FILE_DIRECTORY_FILE | CreateHandler.FILE_DELETE_ON_CLOSE);
    assertThat(w.isDone()).isFalse();
    f.close(rm);
    SmbReply r = w.get(30, TimeUnit.SECONDS);
    assertThat(r.status()).isEqualTo(NtStatus.DELETE_PENDING);
    assertThat(r.body()).isInstanceOf(dev.estuary.smb.internal.codec.ErrorResponse.class);
    // A later request on the open is answered at once the same way.
    assertThat(notify(d, 0, NAMES, 4096).status()).isEqualTo(NtStatus.DELETE_PENDING);
    f.close(d);
  }

  @Test
  void theCompletionFilterSelectsWhatIsReported() throws Exception {
    FileId d = dir("n2");
    create("n2\\x.bin");
    SmbReply p = notify(d, 0, ChangeWatch.CHANGE_SIZE | ChangeWatch.CHANGE_LAST_WRITE, 4096);
    CompletableFuture<SmbReply> done = new CompletableFuture<>();
    p.async().start(done::complete);
    create("n2\\not-reported.bin");
    FileId x = f.open("n2\\x.bin", READ_WRITE_DELETE, CreateHandler.FILE_OPEN, 0);
    f.call(new WriteHandler(), new ReadWrite.WriteRequest(0, x, 0, 0, Bytes.EMPTY, 0, FilesFixture.utf8("data")));
    SmbReply r = done.get(30, TimeUnit.SECONDS);
    assertThat(entries(r)).containsExactly("3 x.bin");
    f.close(x);
    f.close(d);
  }

  @Test
  void watchTreeNamesChangesBelowWithTheirRelativePath() throws Exception {
    FileId d = dir("n3");
    f.close(dir("n3\\sub"));
    f.close(dir("n3\\sub\\deeper"));
    FileId flat = dir("n3");
    SmbReply tree = notify(d, Directory.WATCH_TREE, NAMES, 4096);
    SmbReply one = notify(flat, 0, NAMES, 4096);
    CompletableFuture<SmbReply> treeDone = new CompletableFuture<>();
    tree.async().start(treeDone::complete);
    CompletableFuture<SmbReply> oneDone = new CompletableFuture<>();
    one.async().start(oneDone::complete);
    create("n3\\sub\\deeper\\deep.txt");
    assertThat(entries(treeDone.get(30, TimeUnit.SECONDS))).containsExactly("1 sub\\deeper\\deep.txt");
    // The directory-only watch is not told about the subtree.
    create("n3\\top.txt");
    assertThat(entries(oneDone.get(30, TimeUnit.SECONDS))).containsExactly("1 top.txt");
    f.close(flat);
    f.close(d);
  }

  @Test
  void aBufferTooSmallForTheChangesAnswersNotifyEnumDir() throws Exception {
    FileId d = dir("n4");
    SmbReply p = notify(d, 0, NAMES, 16);
    CompletableFuture<SmbReply> done = new CompletableFuture<>();
    p.async().start(done::complete);
    create("n4\\a-name-longer-than-the-buffer.txt");
    SmbReply r = done.get(30, TimeUnit.SECONDS);
    assertThat(r.status()).isEqualTo(NtStatus.NOTIFY_ENUM_DIR);
    assertThat(((OutputResponse) r.body()).output().length()).isZero();
    f.close(d);
  }

  @Test
  void theFirstRequestSizesTheBufferKeptBetweenRequests() throws Exception {
    FileId d = dir("n7");
    SmbReply p = notify(d, 0, NAMES, 4096);
    CompletableFuture<SmbReply> done = new CompletableFuture<>();
    p.async().start(done::complete);
    create("n7\\one.txt");
    assertThat(entries(done.get(30, TimeUnit.SECONDS))).containsExactly("1 one.txt");
    // A later request with no room gets NOTIFY_ENUM_DIR (smbtorture smb2.notify.valid-req) ...
    SmbReply none = notify(d, 0, NAMES, 0);
    assertThat(none.status()).isEqualTo(NtStatus.PENDING);
    CompletableFuture<SmbReply> noneDone = new CompletableFuture<>();
    none.async().start(noneDone::complete);
    create("n7\\two.txt");
    assertThat(noneDone.get(30, TimeUnit.SECONDS).status()).isEqualTo(NtStatus.NOTIFY_ENUM_DIR);
    // ... but the open's buffer keeps its first size: changes made while no request waits are kept for
    // the next request with room.
    create("n7\\three.txt");
    List<String> seen = new ArrayList<>();
    while (seen.isEmpty()) {
      SmbReply r = answer(notify(d, 0, NAMES, 4096));
      assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
      seen.addAll(entries(r));
    }
    assertThat(seen).containsExactly("1 three.txt");
    f.close(d);
  }

  @Test
  void closingTheOpenEndsAWaitingRequestWithNotifyCleanupAndCancelWithdrawsOne() throws Exception {
    FileId d = dir("n5");
    SmbReply c = notify(d, 0, NAMES, 4096);
    CompletableFuture<SmbReply> cancelled = new CompletableFuture<>();
    c.async().start(cancelled::complete);
    assertThat(f.session.opens().get(d, f.tree.treeId()).changeWatch().waiting()).isEqualTo(1);
    c.async().cancel();
    assertThat(f.session.opens().get(d, f.tree.treeId()).changeWatch().waiting()).isZero();

    SmbReply p = notify(d, 0, NAMES, 4096);
    CompletableFuture<SmbReply> done = new CompletableFuture<>();
    p.async().start(done::complete);
    f.close(d);
    SmbReply r = done.get(30, TimeUnit.SECONDS);
    assertThat(r.status()).isEqualTo(NtStatus.NOTIFY_CLEANUP);
    assertThat(cancelled).isNotDone();
  }

  @Test
  void filesBadFiltersAndUnknownHandlesAreRefused() {
    FileId file = f.open("n6.txt", READ_WRITE_DELETE, CreateHandler.FILE_CREATE, 0);
    assertThat(notify(file, 0, NAMES, 4096).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    FileId d = dir("n6");
    assertThat(notify(d, 0, 0, 4096).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(notify(d, 0, 0x10000, 4096).status()).as("undefined bits are ignored").isEqualTo(NtStatus.PENDING);
    assertThat(notify(new FileId(9, 9), 0, NAMES, 4096).status()).isEqualTo(NtStatus.FILE_CLOSED);
    FileId attrs = f.open("n6", SmbFiles.FILE_READ_ATTRIBUTES, CreateHandler.FILE_OPEN, 0);
    assertThat(notify(attrs, 0, NAMES, 4096).status()).isEqualTo(NtStatus.ACCESS_DENIED);
    f.close(attrs);
    f.close(d);
    f.close(file);
  }
}
