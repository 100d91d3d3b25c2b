package dev.estuary.dfs.contract;

import static dev.estuary.dfs.ShareAccess.DELETE;
import static dev.estuary.dfs.ShareAccess.READ;
import static dev.estuary.dfs.ShareAccess.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Capability;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ShareAccess;
import dev.estuary.dfs.ShareReservation;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Share reservations ({@link Capability#SHARE_MODES}): the SMB share-mode matrix ([MS-FSA]
 * 2.1.5.1.2: a second open fails when it asks for access the first does not share, or does not
 * share access the first has), NFS OPEN deny cases with OPEN_DOWNGRADE and upgrade (RFC 8881 §9.7,
 * §18.18), and release on close and on session death.
 */
public abstract class ShareModeContract extends DfsContractSupport {
  private ObjectId file;
  private LockSession nfs;
  private LockSession smb;

  /** Creates the file and two sessions, the second through another Volume instance. */
  @BeforeEach
  void setUpShares() {
    assumeCapability(Capability.SHARE_MODES);
    file = createFile(root, "shared").id();
    nfs = volume.openSession("nfs client A");
    smb = dfs.volume(VOLUME).openSession("smb session B");
  }

  private static List<Set<ShareAccess>> allSets() {
    List<Set<ShareAccess>> all = new ArrayList<>();
    for (int bits = 0; bits < 8; bits++) {
      Set<ShareAccess> s = EnumSet.noneOf(ShareAccess.class);
      for (ShareAccess a : ShareAccess.values()) {
        if ((bits & (1 << a.ordinal())) != 0) {
          s.add(a);
        }
      }
      all.add(s);
    }
    return all;
  }

  private static Set<ShareAccess> complement(Set<ShareAccess> s) {
    return s.isEmpty() ? EnumSet.allOf(ShareAccess.class) : EnumSet.complementOf(EnumSet.copyOf(s));
  }

  /**
   * Every pair of opens, stated in SMB terms (ShareAccess = the complement of deny): the second
   * open succeeds exactly when each open shares every access the other asks for.
   */
  @Test
  void smbMatrix_secondOpenSucceedsExactlyWhenEachSharesWhatTheOtherAsks() {
    int conflicts = 0;
    for (Set<ShareAccess> access1 : allSets()) {
      for (Set<ShareAccess> share1 : allSets()) {
        try (ShareReservation first = smb.reserve(file, access1, complement(share1))) {
          for (Set<ShareAccess> access2 : allSets()) {
            for (Set<ShareAccess> share2 : allSets()) {
              boolean expected = share1.containsAll(access2) && share2.containsAll(access1);
              String what = "open 1 access " + access1 + " share " + share1 + "; open 2 access "
                  + access2 + " share " + share2;
              try (ShareReservation second = nfs.reserve(file, access2, complement(share2))) {
                assertThat(expected).as(what + ": granted").isTrue();
                assertThat(second.access()).isEqualTo(access2);
              } catch (DfsException e) {
                assertThat(e.kind()).as(what).isEqualTo(ErrorKind.SHARING_VIOLATION);
                assertThat(expected).as(what + ": refused").isFalse();
                conflicts++;
              }
            }
          }
        }
      }
    }
    assertThat(conflicts).isPositive();
  }

  @Test
  void smb_readersSharingReadCoexist_aWriterIsRefused_deleteNeedsShareDelete() {
    ShareReservation a = smb.reserve(file, Set.of(READ), Set.of(WRITE, DELETE));
    ShareReservation b = smb.reserve(file, Set.of(READ), Set.of(WRITE, DELETE));

    assertKind(ErrorKind.SHARING_VIOLATION, () -> smb.reserve(file, Set.of(WRITE), Set.of()));
    assertKind(ErrorKind.SHARING_VIOLATION, () -> nfs.reserve(file, Set.of(DELETE), Set.of()));
    assertKind(ErrorKind.SHARING_VIOLATION, () -> smb.reserve(file, Set.of(READ), Set.of(READ)));
    a.close();
    b.close();

    try (ShareReservation w = smb.reserve(file, Set.of(DELETE), Set.of())) {
      assertThat(w.deny()).isEmpty();
    }
  }

  @Test
  void attributeOnlyOpen_conflictsWithNothingOnTheAccessSide() {
    try (ShareReservation exclusive = smb.reserve(file, Set.of(READ, WRITE), Set.of(READ, WRITE, DELETE))) {
      ShareReservation stat = nfs.reserve(file, Set.of(), Set.of());
      assertThat(stat.access()).isEmpty();
      stat.close();
    }
  }

  @Test
  void nfs_denyWriteRefusesAWriter_andTheSameSessionConflictsToo() {
    ShareReservation reader = nfs.reserve(file, Set.of(READ), Set.of(WRITE));

    assertKind(ErrorKind.SHARING_VIOLATION, () -> smb.reserve(file, Set.of(WRITE), Set.of()));
    assertKind(ErrorKind.SHARING_VIOLATION, () -> nfs.reserve(file, Set.of(READ, WRITE), Set.of()));
    ShareReservation other = nfs.reserve(file, Set.of(READ), Set.of());
    assertKind(ErrorKind.SHARING_VIOLATION, () -> smb.reserve(file, Set.of(READ), Set.of(READ)));

    reader.close();
    other.close();
    smb.reserve(file, Set.of(WRITE), Set.of()).close();
  }

  @Test
  void nfs_downgradeLetsOthersIn_andAConflictingUpgradeChangesNothing() {
    ShareReservation open = nfs.reserve(file, Set.of(READ, WRITE), Set.of(WRITE));
    assertKind(ErrorKind.SHARING_VIOLATION, () -> smb.reserve(file, Set.of(WRITE), Set.of()));

    open.change(Set.of(READ), Set.of());
    ShareReservation writer = smb.reserve(file, Set.of(WRITE), Set.of());

    assertKind(ErrorKind.SHARING_VIOLATION, () -> open.change(Set.of(READ), Set.of(WRITE)));
    assertThat(open.access()).containsExactly(READ);
    assertThat(open.deny()).isEmpty();
    open.change(Set.of(READ, WRITE), Set.of());
    assertThat(open.access()).containsExactlyInAnyOrder(READ, WRITE);
    writer.close();
    open.close();
    assertKind(ErrorKind.CLOSED, () -> open.change(Set.of(READ), Set.of()));
  }

  @Test
  void sessionDeath_releasesItsReservations() {
    smb.reserve(file, Set.of(READ, WRITE), Set.of(READ, WRITE, DELETE));
    ObjectId second = createFile(root, "second").id();
    smb.reserve(second, Set.of(READ), Set.of(WRITE));
    assertKind(ErrorKind.SHARING_VIOLATION, () -> nfs.reserve(file, Set.of(READ), Set.of()));

    smb.close();

    nfs.reserve(file, Set.of(READ, WRITE), Set.of()).close();
    nfs.reserve(second, Set.of(WRITE), Set.of()).close();
    assertKind(ErrorKind.CLOSED, () -> smb.reserve(file, Set.of(READ), Set.of()));
  }

  @Test
  void directories_takeReservations_missingObjectsDoNot() {
    ObjectId dir = mkdir(root, "d").id();
    try (ShareReservation r = smb.reserve(dir, Set.of(READ), Set.of(DELETE))) {
      assertKind(ErrorKind.SHARING_VIOLATION, () -> nfs.reserve(dir, Set.of(DELETE), Set.of()));
    }
    ObjectId gone = createFile(root, "gone").id();
    volume.remove(root, "gone", dev.estuary.dfs.RemoveKind.ANY);
    assertKind(ErrorKind.STALE, () -> nfs.reserve(gone, Set.of(READ), Set.of()));
  }
}
