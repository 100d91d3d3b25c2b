package dev.estuary.bench.smb.internal;

import dev.estuary.bench.support.ProcessCpu;
import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.msfscc.FileAttributes;
import com.hierynomus.msfscc.fileinformation.FileAllInformation;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2CreateOptions;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The small-file workload through smbj (a Java SMB2/3 client): N clients, each its own connection and
 * signed session, share the files of one directory (client t takes files t, t + N, ...). Every file is
 * created with 4 KiB of data (CREATE with FILE_CREATE, WRITE, CLOSE), stated (smbj's getFileInformation:
 * CREATE, QUERY_INFO FileAllInformation, CLOSE) and deleted (smbj's rm: CREATE with DELETE_ON_CLOSE,
 * CLOSE), each phase timed over all files.
 */
public final class SmallFiles implements AutoCloseable {
  /** The size of every file. */
  public static final int FILE_BYTES = 4096;

  private final List<Client> clients = new ArrayList<>();
  private final ExecutorService pool;
  private final Server server;

  private record Client(SMBClient client, Connection connection, Session session, DiskShare share)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      share.close();
      session.close();
      connection.close();
      client.close();
    }
  }

  /** One operation on file {@code i}. */
  @FunctionalInterface
  private interface FileOp {
    void apply(DiskShare share, int i) throws IOException;
  }

  /**
   * Connects {@code sessions} clients to the server's plain share with signing required.
   *
   * @param s the server
   * @param sessions how many clients
   */
  public SmallFiles(Server s, int sessions) throws IOException {
    this.server = s;
    this.pool = Executors.newFixedThreadPool(sessions);
    SmbConfig config = SmbConfig.builder().withSigningRequired(true).withTimeout(2, TimeUnit.MINUTES)
        .withSoTimeout(2, TimeUnit.MINUTES).build();
    try {
      for (int t = 0; t < sessions; t++) {
        SMBClient client = new SMBClient(config);
        Connection c = client.connect("127.0.0.1", s.port());
        Session session = c.authenticate(new AuthenticationContext(s.user(), s.password().toCharArray(), null));
        clients.add(new Client(client, c, session, (DiskShare) session.connectShare(s.share())));
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Creates a directory in the share's root (untimed).
   *
   * @param dir its name
   */
  public void mkdir(String dir) {
    clients.getFirst().share().mkdir(dir);
  }

  /**
   * Removes an empty directory of the share's root (untimed).
   *
   * @param dir its name
   */
  public void rmdir(String dir) {
    clients.getFirst().share().rmdir(dir, false);
  }

  /**
   * Creates {@code count} files of {@link #FILE_BYTES} in {@code dir}.
   *
   * @param dir the directory
   * @param count how many
   * @return the measurement in files
   */
  public Measurement create(String dir, int count) throws Exception {
    byte[] data = new byte[FILE_BYTES];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    return timed(count, (share, i) -> {
      try (File f = share.openFile(dir + "\\f" + i, EnumSet.of(AccessMask.GENERIC_WRITE),
          EnumSet.of(FileAttributes.FILE_ATTRIBUTE_NORMAL), SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_CREATE,
          EnumSet.noneOf(SMB2CreateOptions.class))) {
        long n = f.write(data, 0);
        if (n != FILE_BYTES) {
          throw new IOException(server.name() + ": WRITE of " + dir + "\\f" + i + " wrote " + n + " bytes (expected: "
              + FILE_BYTES + ")");
        }
      }
    });
  }

  /**
   * Stats {@code count} files of {@code dir} and checks their size.
   *
   * @param dir the directory
   * @param count how many
   * @return the measurement in files
   */
  public Measurement stat(String dir, int count) throws Exception {
    return timed(count, (share, i) -> {
      FileAllInformation info = share.getFileInformation(dir + "\\f" + i);
      long size = info.getStandardInformation().getEndOfFile();
      if (size != FILE_BYTES) {
        throw new IOException(server.name() + ": " + dir + "\\f" + i + " has EndOfFile " + size + " (expected: "
            + FILE_BYTES + ")");
      }
    });
  }

  /**
   * Deletes {@code count} files of {@code dir}.
   *
   * @param dir the directory
   * @param count how many
   * @return the measurement in files
   */
  public Measurement delete(String dir, int count) throws Exception {
    return timed(count, (share, i) -> share.rm(dir + "\\f" + i));
  }

  private Measurement timed(int count, FileOp op) throws Exception {
    int n = clients.size();
    long cpu0 = server.cpuNanos();
    long client0 = ProcessCpu.self();
    long t0 = System.nanoTime();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      int first = t;
      DiskShare share = clients.get(t).share();
      done.add(pool.submit(() -> {
        for (int i = first; i < count; i += n) {
          op.apply(share, i);
        }
        return null;
      }));
    }
    try {
      for (Future<?> f : done) {
        f.get();
      }
    } catch (ExecutionException e) {
      done.forEach(f -> f.cancel(true));
      throw e.getCause() instanceof Exception c ? c : e;
    }
    long t1 = System.nanoTime();
    long client1 = ProcessCpu.self();
    long cpu1 = server.cpuNanos();
    return new Measurement(count, (t1 - t0) / 1e9, cpu1 - cpu0, client1 - client0, (t1 - t0) / 1e6 * n / count, null);
  }

  @Override
  public void close() throws IOException {
    pool.shutdownNow();
    IOException first = null;
    for (Client c : clients) {
      try {
        c.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    clients.clear();
    if (first != null) {
      throw first;
    }
  }
}
