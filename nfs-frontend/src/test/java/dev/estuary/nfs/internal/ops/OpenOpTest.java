package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.internal.ops.StateFixture.BOTH;
import static dev.estuary.nfs.internal.ops.StateFixture.READ;
import static dev.estuary.nfs.internal.ops.StateFixture.WRITE;
import static dev.estuary.nfs.internal.ops.StateFixture.at;
import static dev.estuary.nfs.internal.ops.StateFixture.create;
import static dev.estuary.nfs.internal.ops.StateFixture.openFh;
import static dev.estuary.nfs.internal.ops.StateFixture.openOk;
import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ShareAccess;
import dev.estuary.dfs.ShareReservation;
import dev.estuary.dfs.Volume;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.StateOwner;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.state.Session;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenOpTest extends HandlerTest {
    static final Bytes VERF = Bytes.of(new byte[] {0, 0, 0, 7, 0x12, 0x34, 0x56, 0x78});

    ObjectId root() {
        return h.root(ALPHA);
    }

    Volume alpha() {
        return h.f.volume(ALPHA);
    }

    @Test
    void uncheckedCreateMakesTheFileWithItsModeOpenAndCurrent() {
        Session s = StateFixture.session(h, "c1");
        long before = alpha().getAttributes(root()).change();
        OpContext c = at(h, s, root());
        NfsResult.OpenOk ok = openOk(h.run(c, create("owner", "new.txt", BOTH, 0)));
        Attributes a = alpha().lookup(root(), "new.txt");
        assertThat(a.mode()).isEqualTo(0644);
        assertThat(a.uid()).isEqualTo(1000);
        assertThat(ok.stateid().seqid()).isEqualTo(1);
        assertThat(ok.resultFlags()).isEqualTo(OpenOp.RESULT_LOCKTYPE_POSIX);
        assertThat(ok.attrSet().isSet(33)).isTrue();
        assertThat(ok.cinfo().before()).isEqualTo(before);
        assertThat(ok.cinfo().after()).isGreaterThan(before);
        assertThat(ok.delegation()).isInstanceOf(NfsResult.Delegation.None.class);
        // The current file handle is the file, the current stateid the open's (RFC 8881 §16.2.3.1.2).
        assertThat(((FileRef.InVolume) c.currentOrNull()).id()).isEqualTo(a.id());
        assertThat(c.currentStateid()).isEqualTo(ok.stateid());
        assertThat(h.services.state().stateCount()).isEqualTo(1);
    }

    @Test
    void aSecondOpenOfTheSameOwnerAddsToTheFirstAndMovesTheSeqid() throws Exception {
        Session s = StateFixture.session(h, "c1");
        Stateid first = openOk(h.run(at(h, s, root()), create("owner", "f", READ, 0))).stateid();
        Stateid second = openOk(h.run(at(h, s, root()), create("owner", "f", WRITE, 0))).stateid();
        assertThat(second.other()).isEqualTo(first.other());
        assertThat(second.seqid()).isEqualTo(2);
        // The open now writes.
        ObjectId id = alpha().lookup(root(), "f").id();
        OpContext c = at(h, s, id);
        try (IoAccess io = h.services.stateIds().checkIo(c, second, h.ref(ALPHA, id), IoKind.WRITE, 0, 3)) {
            io.handle().write(0, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        }
        assertThat(alpha().getAttributes(id).size()).isEqualTo(3);
    }

    @Test
    void guardedOnAnExistingNameIsExist() {
        h.f.file(ALPHA, root(), "there", 0644, 1000, 1000, new byte[0]);
        Session s = StateFixture.session(h, "c1");
        NfsArgs.Open g = new NfsArgs.Open(0, READ, 0, new StateOwner(0, Bytes.utf8("o")),
                new NfsArgs.CreateHow.Guarded(StateFixture.mode(0600)), new NfsArgs.OpenClaim.Null(Bytes.utf8("there")));
        assertThat(h.run(at(h, s, root()), g).status()).isEqualTo(NfsStatus.EXIST);
        assertThat(h.services.state().stateCount()).isZero();
    }

    @Test
    void uncheckedWithSizeZeroTruncatesAnExistingFile() {
        Attributes a = h.f.file(ALPHA, root(), "data", 0644, 1000, 1000, new byte[100]);
        Session s = StateFixture.session(h, "c1");
        NfsArgs.Open o = new NfsArgs.Open(0, WRITE, 0, new StateOwner(0, Bytes.utf8("o")),
                new NfsArgs.CreateHow.Unchecked(FileAttrs.builder().set(FileAttr.SIZE, 0L).build().encode()),
                new NfsArgs.OpenClaim.Null(Bytes.utf8("data")));
        NfsResult.OpenOk ok = openOk(h.run(at(h, s, root()), o));
        assertThat(alpha().getAttributes(a.id()).size()).isZero();
        assertThat(ok.attrSet()).isEqualTo(StateFixture.bits(4));
        // Truncating needs write access: a read-only open asking it is invalid.
        NfsArgs.Open ro = new NfsArgs.Open(0, READ, 0, new StateOwner(0, Bytes.utf8("o2")), o.how(), o.claim());
        assertThat(h.run(at(h, s, root()), ro).status()).isEqualTo(NfsStatus.INVAL);
    }

    @Test
    void exclusiveCreateRetryFindsTheSameFileAndAnotherVerifierIsExist() {
        Session s = StateFixture.session(h, "c1");
        NfsArgs.Open x = new NfsArgs.Open(0, BOTH, 0, new StateOwner(0, Bytes.utf8("o")),
                new NfsArgs.CreateHow.Exclusive41(VERF, StateFixture.mode(0600)), new NfsArgs.OpenClaim.Null(Bytes.utf8("x")));
        NfsResult.OpenOk first = openOk(h.run(at(h, s, root()), x));
        Attributes a = alpha().lookup(root(), "x");
        assertThat(a.mode()).isEqualTo(0600);
        assertThat(a.accessTime()).isEqualTo(Instant.ofEpochSecond(7));
        assertThat(a.modifyTime()).isEqualTo(Instant.ofEpochSecond(0x12345678L));
        assertThat(first.attrSet()).isEqualTo(StateFixture.bits(33));
        // The retry (its reply was lost) is the same create: OK, the same file.
        NfsResult.OpenOk retry = openOk(h.run(at(h, s, root()), x));
        assertThat(retry.stateid().other()).isEqualTo(first.stateid().other());
        assertThat(alpha().lookup(root(), "x").id()).isEqualTo(a.id());
        NfsArgs.Open other = new NfsArgs.Open(0, BOTH, 0, new StateOwner(0, Bytes.utf8("o")),
                new NfsArgs.CreateHow.Exclusive41(Bytes.of(new byte[8]), StateFixture.mode(0600)), x.claim());
        assertThat(h.run(at(h, s, root()), other).status()).isEqualTo(NfsStatus.EXIST);
        // EXCLUSIVE4 (no attributes) works the same way.
        NfsArgs.Open old = new NfsArgs.Open(0, BOTH, 0, new StateOwner(0, Bytes.utf8("o")),
                new NfsArgs.CreateHow.Exclusive(VERF), new NfsArgs.OpenClaim.Null(Bytes.utf8("y")));
        openOk(h.run(at(h, s, root()), old));
        openOk(h.run(at(h, s, root()), old));
        assertThat(alpha().lookup(root(), "y").accessTime()).isEqualTo(Instant.ofEpochSecond(7));
    }

    @Test
    void exclusiveCreateSetsOnlyWhatSuppattrExclcreatSays() {
        Session s = StateFixture.session(h, "c1");
        // type is a supported attribute, but not one a create sets (nor are the times, which hold the verifier).
        NfsArgs.Open x = new NfsArgs.Open(0, BOTH, 0, new StateOwner(0, Bytes.utf8("o")),
                new NfsArgs.CreateHow.Exclusive41(VERF, FileAttrs.builder().set(FileAttr.TYPE, FileAttr.NF4REG)
                        .build().encode()), new NfsArgs.OpenClaim.Null(Bytes.utf8("x")));
        assertThat(h.run(at(h, s, root()), x).status()).isEqualTo(NfsStatus.INVAL);
        NfsArgs.Open times = new NfsArgs.Open(0, BOTH, 0, new StateOwner(0, Bytes.utf8("o")),
                new NfsArgs.CreateHow.Exclusive41(VERF, FileAttrs.builder().set(FileAttr.TIME_MODIFY_SET,
                        FileAttr.SetTime.SERVER).build().encode()), new NfsArgs.OpenClaim.Null(Bytes.utf8("x")));
        assertThat(h.run(at(h, s, root()), times).status()).isEqualTo(NfsStatus.INVAL);
        assertThatThrownBy(() -> alpha().lookup(root(), "x")).isInstanceOf(DfsException.class);
        // UNCHECKED4 sets the times it is given on a new file, and says so in attrset.
        NfsArgs.Open u = new NfsArgs.Open(0, BOTH, 0, new StateOwner(0, Bytes.utf8("o")),
                new NfsArgs.CreateHow.Unchecked(FileAttrs.builder().set(FileAttr.MODE, 0640).set(FileAttr.TIME_MODIFY_SET,
                        new FileAttr.SetTime(new dev.estuary.nfs.internal.codec.Types.NfsTime(1000, 5))).build()
                        .encode()), new NfsArgs.OpenClaim.Null(Bytes.utf8("u")));
        NfsResult.OpenOk ok = openOk(h.run(at(h, s, root()), u));
        assertThat(ok.attrSet()).isEqualTo(StateFixture.bits(33, 54));
        assertThat(alpha().lookup(root(), "u").modifyTime()).isEqualTo(Instant.ofEpochSecond(1000, 5));
        assertThat(alpha().lookup(root(), "u").mode()).isEqualTo(0640);
    }

    @Test
    void denyConflictsBetweenClientsAndWithTheBackendsOtherUsers() {
        Attributes a = h.f.file(ALPHA, root(), "shared", 0666, 1000, 1000, new byte[0]);
        Session one = StateFixture.session(h, "c1");
        Session two = StateFixture.session(h, "c2");
        openOk(h.run(at(h, one, a.id()), openFh("o1", READ, WRITE)));
        assertThat(h.run(at(h, two, a.id()), openFh("o2", WRITE, 0)).status()).isEqualTo(NfsStatus.SHARE_DENIED);
        assertThat(h.run(at(h, two, a.id()), openFh("o2", READ, READ)).status()).isEqualTo(NfsStatus.SHARE_DENIED);
        openOk(h.run(at(h, two, a.id()), openFh("o2", READ, 0)));
        // An SMB user of the same backend meets the same reservation.
        try (LockSession smb = alpha().openSession("smb test")) {
            assertThatThrownBy(() -> smb.reserve(a.id(), Set.of(ShareAccess.WRITE), Set.of()))
                    .isInstanceOfSatisfying(DfsException.class, e -> assertThat(e.kind())
                            .isEqualTo(ErrorKind.SHARING_VIOLATION));
            try (ShareReservation r = smb.reserve(a.id(), Set.of(ShareAccess.READ), Set.of(ShareAccess.WRITE))) {
                assertThat(r.access()).containsExactly(ShareAccess.READ);
            }
        }
    }

    @Test
    void anExpiredClientsReservationStandsInNoOnesWay() {
        Attributes a = h.f.file(ALPHA, root(), "shared", 0666, 1000, 1000, new byte[0]);
        Session one = StateFixture.session(h, "c1");
        openOk(h.run(at(h, one, a.id()), openFh("o1", READ, BOTH)));
        h.f.clock.advance(Duration.ofSeconds(60));
        Session two = StateFixture.session(h, "c2");
        assertThat(h.run(at(h, two, a.id()), openFh("o2", WRITE, 0)).status()).isEqualTo(NfsStatus.SHARE_DENIED);
        h.f.clock.advance(Duration.ofSeconds(31));
        // Client one's 90 s lease is over, client two's is not: one's open goes, two's open is granted.
        openOk(h.run(at(h, two, a.id()), openFh("o2", WRITE, 0)));
        assertThat(one.client().removed()).isTrue();
        assertThat(h.services.state().stateCount()).isEqualTo(1);
    }

    @Test
    void claimsOfDelegationsAndReclaimsOutsideGrace() {
        Attributes a = h.f.file(ALPHA, root(), "f", 0644, 1000, 1000, new byte[0]);
        Session s = StateFixture.session(h, "c1");
        StateOwner o = new StateOwner(0, Bytes.utf8("o"));
        Stateid some = new Stateid(1, Bytes.of(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}));
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.Open(0, READ, 0, o, null, new NfsArgs.OpenClaim.Previous(0)))
                .status()).isEqualTo(NfsStatus.NO_GRACE);
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.Open(0, READ, 0, o, null,
                new NfsArgs.OpenClaim.DelegCurFh(some))).status()).isEqualTo(NfsStatus.BAD_STATEID);
        assertThat(h.run(at(h, s, root()), new NfsArgs.Open(0, READ, 0, o, null,
                new NfsArgs.OpenClaim.DelegateCur(some, Bytes.utf8("f")))).status()).isEqualTo(NfsStatus.BAD_STATEID);
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.Open(0, READ, 0, o, null, new NfsArgs.OpenClaim.DelegPrevFh()))
                .status()).isEqualTo(NfsStatus.NOTSUPP);
        assertThat(h.run(at(h, s, root()), new NfsArgs.Open(0, READ, 0, o, null,
                new NfsArgs.OpenClaim.DelegatePrev(Bytes.utf8("f")))).status()).isEqualTo(NfsStatus.NOTSUPP);
        // Creating needs a name: with CLAIM_FH it is invalid.
        assertThat(h.run(at(h, s, a.id()), new NfsArgs.Open(0, READ, 0, o,
                new NfsArgs.CreateHow.Unchecked(StateFixture.mode(0644)), new NfsArgs.OpenClaim.Fh())).status())
                .isEqualTo(NfsStatus.INVAL);
        assertThat(h.services.state().stateCount()).isZero();
    }

    @Test
    void delegationWishesAreAnsweredWithTheirReason() {
        Attributes a = h.f.file(ALPHA, root(), "f", 0666, 1000, 1000, new byte[0]);
        Session s = StateFixture.session(h, "c1");
        Session other = StateFixture.session(h, "c2");
        NfsResult.OpenOk ok = openOk(h.run(at(h, s, a.id()), openFh("o1", READ | 0x0100, 0)));
        assertThat(ok.delegation()).isEqualTo(new NfsResult.Delegation.NoneExt(OpenOp.WND4_NOT_SUPP_FTYPE, null));
        ok = openOk(h.run(at(h, s, a.id()), openFh("o2", READ | OpenOp.WANT_NO_DELEG, 0)));
        assertThat(ok.delegation()).isEqualTo(new NfsResult.Delegation.NoneExt(OpenOp.WND4_NOT_WANTED, null));
        // RFC 9754's timestamp and open-xor-delegation wishes change nothing here.
        ok = openOk(h.run(at(h, s, a.id()), openFh("o5", READ | 0x100000 | 0x200000, 0)));
        assertThat(ok.delegation()).isInstanceOf(NfsResult.Delegation.None.class);
        ok = openOk(h.run(at(h, s, a.id()), openFh("o3", READ | OpenOp.WANT_CANCEL, 0)));
        assertThat(ok.delegation()).isEqualTo(new NfsResult.Delegation.NoneExt(OpenOp.WND4_CANCELLED, null));
        // Another client writes the file: a read delegation would be contended.
        openOk(h.run(at(h, other, a.id()), openFh("w", WRITE, 0)));
        ok = openOk(h.run(at(h, s, a.id()), openFh("o4", READ | 0x0100, 0)));
        assertThat(ok.delegation()).isEqualTo(new NfsResult.Delegation.NoneExt(OpenOp.WND4_CONTENTION, false));
    }

    @Test
    void badArgumentsAndObjectsThatAreNotFiles() {
        Attributes dir = alpha().mkdir(root(), "d", 0755, new dev.estuary.dfs.Ownership(1000, 1000));
        Attributes link = alpha().symlink(root(), "l", "d", new dev.estuary.dfs.Ownership(1000, 1000));
        Session s = StateFixture.session(h, "c1");
        assertThat(h.run(at(h, s, dir.id()), openFh("o", READ, 0)).status()).isEqualTo(NfsStatus.ISDIR);
        assertThat(h.run(at(h, s, link.id()), openFh("o", READ, 0)).status()).isEqualTo(NfsStatus.SYMLINK);
        assertThat(h.run(at(h, s, root()), create("o", "d", READ, 0)).status()).isEqualTo(NfsStatus.ISDIR);
        assertThat(h.run(at(h, s, root()), create("o", "n", 0, 0)).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(at(h, s, root()), create("o", "n", READ, 4)).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(at(h, s, root()), create("o", "n", READ | 0x0600, 0)).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(at(h, s, root()), create("o", "..", READ, 0)).status()).isEqualTo(NfsStatus.BADNAME);
        assertThat(h.run(at(h, s, root()), new NfsArgs.Open(0, READ, 0, new StateOwner(0, Bytes.utf8("o")), null,
                new NfsArgs.OpenClaim.Null(Bytes.utf8("missing")))).status()).isEqualTo(NfsStatus.NOENT);
        // Without a session there is no client to own the open.
        OpContext noSession = h.ctx();
        noSession.setCurrent(h.ref(ALPHA, root()));
        assertThat(h.run(noSession, create("o", "n", READ, 0)).status()).isEqualTo(NfsStatus.OP_NOT_IN_SESSION);
        assertThat(h.services.state().stateCount()).isZero();
    }

    @Test
    void thePosixCheckerDecides() {
        Attributes secret = h.f.file(ALPHA, root(), "secret", 0600, 0, 0, new byte[0]);
        Attributes ro = h.f.file(ALPHA, root(), "ro", 0644, 0, 0, new byte[0]);
        Session s = StateFixture.session(h, "c1");
        assertThat(h.run(at(h, s, secret.id()), openFh("o", READ, 0)).status()).isEqualTo(NfsStatus.ACCESS);
        assertThat(h.run(at(h, s, ro.id()), openFh("o", WRITE, 0)).status()).isEqualTo(NfsStatus.ACCESS);
        openOk(h.run(at(h, s, ro.id()), openFh("o", READ, 0)));
        // The refused opens left no reservation behind: another user may deny both.
        try (LockSession smb = alpha().openSession("smb test");
                ShareReservation r = smb.reserve(secret.id(), Set.of(ShareAccess.READ), Set.of(ShareAccess.READ,
                        ShareAccess.WRITE))) {
            assertThat(r.deny()).hasSize(2);
        }
        assertThat(h.services.state().stateCount()).isEqualTo(1);
        // A file the caller creates 0444 is still its to write in this open, as open(O_CREAT) allows.
        NfsArgs.Open c = new NfsArgs.Open(0, BOTH, 0, new StateOwner(0, Bytes.utf8("o")),
                new NfsArgs.CreateHow.Unchecked(StateFixture.mode(0444)), new NfsArgs.OpenClaim.Null(Bytes.utf8("mine")));
        openOk(h.run(at(h, s, root()), c));
        assertThat(alpha().lookup(root(), "mine").mode()).isEqualTo(0444);
    }

    @Test
    void aNewOpenBeforeReclaimCompleteIsGrace() {
        Attributes a = h.f.file(ALPHA, root(), "f", 0666, 1000, 1000, new byte[0]);
        Session s = StateFixture.reclaiming(h, "c1");
        // RFC 8881 §18.51.3: RECLAIM_COMPLETE comes before the first non-reclaim locking operation.
        assertThat(h.run(at(h, s, a.id()), openFh("o", READ, 0)).status()).isEqualTo(NfsStatus.GRACE);
        assertThat(h.run(at(h, s, root()), create("o", "g", READ, 0)).status()).isEqualTo(NfsStatus.GRACE);
        OpContext c = h.ctx();
        c.setSession(s);
        h.ok(c, new NfsArgs.ReclaimComplete(false));
        openOk(h.run(at(h, s, a.id()), openFh("o", READ, 0)));
    }

    @Test
    void writingOrCreatingOnAReadOnlyExportIsRofs() {
        Attributes a = h.f.file(ALPHA, root(), "f", 0666, 1000, 1000, new byte[0]);
        h.f.exportToLoopback(ALPHA, false, dev.estuary.core.NfsSquash.ROOT_SQUASH);
        Session s = StateFixture.session(h, "c1");
        assertThat(h.run(at(h, s, a.id()), openFh("o", WRITE, 0)).status()).isEqualTo(NfsStatus.ROFS);
        assertThat(h.run(at(h, s, root()), create("o", "new", READ, 0)).status()).isEqualTo(NfsStatus.ROFS);
        openOk(h.run(at(h, s, a.id()), openFh("o", READ, 0)));
        OpContext pseudo = h.ctx();
        pseudo.setSession(s);
        pseudo.setCurrent(new FileRef.PseudoRoot());
        assertThat(h.run(pseudo, create("o", "x", READ, 0)).status()).isEqualTo(NfsStatus.ROFS);
    }
}
