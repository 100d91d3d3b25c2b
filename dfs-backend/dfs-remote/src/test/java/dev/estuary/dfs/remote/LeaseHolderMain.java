package dev.estuary.dfs.remote;

import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.LockStyle;
import dev.estuary.dfs.LockType;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.ShareAccess;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.WatchScope;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * A client process for the lease test: opens one of everything a client can hold on the server
 * (a file handle, an open unlinked file, a lock session with an exclusive lock and a share
 * reservation, a watch), creates the file {@code from-holder}, prints {@code ready}, and waits to
 * be killed.
 *
 * <p>Usage: {@code LeaseHolderMain <socket>}.
 */
public final class LeaseHolderMain {
  private LeaseHolderMain() {}

  /**
   * Holds until killed.
   *
   * @param args the socket path
   * @throws IOException never in practice
   */
  public static void main(String[] args) throws IOException {
    RemoteDfs dfs = RemoteDfs.connect(RemoteEndpoint.unix(Path.of(args[0])), RemoteOptions.DEFAULTS);
    Volume v = dfs.volume(ServedEngine.VOLUME);
    ObjectId file = v.lookup(v.root(), "held").id();
    v.open(file, OpenMode.READ_WRITE);
    ObjectId unlinked = v.createUnlinked(0644, ServedEngine.OWNER).id();
    v.open(unlinked, OpenMode.WRITE);
    LockSession session = v.openSession("lease holder");
    session.tryLock(file, "owner", LockStyle.POSIX, LockType.EXCLUSIVE, new ByteRange(0, 100))
        .ifPresent(l -> {
          throw new IllegalStateException("lock taken: " + l);
        });
    session.reserve(file, Set.of(ShareAccess.READ), Set.of(ShareAccess.WRITE));
    v.watch(v.root(), WatchScope.DIRECTORY, 16, Executors.newSingleThreadExecutor(), e -> { });
    // A change for the test's own watch to see, published by this other process.
    v.create(v.root(), "from-holder", 0644, ServedEngine.OWNER, true);
    new PrintStream(System.out, true, StandardCharsets.UTF_8).println("ready");
    while (System.in.read() >= 0) {
      // Hold everything until killed (or until the test closes our standard input).
    }
  }
}
