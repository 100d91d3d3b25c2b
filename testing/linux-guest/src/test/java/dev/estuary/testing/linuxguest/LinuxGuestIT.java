package dev.estuary.testing.linuxguest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The harness end to end: the guest boots, its kernel has the NFSv4 and cifs clients, and it mounts
 * real servers on the host's loopback (nfs-ganesha over NFS 4.2 and 4.1, Samba over SMB 3.1.1 with
 * sealing) through qemu's user-mode network, writes a file the host then reads, and reads one the
 * host wrote. Then the harness's failure paths: a failing script, a kernel panic, a timeout.
 */
class LinuxGuestIT {

  private static final Path WORK = Path.of("target", "linux-guest").toAbsolutePath();
  private static LinuxGuest guest;

  @BeforeAll
  static void prepare() {
    guest = LinuxGuest.prepare(WORK);
    System.out.printf(
        "linux-guest: build/check %.1f s, kernel %s%n",
        guest.buildTime().toMillis() / 1000.0, guest.kernelVersion());
  }

  @Test
  void mountsGanesha42ThroughTheUserModeNetworkAndTheBytesMatchOnTheHost() throws Exception {
    long t0 = System.nanoTime();
    try (NfsGanesha ganesha = NfsGanesha.start(WORK.resolve("ganesha"), Duration.ofSeconds(60))) {
      long t1 = System.nanoTime();
      // Random content, so a stale file from another run cannot pass.
      byte[] rnd = new byte[48];
      new Random().nextBytes(rnd);
      String fromGuest = "written by the guest's NFS client " + HexFormat.of().formatHex(rnd) + "\n";
      String fromHost = "written on the host " + System.nanoTime() + "\n";
      Files.writeString(ganesha.exportDir().resolve("from-host.txt"), fromHost);

      GuestScript script =
          GuestScript.of(
                  """
                  #!/bin/sh
                  set -eu
                  # The clients must be there before anything else: modules load, the kernel lists them.
                  modprobe -a nfsv4 cifs
                  grep -w nfs4 /proc/filesystems
                  grep -w cifs /proc/filesystems
                  # SMB 3 signing and sealing need these (AES-CMAC, AES-CCM, AES-GCM).
                  modprobe -a cmac ccm gcm aesni_intel
                  # The tools the frontends' workloads use (the README promises them).
                  for t in mount.nfs4 mount.cifs setfattr getfattr flock fallocate setpriv python3 perl ip; do
                    command -v "$t" >/dev/null || { echo "no $t in the guest" >&2; exit 20; }
                  done
                  mkdir -p /mnt/nfs
                  %s
                  grep ' /mnt/nfs ' /proc/mounts >mounts.txt
                  cp /io/in/content /mnt/nfs/from-guest.txt
                  sync
                  cmp /io/in/content /mnt/nfs/from-guest.txt
                  cp /mnt/nfs/from-host.txt from-host.txt
                  umount /mnt/nfs
                  # Minor version 1 too (the NFS frontend serves 4.1 and 4.2).
                  %s
                  grep ' /mnt/nfs ' /proc/mounts >mounts41.txt
                  cmp /io/in/content /mnt/nfs/from-guest.txt
                  umount /mnt/nfs
                  echo round trip done
                  """
                      .formatted(
                          ganesha.guestMountCommand("4.2", "/mnt/nfs"),
                          ganesha.guestMountCommand("4.1", "/mnt/nfs")))
              .withInput("content", fromGuest.getBytes(StandardCharsets.UTF_8));
      GuestResult result = guest.run(script, Duration.ofMinutes(2));
      long t2 = System.nanoTime();
      System.out.printf(
          "linux-guest: ganesha start %.1f s; guest run %s; test total %.1f s%n",
          (t1 - t0) / 1e9, result.timings(), (t2 - t0) / 1e9);

      assertThat(result.exitCode()).as(result.describe()).isZero();
      assertThat(result.stdout()).contains("nfs4", "cifs", "round trip done");
      assertThat(result.fileText("mounts.txt"))
          .as("the client's mount options")
          .contains("10.0.2.2:/export", "nfs4", "vers=4.2", "port=" + ganesha.port());
      assertThat(result.fileText("mounts41.txt")).contains("vers=4.1");
      assertThat(ganesha.exportDir().resolve("from-guest.txt"))
          .as("the file the guest wrote, read on the host")
          .hasContent(fromGuest);
      assertThat(result.fileText("from-host.txt")).isEqualTo(fromHost);
    }
  }

