package dev.estuary.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.testing.linuxguest.GuestResult;
import dev.estuary.testing.linuxguest.GuestScript;
import dev.estuary.testing.linuxguest.LinuxGuest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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
 * The real Linux kernel SMB client (cifs, Debian's 6.1, in the qemu guest of testing/linux-guest)
 * against {@code estuary serve} as users run it: the distribution as its own process with its SMB, NFS
 * and S3 frontends on free 127.0.0.1 ports (the guest reaches them at 10.0.2.2 through qemu's user-mode
 * network), and a user made with {@code estuary user add} and granted the volume with {@code estuary
 * user grant}. One guest boot mounts the share four times in a row, {@code vers=3.1.1}, {@code
 * vers=3.1.1,seal}, {@code vers=3.0} and {@code vers=2.1}, all with {@code sec=ntlmssp} and the server's
 * default of required signing, and runs the NFS guest test's workload in a directory per mount: a large
 * file with its checksum, server-side copies, many small files with renames and removes, truncate,
 * sparse files (punch hole, SEEK_DATA/SEEK_HOLE), user xattrs (SMB extended attributes) and byte-range
 * and flock locks between two processes and between two connections, and refused operations (rmdir of a
 * non-empty directory, a hard link) that must leave nothing open behind. Then the kernel NFS client in the
 * same guest reads what cifs wrote, and the test reads it through S3; the server's metrics show the
 * operations were really sent and that no CLOSE failed but after a failed CREATE.
 *
 * <p>The first mount runs the workload at the NFS test's size (1,000 small files, 32 MiB); the three
 * others at a smaller one (200 files, 8 MiB): under software emulation each small file costs the guest
 * tens of milliseconds, and what differs between the mounts (dialect, signing algorithm, sealing,
 * VALIDATE_NEGOTIATE_INFO on 3.0, the 1 MiB I/O of 2.1) is exercised by every step at any size.
 */
class LinuxCifsClientIT {
  private static final Pattern SMB_PORT = Pattern.compile("^smb\\s+smb://127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern NFS_PORT = Pattern.compile("^nfs\\s+nfs://127\\.0\\.0\\.1:(\\d+)/");
  private static final Pattern S3_URL = Pattern.compile("^s3\\s+(http://\\S+)");
  private static final Pattern ADMIN_URL = Pattern.compile("^admin\\s+(http://\\S+)");
  private static final Pattern PASSWORD = Pattern.compile("^password\\s+(\\S+)");
  private static final Pattern ACCESS_KEY = Pattern.compile("^s3 access key\\s+(\\S+)");
  private static final Pattern SECRET_KEY = Pattern.compile("^s3 secret key\\s+(\\S+)");
  private static final String VOLUME = "studio";
  private static final String USER = "editor";
  private static final String WORKLOAD = "cifs-workload.sh";

  /**
   * One mount of the share.
   *
   * @param tag its directory on the share and the suffix of its result files
   * @param files how many small files it creates
   * @param mib the size of its large file
   * @param holes whether cifs punches holes and seeks data over this dialect (from SMB 3.0 on:
   *     FSCTL_SET_ZERO_DATA, FSCTL_QUERY_ALLOCATED_RANGES; over 2.1 it refuses fallocate(PUNCH_HOLE)
   *     itself with EOPNOTSUPP)
   * @param options the mount options that pick the dialect and sealing
   * @param dialect the dialect the client must report in /proc/mounts
   * @param dialectCode the same as /proc/fs/cifs/DebugData shows it
   * @param sealed whether the session encrypts
   */
  private record Mount(String tag, int files, int mib, boolean holes, String options, String dialect,
      String dialectCode, boolean sealed) {
    String spec() {
      return tag + ":" + files + ":" + mib + ":" + (holes ? "yes" : "no") + ":" + options;
    }

    /** The small files left in many/ by the workload: g0000..g(keep-1) but g0001 and g0003. */
    int keep() {
      return files / 10;
    }
  }

  private static final List<Mount> MOUNTS = List.of(
      new Mount("smb311", 1000, 32, true, "vers=3.1.1", "3.1.1", "0x311", false),
      new Mount("smb311-sealed", 200, 8, true, "vers=3.1.1,seal", "3.1.1", "0x311", true),
      new Mount("smb30", 200, 8, true, "vers=3.0", "3.0", "0x300", false),
      new Mount("smb21", 200, 8, false, "vers=2.1", "2.1", "0x210", false));

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void linuxMountsTheShareWithEachDialectAndTheBytesAreTheSameThroughNfsAndS3(@TempDir Path tmp)
      throws Exception {
    LinuxGuest guest = LinuxGuest.prepare(Path.of("target", "linux-guest").toAbsolutePath());
    String data = tmp.resolve("data").toString();
    cli("volume", "create", VOLUME, "--data", data);
    // The user as an administrator makes one: a random password shown once, and S3 keys.
    Map<String, String> user = new HashMap<>();
    for (String line : cli("user", "add", USER, "--data", data).stdout()) {
      match(PASSWORD, line, "password", user);
      match(ACCESS_KEY, line, "access", user);
      match(SECRET_KEY, line, "secret", user);
    }
    assertThat(user).containsKeys("password", "access", "secret");
    cli("user", "grant", USER, VOLUME, "write", "--data", data);
    // For the guest's NFS client, which reads back what cifs wrote: its root is root on the volume.
    cli("volume", "export", VOLUME, "--clients", "127.0.0.1/32", "--rw", "--no-root-squash",
        "--data", data);

    try (EstuaryProcess server = EstuaryProcess.start(Map.of(), "serve", "--data", data, "--bind",
        "127.0.0.1", "--admin-port", "0", "--frontends", "smb,nfs,s3", "--smb-port", "0",
        "--nfs-port", "0", "--s3-port", "0")) {
      int smbPort = Integer.parseInt(endpoint(server, SMB_PORT));
      int nfsPort = Integer.parseInt(endpoint(server, NFS_PORT));
      String s3Url = endpoint(server, S3_URL);
      String adminUrl = endpoint(server, ADMIN_URL);
      try (S3Client s3 = s3(s3Url, user.get("access"), user.get("secret"))) {
        byte[] rnd = new byte[24];
        new Random().nextBytes(rnd);
        String fromS3 = "put through S3 " + HexFormat.of().formatHex(rnd) + "\n";
        s3.putObject(b -> b.bucket(VOLUME).key("from-s3.txt"), RequestBody.fromString(fromS3));

        String script = workload()
            .replace("@SMB_PORT@", Integer.toString(smbPort))
            .replace("@NFS_PORT@", Integer.toString(nfsPort))
            .replace("@SHARE@", VOLUME)
            .replace("@MOUNTS@", MOUNTS.stream().map(Mount::spec).collect(Collectors.joining(" ")));
        String credentials = "username=" + USER + "\npassword=" + user.get("password") + "\n";
        long t0 = System.nanoTime();
        GuestResult r = guest.run(GuestScript.of(script)
            .withInput("smb-credentials", credentials.getBytes(StandardCharsets.UTF_8)), Duration.ofMinutes(25));
        System.out.printf("linux-guest cifs workload: %s; test %.1f s%n%s%n", r.timings(),
            (System.nanoTime() - t0) / 1e9, r.stdout());
        assertThat(r.exitCode()).as(r.describe()).isZero();
        try {
          checkResults(r, s3, fromS3, adminUrl);
        } catch (AssertionError e) {
          // The guest kernel's view belongs next to the server's answer.
          throw new AssertionError(e.getMessage() + "\n" + r.describe(), e);
        }
      }
      assertThat(server.terminate(Duration.ofSeconds(30))).isZero();
    }
  }

  private void checkResults(GuestResult r, S3Client s3, String fromS3, String adminUrl) throws Exception {
    for (String ok : List.of("small files ok", "truncate ok", "locks ok")) {
      assertThat(r.stdout().split(Pattern.quote(ok), -1)).as("'%s' once per mount", ok)
          .hasSize(MOUNTS.size() + 1);
    }
    assertThat(r.stdout().split("sparse ok", -1)).as("'sparse ok' once per mount that punches holes")
        .hasSize((int) MOUNTS.stream().filter(Mount::holes).count() + 1);
    for (Mount m : MOUNTS) {
      String t = m.tag();
      String mounted = r.fileText("mount-" + t + ".txt");
      assertThat(mounted).as("/proc/mounts of %s", t)
          .contains("//10.0.2.2/" + VOLUME + " /mnt/s cifs", "vers=" + m.dialect() + ",", "sec=ntlmssp");
      // The client's own account: the dialect, signing (the server requires it), and the share's
      // tree connect encrypted on the sealed mount only.
      String debug = r.fileText("debugdata-" + t + ".txt");
      assertThat(debug).as("/proc/fs/cifs/DebugData of %s", t).contains("Dialect " + m.dialectCode() + " signed");
      Pattern encryptedShare = Pattern.compile("type: DISK Serial Number: 0x[0-9a-f]+ Encrypted");
      if (m.sealed()) {
        assertThat(mounted).contains(",seal,");
        assertThat(debug).containsPattern(encryptedShare);
      } else {
        assertThat(mounted).doesNotContain("seal");
        assertThat(debug).doesNotContain("Encrypted");
      }
      assertThat(r.fileText("from-s3-" + t + ".txt")).isEqualTo(fromS3);

      // The same bytes through S3.
      String bigSum = r.fileText("big-" + t + ".sha256").strip();
      byte[] big = get(s3, t + "/big.bin");
      assertThat(big).as("%s/big.bin", t).hasSize(m.mib() << 20);
      assertThat(hex(MessageDigest.getInstance("SHA-256").digest(big))).isEqualTo(bigSum);
      assertThat(r.fileText("big-read-" + t + ".sha256").strip()).isEqualTo(bigSum);
      assertThat(sha256(s3, t + "/big.copy")).as("%s/big.copy", t).isEqualTo(bigSum);
      assertThat(get(s3, t + "/part.bin")).as("%s/part.bin", t)
          .isEqualTo(Arrays.copyOfRange(big, 3 << 20, 4 << 20));

      List<String> expected = new ArrayList<>();
      for (int i = 0; i < m.keep(); i++) {
        if (i != 1 && i != 3) {
          expected.add(t + "/many/g%04d".formatted(i));
        }
      }
      expected.add(t + "/many/sub2/g0003");
      List<String> many = s3.listObjectsV2Paginator(b -> b.bucket(VOLUME).prefix(t + "/many/")).contents()
          .stream().map(S3Object::key).filter(k -> !k.endsWith("/")).toList();
      assertThat(many).as("S3 listing of %s/many/", t).containsExactlyInAnyOrderElementsOf(expected);
      assertThat(new String(get(s3, t + "/many/g0002"), StandardCharsets.UTF_8)).as("renamed over g0002")
          .isEqualTo("file 1\n");
      assertThat(new String(get(s3, t + "/many/sub2/g0003"), StandardCharsets.UTF_8)).isEqualTo("file 3\n");
      // g0000..g(keep-1) without g0001 and g0003, plus the directory sub2.
      String count = Integer.toString(m.keep() - 1);
      assertThat(r.fileText("many-count-" + t + ".txt").strip()).isEqualTo(count);
      assertThat(r.fileText("nfs-many-count-" + t + ".txt").strip()).as("through NFS").isEqualTo(count);

      byte[] trunc = get(s3, t + "/trunc.bin");
      assertThat(trunc).as("%s/trunc.bin", t).hasSize(3 << 20);
      for (int i = 0; i < 1000; i++) {
        assertThat(trunc[i] & 0xff).as("%s/trunc.bin byte %d", t, i).isEqualTo(i % 251);
      }
      assertThat(Arrays.copyOfRange(trunc, 1000, trunc.length)).isEqualTo(new byte[(3 << 20) - 1000]);

      byte[] sparse = get(s3, t + "/sparse.bin");
      assertThat(sparse).as("%s/sparse.bin", t).hasSize((16 << 20) + 65536);
      assertThat(r.fileText("sparse-size-" + t + ".txt").strip()).isEqualTo(Integer.toString(sparse.length));
      byte[] expectedSparse = new byte[sparse.length];
      Arrays.fill(expectedSparse, 16 << 20, sparse.length, (byte) 'B');
      if (m.holes()) {
        assertThat(sparse).as("%s/sparse.bin: the punched first 64 KiB read as zeros", t).isEqualTo(expectedSparse);
      } else {
        Arrays.fill(expectedSparse, 0, 65536, (byte) 'A');
        assertThat(sparse).as("%s/sparse.bin: no hole punched over %s", t, m.dialect()).isEqualTo(expectedSparse);
        assertThat(r.fileText("punch-" + t + ".txt")).contains("unsupported");
      }

      assertThat(r.fileText("xattr-color-" + t + ".txt")).isEqualTo("blue");
      assertThat(r.fileText("xattr-dump-" + t + ".txt")).contains("user.color=\"blue\"", "user.shade=\"dark\"");
      assertThat(r.fileText("xattr-removed-" + t + ".txt")).contains("No such attribute");
      // The extended attributes set over SMB are the xattrs NFS sees (RFC 8276).
      assertThat(r.fileText("nfs-xattr-dump-" + t + ".txt")).contains("user.shade=\"dark\"")
          .doesNotContain("user.color");

      String fromCifs = "written over cifs " + m.options() + "\n";
      assertThat(new String(get(s3, t + "/from-cifs.txt"), StandardCharsets.UTF_8)).isEqualTo(fromCifs);
      assertThat(r.fileText("nfs-from-cifs-" + t + ".txt")).isEqualTo(fromCifs);
    }
    assertThat(new String(get(s3, "from-nfs.txt"), StandardCharsets.UTF_8)).isEqualTo("written over NFS\n");

    // What the server answered: the operations the workload needs were really sent (cifs falls back
    // or fails silently on some), the locks of the second connection met the first one's on the
    // server, and nothing ended in an internal error.
    String metrics = http.send(HttpRequest.newBuilder(URI.create(adminUrl + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
    // Each mount and its second connection for the lock step.
    assertThat(count(metrics, "SESSION_SETUP", "STATUS_SUCCESS")).isGreaterThanOrEqualTo(2 * MOUNTS.size());
    for (String op : List.of("CREATE", "CLOSE", "READ", "WRITE", "QUERY_INFO", "SET_INFO", "QUERY_DIRECTORY",
        "IOCTL", "LOCK", "FLUSH")) {
      assertThat(count(metrics, op, "STATUS_SUCCESS")).as("estuary_smb_requests_total{op=%s,status=SUCCESS}", op)
          .isPositive();
    }
    assertThat(count(metrics, "LOCK", "STATUS_LOCK_NOT_GRANTED")).as("conflicts between the two connections")
        .isGreaterThanOrEqualTo(2 * MOUNTS.size());
    // A CLOSE fails only in a chain whose CREATE failed (cifs looks names up with CREATE/QUERY_INFO/CLOSE),
    // never because a SET_INFO before it was refused: that would leave the open behind (MS-SMB2 3.3.5.2.7.2).
    Matcher closes = Pattern.compile("^estuary_smb_requests_total\\{[^}]*op=\"CLOSE\"[^}]*status=\"(STATUS_\\w+)\"",
        Pattern.MULTILINE).matcher(metrics);
    while (closes.find()) {
      String status = closes.group(1);
      if (!status.equals("STATUS_SUCCESS")) {
        assertThat(count(metrics, "CLOSE", status)).as("CLOSE answered %s", status)
            .isLessThanOrEqualTo(count(metrics, "CREATE", status));
      }
    }
    List<String> bad = metrics.lines().filter(l -> l.startsWith("estuary_smb_requests_total{")
        && (l.contains("STATUS_INTERNAL_ERROR") || l.contains("STATUS_NOT_IMPLEMENTED"))).toList();
    assertThat(bad).as("SMB answers the server should never give").isEmpty();
  }

  private static String workload() throws IOException {
    try (InputStream in = LinuxCifsClientIT.class.getResourceAsStream(WORKLOAD)) {
      assertThat(in).as("resource %s next to %s", WORKLOAD, LinuxCifsClientIT.class.getName()).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static double count(String metrics, String op, String status) {
    Matcher m = Pattern.compile("^estuary_smb_requests_total\\{[^}]*op=\"" + op + "\"[^}]*status=\""
        + status + "\"[^}]*\\} ([0-9.eE+]+)$", Pattern.MULTILINE).matcher(metrics);
    double total = 0;
    while (m.find()) {
      total += Double.parseDouble(m.group(1));
    }
    return total;
  }

  private static S3Client s3(String url, String accessKey, String secretKey) {
    return S3Client.builder()
        .endpointOverride(URI.create(url))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
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

  private static void match(Pattern p, String line, String key, Map<String, String> into) {
    Matcher m = p.matcher(line);
    if (m.find()) {
      into.put(key, m.group(1));
    }
  }

  private static String endpoint(EstuaryProcess server, Pattern p) throws InterruptedException {
    Matcher m = p.matcher(server.awaitStdout(l -> p.matcher(l).find(), Duration.ofSeconds(90)));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  private static EstuaryProcess.Result cli(String... args) throws Exception {
    EstuaryProcess.Result r = EstuaryProcess.run(Map.of(), args);
    assertThat(r.exitCode()).as("estuary %s: %s", String.join(" ", args), r.stderr()).isZero();
    return r;
  }
}
