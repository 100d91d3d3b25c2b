/**
 * Test support: runs shell scripts as root in a qemu guest with the real Linux kernel NFS and SMB
 * (cifs) clients ({@link dev.estuary.testing.linuxguest.LinuxGuest}), reaching servers on the host's
 * loopback through qemu's user-mode network, and starts Debian's nfs-ganesha as a peer NFS server
 * ({@link dev.estuary.testing.linuxguest.NfsGanesha}). The guest is built from Debian packages by
 * {@code testing/linux-guest/build}; see the README next to it.
 */
@NullMarked
package dev.estuary.testing.linuxguest;

import org.jspecify.annotations.NullMarked;
