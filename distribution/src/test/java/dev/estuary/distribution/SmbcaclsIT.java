package dev.estuary.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Security descriptors through Debian's smbcacls (issue 12): owner and group SIDs, a DACL of owner, group
 * and Everyone from the mode bits, a DACL change that sets the mode bits, and the changes mode bits cannot
 * hold (a deny ACE, another SID, a new owner) refused with NT_STATUS_NOT_SUPPORTED. smbcacls 4.17 only
 * connects to port 445, which this machine's other servers may hold, so the server and smbcacls run in a
 * network namespace of their own ({@code unshare -n}, as root like ./run-tests) where 127.0.0.1:445 is free.
 */
class SmbcaclsIT {
  private static final String USER = "sd-admin";
  private static final String PASSWORD = "Sd-Passw0rd-1";

  @Test
  void smbcacls_readsTheModeAsADacl_setsModeBits_refusesWhatModeBitsCannotHold(@TempDir Path tmp)
      throws Exception {
    Path data = tmp.resolve("data");
    assertThat(EstuaryProcess.run(Map.of(), "volume", "create", "media", "--data", data.toString()).exitCode())
        .isZero();
    String java = ProcessHandle.current().info().command().orElse("java");
    String lib = Path.of(System.getProperty("estuary.lib")).toAbsolutePath() + "/*";
    Path conf = Files.writeString(tmp.resolve("smb.conf"), "[global]\n");
    Path local = Files.writeString(tmp.resolve("sd.txt"), "descriptor\n");
    Path log = tmp.resolve("serve.log");
    String cacls = "smbcacls -s " + conf + " //127.0.0.1/media sd.txt -U " + USER + "%" + PASSWORD
        + " -m SMB3_11 --numeric";
    String script = String.join("\n",
        "set -u",
        "ip link set lo up",
        "'" + java + "' --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -Xmx512m -cp '"
            + lib + "' dev.estuary.core.cli.Main serve --data " + data + " --bind 127.0.0.1 --frontends smb"
            + " --smb-port 445 --admin-port 0 > " + log + " 2>&1 &",
        "server=$!",
        "for i in $(seq 1 600); do grep -q '^smb ' " + log + " && break; sleep 0.1; done",
        "smbclient -s " + conf + " //127.0.0.1/media -U " + USER + "%" + PASSWORD + " -m SMB3_11 -c 'put " + local
            + " sd.txt' >/dev/null 2>&1; echo put=$?",
        "echo '--- get'; " + cacls,
        "echo '--- remove everyone'; " + cacls + " -D 'ACL:S-1-1-0:0/0x0/0x00120089'; echo rc=$?",
        "echo '--- after'; " + cacls,
        "echo '--- deny'; " + cacls + " -a 'ACL:S-1-1-0:DENIED/0x0/READ' 2>&1; echo rc=$?",
        "echo '--- other sid'; " + cacls + " -a 'ACL:S-1-5-32-544:ALLOWED/0x0/READ' 2>&1; echo rc=$?",
        "echo '--- chown'; " + cacls + " -C S-1-5-21-1-2-3-4 2>&1; echo rc=$?",
        "echo '--- final'; " + cacls,
        "kill $server; wait $server",
        "");
    Path sh = Files.writeString(tmp.resolve("smbcacls.sh"), script);
    ProcessBuilder pb = new ProcessBuilder("unshare", "-n", "bash", sh.toString()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("ESTUARY_"));
    pb.environment().putAll(Map.of("ESTUARY_ADMIN_USER", USER, "ESTUARY_ADMIN_PASSWORD", PASSWORD,
        "ESTUARY_ADMIN_ACCESS_KEY", "AKIAESTUARYTEST0013", "ESTUARY_ADMIN_SECRET_KEY", "sd-secret-Value-13"));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String serverLog = Files.exists(log) ? Files.readString(log) : "";
    assertThat(out).as("script output; server log: %s", serverLog).contains("put=0");

    String get = section(out, "get");
    String domainUser = "S-1-5-21-\\d+-\\d+-\\d+-\\d+";
    // SE_SELF_RELATIVE | SE_DACL_PRESENT; owner and group from the identity service's SID mapping.
    assertThat(get).contains("CONTROL:0x8004").containsPattern("(?m)^OWNER:" + domainUser + "$")
        .containsPattern("(?m)^GROUP:" + domainUser + "$");
    // The files smbclient creates are 0664 (the volume's file mode): owner and group rw, Everyone r.
    assertThat(get).containsPattern("(?m)^ACL:" + domainUser + ":0/0x0/0x001f019f$")
        .containsPattern("(?m)^ACL:" + domainUser + ":0/0x0/0x0013019f$")
        .contains("ACL:S-1-1-0:0/0x0/0x00120089");

    assertThat(section(out, "remove everyone")).contains("rc=0");
    // Everyone keeps only what every ACE of this server carries (read control, attributes, synchronize).
    assertThat(section(out, "after")).contains("ACL:S-1-1-0:0/0x0/0x00120080");
    for (String refused : new String[] {"deny", "other sid", "chown"}) {
      assertThat(section(out, refused)).as(refused).contains("NT_STATUS_NOT_SUPPORTED").contains("rc=1");
    }
    assertThat(section(out, "final")).contains("ACL:S-1-1-0:0/0x0/0x00120080");
  }

  /** The lines after {@code --- name} up to the next marker. */
  private static String section(String out, String name) {
    int start = out.indexOf("--- " + name + "\n");
    assertThat(start).as("section %s in %s", name, out).isNotNegative();
    int end = out.indexOf("\n--- ", start + 4);
    return end < 0 ? out.substring(start) : out.substring(start, end);
  }
}