  @Test
  void mountsSambaOverSmb311WithSealingAndTheBytesMatchOnTheHost() throws Exception {
    long t0 = System.nanoTime();
    try (SambaServer samba = SambaServer.start(WORK.resolve("samba"), Duration.ofSeconds(60))) {
      long t1 = System.nanoTime();
      byte[] rnd = new byte[48];
      new Random().nextBytes(rnd);
      String fromGuest = "written by the guest's cifs client " + HexFormat.of().formatHex(rnd) + "\n";
      String fromHost = "written on the host " + System.nanoTime() + "\n";
      Files.writeString(samba.shareDir().resolve("from-host.txt"), fromHost);

      GuestScript script =
          GuestScript.of(
                  """
                  #!/bin/sh
                  set -eu
                  mkdir -p /mnt/smb
                  %s
                  grep ' /mnt/smb ' /proc/mounts >mounts.txt
                  cp /io/in/content /mnt/smb/from-guest.txt
                  sync
                  cmp /io/in/content /mnt/smb/from-guest.txt
                  cp /mnt/smb/from-host.txt from-host.txt
                  umount /mnt/smb
                  echo round trip done
                  """
                      .formatted(samba.guestMountCommand("vers=3.1.1,seal", "/mnt/smb")))
              .withInput("content", fromGuest.getBytes(StandardCharsets.UTF_8));
      GuestResult result = guest.run(script, Duration.ofMinutes(2));
      long t2 = System.nanoTime();
      System.out.printf(
          "linux-guest: smbd start %.1f s; guest run %s; test total %.1f s%n",
          (t1 - t0) / 1e9, result.timings(), (t2 - t0) / 1e9);

      assertThat(result.exitCode()).as(result.describe()).isZero();
      assertThat(result.fileText("mounts.txt"))
          .as("the client's mount options")
          .contains("//10.0.2.2/share", "cifs", "vers=3.1.1", "seal");
      assertThat(samba.shareDir().resolve("from-guest.txt"))
          .as("the file the guest wrote, read on the host")
          .hasContent(fromGuest);
      assertThat(result.fileText("from-host.txt")).isEqualTo(fromHost);
    }
  }

  @Test
  void aFailingScriptReturnsItsStatusOutputAndFiles() {
    // No #! line: run by /bin/sh. The status is a result, not an exception.
    GuestResult result =
        guest.run(
            GuestScript.of(
                    "echo to-stdout; echo to-stderr >&2; mkdir sub; cat /io/in/x >sub/y; exit 3\n")
                .withInput("x", new byte[] {1, 2, 3}),
            Duration.ofMinutes(2));
    System.out.printf("linux-guest: failing-script run %s%n", result.timings());
    assertThat(result.exitCode()).as(result.describe()).isEqualTo(3);
    assertThat(result.stdout()).isEqualTo("to-stdout\n");
    assertThat(result.stderr()).isEqualTo("to-stderr\n");
    assertThat(result.file("sub/y")).hasBinaryContent(new byte[] {1, 2, 3});
  }

  @Test
  void aKernelPanicEndsTheRunWithTheConsoleInTheMessage() {
    // sysrq c crashes the kernel; panic=-1 and -no-reboot end qemu at once, with no exit status.
    assertThatThrownBy(
            () -> guest.run(GuestScript.of("echo c >/proc/sysrq-trigger\n"), Duration.ofMinutes(2)))
        .isInstanceOf(LinuxGuestException.class)
        .isNotInstanceOf(GuestTimeoutException.class)
        .hasMessageContaining("without the script's exit status")
        .hasMessageContaining("Kernel panic - not syncing: sysrq triggered crash");
  }

  @Test
  void aRunPastItsTimeoutKillsQemuAndSaysSo() {
    assertThatThrownBy(() -> guest.run(GuestScript.of("sleep 600\n"), Duration.ofSeconds(4)))
        .isInstanceOf(GuestTimeoutException.class)
        .hasMessageContaining("did not finish within PT4S; qemu was killed")
        .hasMessageContaining("console.log");
  }
}
