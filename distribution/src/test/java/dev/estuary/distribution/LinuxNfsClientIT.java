package dev.estuary.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.testing.linuxguest.GuestResult;
import dev.estuary.testing.linuxguest.GuestScript;
import dev.estuary.testing.linuxguest.LinuxGuest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The real Linux kernel NFS client (Debian's 6.1, in a qemu guest built by testing/linux-guest) against
 * {@code estuary serve} as users run it: the distribution as its own process, NFS and S3 frontends on
 * free 127.0.0.1 ports, the volume opened to the guest with {@code estuary volume export} (the guest's
 * connections arrive from 127.0.0.1 through qemu's user-mode network). It mounts {@code vers=4.2} and
 * runs the workload, then {@code vers=4.1}; afterwards the same bytes are read through S3 and
 * the server's metrics show that the 4.2 operations (COPY, SEEK, DEALLOCATE, the xattr operations)
 * and the lock operations were really sent, not emulated by the client. A second test runs two guests
 * at once, two kernels with two client ids, contending for one byte range and reading each other's
 * writes.
 *
 * <p>Here rather than in nfs-frontend's tests: only the distribution has the launcher, the admin CLI
 * that writes export rules, and the S3 frontend next to NFS in one process, which is what a user and
 * the conformance run ({@code ./estuary serve --frontends nfs}) get.
 */
class LinuxNfsClientIT {
  private static final Pattern NFS_PORT = Pattern.compile("^nfs\\s+nfs://127\\.0\\.0\\.1:(\\d+)/");
  private static final Pattern S3_URL = Pattern.compile("^s3\\s+(http://\\S+)");
  private static final Pattern ADMIN_URL = Pattern.compile("^admin\\s+(http://\\S+)");
  private static final String VOLUME = "linux";
  private static final String ACCESS_KEY = "AKIALINUXGUESTTEST01";
  private static final String SECRET_KEY = "linux-guest-secret-key-for-the-nfs-test";
  private static final int BIG_MIB = 64;

  /** The workload, run as root in the guest; %1$s is the NFS port, %2$s the volume. */
  private static final String SCRIPT = """
      #!/bin/sh
      set -eu
      P=%1$s
      V=%2$s
      step() { echo "step $1 at $(cut -d' ' -f1 /proc/uptime) s"; }
      drop() { sync; echo 3 >/proc/sys/vm/drop_caches; }
      modprobe nfsv4
      mkdir -p /mnt/n

      step mount-4.2
      mount -t nfs4 -o vers=4.2,port=$P 10.0.2.2:/$V /mnt/n
      grep ' /mnt/n ' /proc/mounts >mounts42.txt
      cat /mnt/n/from-s3.txt >from-s3.txt

      step big-file
      head -c %3$dM /dev/urandom >/tmp/big
      sha256sum </tmp/big | cut -d' ' -f1 >big.sha256
      dd if=/tmp/big of=/mnt/n/big.bin bs=1M conv=fsync 2>dd-write.txt
      rm /tmp/big
      drop
      sha256sum </mnt/n/big.bin | cut -d' ' -f1 >big-read.sha256
      cmp big.sha256 big-read.sha256

      step copy
      # cp with --reflink=never uses copy_file_range (NFS COPY); the range copy below for certain.
      cp --reflink=never /mnt/n/big.bin /mnt/n/big.copy
      /usr/bin/python3 - <<'EOF'
      import os
      src = os.open('/mnt/n/big.bin', os.O_RDONLY)
      dst = os.open('/mnt/n/part.bin', os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
      left = 1 << 20
      off_in, off_out = 3 << 20, 0
      while left:
          n = os.copy_file_range(src, dst, left, off_in, off_out)
          assert n > 0, n
          left -= n; off_in += n; off_out += n
      os.fsync(dst)
      EOF
      drop
      sha256sum </mnt/n/big.copy | cut -d' ' -f1 >copy.sha256
      cmp big.sha256 copy.sha256

      step small-files
      /usr/bin/python3 - <<'EOF'
      import os
      d = '/mnt/n/many'
      os.mkdir(d)
      for i in range(1000):
          with open(f'{d}/f{i:04d}', 'w') as f:
              f.write(f'file {i}\\n')
      names = sorted(os.listdir(d))
      assert names == [f'f{i:04d}' for i in range(1000)], (len(names), names[:5])
      for i in range(1000):
          os.rename(f'{d}/f{i:04d}', f'{d}/g{i:04d}')
      names = sorted(os.listdir(d))
      assert names == [f'g{i:04d}' for i in range(1000)], (len(names), names[:5])
      for i in range(100, 1000):
          os.remove(f'{d}/g{i:04d}')
      assert sorted(os.listdir(d)) == [f'g{i:04d}' for i in range(100)]
      with open(f'{d}/g0042') as f:
          assert f.read() == 'file 42\\n'
      print('small files ok')
      EOF
      drop
      ls /mnt/n/many | wc -l >many-count.txt

      step truncate
      /usr/bin/python3 - <<'EOF'
      import os
      p = '/mnt/n/trunc.bin'
      data = bytes(i %% 251 for i in range(1 << 20))
      with open(p, 'wb') as f:
          f.write(data)
      os.truncate(p, 1000)
      assert os.stat(p).st_size == 1000
      os.truncate(p, 3 << 20)
      assert os.stat(p).st_size == 3 << 20
      with open(p, 'rb') as f:
          back = f.read()
      assert back[:1000] == data[:1000]
      assert back[1000:] == bytes((3 << 20) - 1000)
      print('truncate ok')
      EOF

      step sparse
      /usr/bin/python3 - <<'EOF'
      import os
      p = '/mnt/n/sparse.bin'
      fd = os.open(p, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
      os.pwrite(fd, b'A' * 65536, 0)
      os.pwrite(fd, b'B' * 65536, 16 << 20)
      os.fsync(fd)
      hole = os.lseek(fd, 0, os.SEEK_HOLE)
      data = os.lseek(fd, hole, os.SEEK_DATA)
      print('hole', hole, 'data', data)
      assert 65536 <= hole < 16 << 20, hole
      assert hole < data <= 16 << 20, data
      os.close(fd)
      EOF
      # DEALLOCATE: the first 64 KiB become a hole too; the data now starts at 16 MiB.
      fallocate --punch-hole --offset 0 --length 65536 /mnt/n/sparse.bin
      /usr/bin/python3 - <<'EOF'
      import os
      fd = os.open('/mnt/n/sparse.bin', os.O_RDONLY)
      first = os.lseek(fd, 0, os.SEEK_DATA)
      print('first data after punch', first)
      assert 65536 <= first <= 16 << 20, first
      assert os.pread(fd, 65536, 0) == bytes(65536)
      EOF
      stat -c %%s /mnt/n/sparse.bin >sparse-size.txt

      step xattrs
      echo colours >/mnt/n/x.txt
      setfattr -n user.color -v blue /mnt/n/x.txt
      setfattr -n user.shade -v dark /mnt/n/x.txt
      getfattr --only-values -n user.color /mnt/n/x.txt >xattr-color.txt
      getfattr -d /mnt/n/x.txt >xattr-dump.txt
      setfattr -x user.color /mnt/n/x.txt
      if getfattr -n user.color /mnt/n/x.txt 2>xattr-removed.txt; then echo "user.color still there" >&2; exit 30; fi

      step locks
      /usr/bin/python3 - <<'EOF'
      import errno, fcntl, os, struct
      p = '/mnt/n/locked.bin'
      with open(p, 'wb') as f:
          f.write(bytes(4096))
      holder = open(p, 'r+b')
      fcntl.lockf(holder, fcntl.LOCK_EX, 100, 0)   # bytes 0..99, owner: this process
      def child(body):
          pid = os.fork()
          if pid == 0:
              try:
                  os._exit(body())
              except BaseException as e:
                  print('child failed', repr(e))
                  os._exit(99)
          return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
      def contend():
          g = open(p, 'r+b')
          try:
              fcntl.lockf(g, fcntl.LOCK_EX | fcntl.LOCK_NB, 100, 50)
              return 1                                  # overlapping lock granted: wrong
          except OSError as e:
              if e.errno not in (errno.EAGAIN, errno.EACCES):
                  return 2
          fcntl.lockf(g, fcntl.LOCK_EX | fcntl.LOCK_NB, 100, 200)   # disjoint range: granted
          got = fcntl.fcntl(g, fcntl.F_GETLK, struct.pack('hhqqi4x', fcntl.F_WRLCK, 0, 0, 10, 0))
          if struct.unpack('hhqqi4x', got)[0] != fcntl.F_WRLCK:
              return 3                                  # F_GETLK must report the holder's lock
          return 0
      assert child(contend) == 0
      fcntl.lockf(holder, fcntl.LOCK_UN, 100, 0)
      def after_unlock():
          g = open(p, 'r+b')
          fcntl.lockf(g, fcntl.LOCK_EX | fcntl.LOCK_NB, 100, 50)
          return 0
      assert child(after_unlock) == 0
      whole = open(p, 'r+b')
      fcntl.flock(whole, fcntl.LOCK_EX)
      def flock_contend():
          g = open(p, 'r+b')
          try:
              fcntl.flock(g, fcntl.LOCK_EX | fcntl.LOCK_NB)
              return 4
          except OSError as e:
              return 0 if e.errno in (errno.EAGAIN, errno.EWOULDBLOCK) else 5
      assert child(flock_contend) == 0
      fcntl.flock(whole, fcntl.LOCK_UN)
      print('locks ok')
      EOF
      # flock(1) from util-linux: the inner one, on another open file, must not get the lock.
      inner=$(flock /mnt/n/locked.bin sh -c 'flock -n -E 7 /mnt/n/locked.bin true; echo $?')
      [ "$inner" = 7 ] || { echo "flock -n under a held flock exited $inner (expected 7)" >&2; exit 31; }
      flock -n /mnt/n/locked.bin true

      echo "written over NFS 4.2" >/mnt/n/from-42.txt
      step umount-4.2
      umount /mnt/n

      step mount-4.1
      mount -t nfs4 -o vers=4.1,port=$P 10.0.2.2:/$V /mnt/n
      grep ' /mnt/n ' /proc/mounts >mounts41.txt
      cat /mnt/n/from-42.txt >from-42-via-41.txt
      head -c 1048576 /mnt/n/big.bin | sha256sum | cut -d' ' -f1 >big-head-41.sha256
      ls /mnt/n/many | wc -l >many-count-41.txt
      echo "written over NFS 4.1" >/mnt/n/from-41.txt
      sync
      step umount-4.1
      umount /mnt/n
      step done
      """;

  /** Guest A of the two-client test: takes a lock, waits for B, reads what B wrote, unlocks. */
  private static final String CLIENT_A = """
      #!/bin/sh
      set -eu
      modprobe nfsv4
      mkdir -p /mnt/n
      # No attribute or lookup caching to speak of: the two guests poll for each other's marker files.
      mount -t nfs4 -o vers=4.2,port=%1$s,lookupcache=none,actimeo=1 10.0.2.2:/%2$s /mnt/n
      /usr/bin/python3 - <<'EOF'
      import fcntl, os, sys, time
      def wait(name, limit=240):
          t0 = time.time()
          while name not in os.listdir('/mnt/n'):
              if time.time() - t0 > limit:
                  print('A: no', name, 'after', limit, 's'); sys.exit(3)
              time.sleep(0.3)
      f = open('/mnt/n/shared.bin', 'w+b')
      f.write(b'0123456789' * 10); f.flush(); os.fsync(f.fileno())
      fcntl.lockf(f, fcntl.LOCK_EX, 10, 0)
      open('/mnt/n/a-locked', 'w').close()
      print('A locked', flush=True)
      wait('b-done')
      print('A reads ' + open('/mnt/n/b.txt').read().strip(), flush=True)
      fcntl.lockf(f, fcntl.LOCK_UN, 10, 0)
      open('/mnt/n/a-unlocked', 'w').close()
      wait('b-got-lock')
      print('A done', flush=True)
      EOF
      umount /mnt/n
      """;

  /** Guest B: is refused A's range, gets another, writes for A, then gets A's range once A unlocks. */
  private static final String CLIENT_B = """
      #!/bin/sh
      set -eu
      modprobe nfsv4
      mkdir -p /mnt/n
      mount -t nfs4 -o vers=4.2,port=%1$s,lookupcache=none,actimeo=1 10.0.2.2:/%2$s /mnt/n
      /usr/bin/python3 - <<'EOF'
      import errno, fcntl, os, sys, time
      def wait(name, limit=240):
          t0 = time.time()
          while name not in os.listdir('/mnt/n'):
              if time.time() - t0 > limit:
                  print('B: no', name, 'after', limit, 's'); sys.exit(3)
              time.sleep(0.3)
      wait('a-locked')
      g = open('/mnt/n/shared.bin', 'r+b')
      try:
          fcntl.lockf(g, fcntl.LOCK_EX | fcntl.LOCK_NB, 10, 0)
          print('B got the range A holds'); sys.exit(4)
      except OSError as e:
          print('B denied ' + errno.errorcode[e.errno], flush=True)
      fcntl.lockf(g, fcntl.LOCK_EX | fcntl.LOCK_NB, 10, 20)
      print('B got a disjoint range', flush=True)
      with open('/mnt/n/b.txt', 'w') as w:
          w.write('written by B\\n')
      open('/mnt/n/b-done', 'w').close()
      wait('a-unlocked')
      fcntl.lockf(g, fcntl.LOCK_EX, 10, 0)
      print('B got the range after A unlocked', flush=True)
      open('/mnt/n/b-got-lock', 'w').close()
      EOF
      umount /mnt/n
      """;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void linuxMounts42And41AndTheWorkloadsBytesAreTheSameThroughS3(@TempDir Path tmp) throws Exception {
    LinuxGuest guest = LinuxGuest.prepare(Path.of("target", "linux-guest").toAbsolutePath());
    String data = tmp.resolve("data").toString();
    cli("volume", "create", VOLUME, "--data", data);
    // The guest's root must be root on the volume: no squashing for the guest's address. qemu's
    // user-mode network makes every guest connection come from 127.0.0.1.
    cli("volume", "export", VOLUME, "--clients", "127.0.0.1/32", "--rw", "--no-root-squash",
        "--data", data);

    Map<String, String> env = Map.of("ESTUARY_ADMIN_ACCESS_KEY", ACCESS_KEY,
        "ESTUARY_ADMIN_SECRET_KEY", SECRET_KEY);
    try (EstuaryProcess server = EstuaryProcess.start(env, "serve", "--data", data, "--bind",
        "127.0.0.1", "--admin-port", "0", "--frontends", "nfs,s3", "--nfs-port", "0",
        "--s3-port", "0")) {
      int nfsPort = Integer.parseInt(endpoint(server, NFS_PORT));
      String s3Url = endpoint(server, S3_URL);
      String adminUrl = endpoint(server, ADMIN_URL);
      try (S3Client s3 = s3(s3Url)) {
        byte[] rnd = new byte[24];
        new Random().nextBytes(rnd);
        String fromS3 = "put through S3 " + HexFormat.of().formatHex(rnd) + "\n";
        s3.putObject(b -> b.bucket(VOLUME).key("from-s3.txt"), RequestBody.fromString(fromS3));

        long t0 = System.nanoTime();
        GuestResult r = guest.run(GuestScript.of(SCRIPT.formatted(nfsPort, VOLUME, BIG_MIB)),
            Duration.ofMinutes(8));
        System.out.printf("linux-guest NFS workload: %s; test %.1f s%n%s%n", r.timings(),
            (System.nanoTime() - t0) / 1e9, r.stdout());
        assertThat(r.exitCode()).as(r.describe()).isZero();

        assertThat(r.fileText("mounts42.txt")).contains("10.0.2.2:/" + VOLUME, "nfs4", "vers=4.2",
            "port=" + nfsPort);
        assertThat(r.fileText("mounts41.txt")).contains("vers=4.1");
        assertThat(r.fileText("from-s3.txt")).isEqualTo(fromS3);
        assertThat(r.stdout()).contains("small files ok", "truncate ok", "locks ok");

        // The same bytes through S3.
        String bigSum = r.fileText("big.sha256").strip();
        assertThat(sha256(s3, "big.bin")).isEqualTo(bigSum);
        assertThat(sha256(s3, "big.copy")).isEqualTo(bigSum);
        byte[] part = get(s3, "part.bin");
        assertThat(part).hasSize(1 << 20);
        byte[] bigBytes = get(s3, "big.bin");
        assertThat(bigBytes).hasSize(BIG_MIB << 20);
        assertThat(part).isEqualTo(java.util.Arrays.copyOfRange(bigBytes, 3 << 20, 4 << 20));
        assertThat(hex(MessageDigest.getInstance("SHA-256").digest(
            java.util.Arrays.copyOf(bigBytes, 1 << 20)))).isEqualTo(r.fileText("big-head-41.sha256").strip());

        List<String> many = s3.listObjectsV2Paginator(b -> b.bucket(VOLUME).prefix("many/")).contents()
            .stream().map(S3Object::key).toList();
        assertThat(many).containsExactlyElementsOf(
            IntStream.range(0, 100).mapToObj(i -> "many/g%04d".formatted(i)).toList());
        assertThat(new String(get(s3, "many/g0042"), StandardCharsets.UTF_8)).isEqualTo("file 42\n");
        assertThat(r.fileText("many-count.txt").strip()).isEqualTo("100");
        assertThat(r.fileText("many-count-41.txt").strip()).isEqualTo("100");

        byte[] trunc = get(s3, "trunc.bin");
        assertThat(trunc).hasSize(3 << 20);
        for (int i = 0; i < 1000; i++) {
          assertThat(trunc[i] & 0xff).as("trunc.bin byte %d", i).isEqualTo(i % 251);
        }
        assertThat(java.util.Arrays.copyOfRange(trunc, 1000, trunc.length))
            .isEqualTo(new byte[(3 << 20) - 1000]);

        byte[] sparse = get(s3, "sparse.bin");
        assertThat(sparse).hasSize((16 << 20) + 65536);
        assertThat(r.fileText("sparse-size.txt").strip()).isEqualTo(Integer.toString(sparse.length));
        byte[] expectedSparse = new byte[sparse.length];
        java.util.Arrays.fill(expectedSparse, 16 << 20, sparse.length, (byte) 'B');
        assertThat(sparse).isEqualTo(expectedSparse);

        assertThat(r.fileText("xattr-color.txt")).isEqualTo("blue");
        assertThat(r.fileText("xattr-dump.txt")).contains("user.color=\"blue\"", "user.shade=\"dark\"");
        assertThat(r.fileText("xattr-removed.txt")).contains("No such attribute");

        assertThat(new String(get(s3, "from-42.txt"), StandardCharsets.UTF_8))
            .isEqualTo("written over NFS 4.2\n");
        assertThat(r.fileText("from-42-via-41.txt")).isEqualTo("written over NFS 4.2\n");
        assertThat(new String(get(s3, "from-41.txt"), StandardCharsets.UTF_8))
            .isEqualTo("written over NFS 4.1\n");
      }

      // The kernel sent the 4.2 and lock operations (it falls back silently when they fail). The
      // conflicts between the guest's processes never reach the server: one client's kernel finds
      // them in its own lock list first (seen with 6.1), so the server answers every LOCK here with
      // OK; conflicts between clients are nfs-frontend's integration tests.
      String metrics = http.send(HttpRequest.newBuilder(URI.create(adminUrl + "/metrics"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
      for (String op : List.of("copy", "seek", "deallocate", "setxattr", "getxattr", "listxattrs",
          "removexattr", "lock", "locku", "open", "close", "write", "rename", "remove", "setattr")) {
        assertThat(count(metrics, op, "OK")).as("estuary_nfs_requests_total{op=%s,status=OK}", op)
            .isPositive();
      }
      assertThat(count(metrics, "read", "OK") + count(metrics, "read_plus", "OK")).as("READ or READ_PLUS")
          .isPositive();
      assertThat(server.terminate(Duration.ofSeconds(30))).isZero();
    }
  }

  @Test
  void twoLinuxClientsContendForALockAndSeeEachOthersWrites(@TempDir Path tmp) throws Exception {
    // Two guests, two kernels, two NFSv4 client ids: unlike conflicts inside one client, these reach the
    // server, which must deny B the range A holds and grant it once A unlocked.
    LinuxGuest guest = LinuxGuest.prepare(Path.of("target", "linux-guest").toAbsolutePath());
    String data = tmp.resolve("data").toString();
    cli("volume", "create", VOLUME, "--data", data);
    cli("volume", "export", VOLUME, "--clients", "127.0.0.1/32", "--rw", "--no-root-squash",
        "--data", data);
    try (EstuaryProcess server = EstuaryProcess.start(Map.of(), "serve", "--data", data, "--bind",
        "127.0.0.1", "--admin-port", "0", "--frontends", "nfs", "--nfs-port", "0")) {
      int nfsPort = Integer.parseInt(endpoint(server, NFS_PORT));
      String adminUrl = endpoint(server, ADMIN_URL);
      java.util.concurrent.CompletableFuture<GuestResult> a = java.util.concurrent.CompletableFuture
          .supplyAsync(() -> guest.run(GuestScript.of(CLIENT_A.formatted(nfsPort, VOLUME)),
              Duration.ofMinutes(6)));
      GuestResult b = guest.run(GuestScript.of(CLIENT_B.formatted(nfsPort, VOLUME)),
          Duration.ofMinutes(6));
      GuestResult ra = a.get(7, java.util.concurrent.TimeUnit.MINUTES);
      System.out.printf("linux-guest two clients: A %s; B %s%n", ra.timings(), b.timings());
      assertThat(ra.exitCode()).as(ra.describe()).isZero();
      assertThat(b.exitCode()).as(b.describe()).isZero();
      assertThat(b.stdout()).contains("B denied EAGAIN", "B got a disjoint range",
          "B got the range after A unlocked");
      assertThat(ra.stdout()).contains("A locked", "A reads written by B", "A done");

      String metrics = http.send(HttpRequest.newBuilder(URI.create(adminUrl + "/metrics"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(count(metrics, "lock", "DENIED")).as("the server denied B the range A held")
          .isPositive();
      assertThat(server.terminate(Duration.ofSeconds(30))).isZero();
    }
  }

  private static double count(String metrics, String op, String status) {
    Matcher m = Pattern.compile("^estuary_nfs_requests_total\\{[^}]*op=\"" + op + "\"[^}]*status=\""
        + status + "\"[^}]*\\} ([0-9.eE+]+)$", Pattern.MULTILINE).matcher(metrics);
    double total = 0;
    while (m.find()) {
      total += Double.parseDouble(m.group(1));
    }
    return total;
  }

  private static S3Client s3(String url) {
    return S3Client.builder()
        .endpointOverride(URI.create(url))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .build();
  }

  private static byte[] get(S3Client s3, String key) {
    return s3.getObjectAsBytes(b -> b.bucket(VOLUME).key(key)).asByteArray();
  }

  private static String sha256(S3Client s3, String key) throws Exception {
    return hex(MessageDigest.getInstance("SHA-256").digest(get(s3, key)));
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static String endpoint(EstuaryProcess server, Pattern p) throws InterruptedException {
    Matcher m = p.matcher(server.awaitStdout(l -> p.matcher(l).find(), Duration.ofSeconds(90)));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static void cli(String... args) throws Exception {
    EstuaryProcess.Result r = EstuaryProcess.run(Map.of(), args);
    assertThat(r.exitCode()).as("estuary %s: %s", String.join(" ", args), r.stderr()).isZero();
  }
}
