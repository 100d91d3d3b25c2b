package dev.estuary.nfs.internal.server;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.RequestMetrics;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.CompoundRes;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.ChangeInfo;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import dev.estuary.nfs.internal.codec.Types.StateOwner;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.codec.XdrLimits;
import dev.estuary.nfs.internal.state.StateLimits;
import dev.estuary.nfs.testing.EngineFixture;
import dev.estuary.nfs.testing.NfsTestClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state and data sequences an NFSv4.1 conformance client sends, each in one COMPOUND as it sends them, over
 * TCP against the real server at minor version 2: the current stateid carried from OPEN and LOCK to the
 * operations after them, cleared by a file handle change and kept by SAVEFH/RESTOREFH (RFC 8881 §16.2.3.1.2);
 * open stateid seqids (§8.2.2); exclusive create retries (§18.16.3); delegation wishes answered without a
 * delegation (§18.16.3, §10.4); the RFC 8276 xattr options; COPY to the end of the source and ALLOCATE with the
 * special stateids (RFC 7862); RENAME onto itself (§18.26.4).
 */
class StateSequencesServerTest {
    /** The current stateid (§16.2.3.1.2): seqid 1, other all zeros. */
    static final Stateid CURRENT = new Stateid(1, Bytes.of(new byte[12]));
    static final Stateid ANONYMOUS = new Stateid(0, Bytes.of(new byte[12]));
    static final Stateid BYPASS;
    static final int BOTH = 3;
    static final int WANT_NO_DELEG = 0x400;
    static final int WANT_READ_DELEG = 0x100;

    static {
        byte[] ones = new byte[12];
        Arrays.fill(ones, (byte) 0xff);
        BYPASS = new Stateid(-1, Bytes.of(ones));
    }

    @TempDir
    Path tmp;
    EngineFixture f;
    ExecutorService executor;
    NfsServer server;
    final List<NfsTestClient> clients = new ArrayList<>();
    NfsTestClient c;
    Bytes home;

    @BeforeEach
    void start() throws Exception {
        f = new EngineFixture(tmp);
        executor = Executors.newFixedThreadPool(4);
        server = new NfsServer(new NfsServer.Config(new InetSocketAddress("127.0.0.1", 0), StateLimits.DEFAULT,
                XdrLimits.DEFAULT, Bytes.utf8("state-sequences-test")), f.dfs, f.users, f.checker, f.clock, executor,
                new RequestMetrics(new SimpleMeterRegistry(), "nfs"));
        server.start();
        Volume alpha = f.volume(ALPHA);
        alpha.mkdir(alpha.root(), "tmp", 0755, new Ownership(1000, 1000));
        c = client("client-1");
        home = c.fileHandle(ALPHA, "tmp");
    }

    @AfterEach
    void stop() throws Exception {
        for (NfsTestClient x : clients) {
            x.close();
        }
        server.close();
        executor.shutdownNow();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        f.close();
    }

    NfsTestClient client(String owner) throws Exception {
        NfsTestClient x = new NfsTestClient(server.localAddress(), 1000, 1000);
        clients.add(x);
        x.establish(owner);
        return x.minorVersion(2);
    }

    static Fattr4 mode644() {
        return FileAttrs.builder().set(FileAttr.MODE, 0644).build().encode();
    }

    static NfsArgs.Open create(String owner, String name, int access) {
        return new NfsArgs.Open(0, access | WANT_NO_DELEG, 0, new StateOwner(0, Bytes.utf8(owner)),
                new NfsArgs.CreateHow.Guarded(mode644()), new NfsArgs.OpenClaim.Null(Bytes.utf8(name)));
    }

    static NfsArgs.Open open(String owner, String name, int access) {
        return new NfsArgs.Open(0, access, 0, new StateOwner(0, Bytes.utf8(owner)), null,
                new NfsArgs.OpenClaim.Null(Bytes.utf8(name)));
    }

    static NfsArgs.Open exclusive41(String name, String verifier) {
        return new NfsArgs.Open(0, BOTH | WANT_NO_DELEG, 0, new StateOwner(0, Bytes.utf8(name)),
                new NfsArgs.CreateHow.Exclusive41(Bytes.utf8(verifier), mode644()),
                new NfsArgs.OpenClaim.Null(Bytes.utf8(name)));
    }

    static NfsResult.OpenOk openOk(CompoundRes res, int index) {
        assertThat(res.results().get(index).status()).as("%s", res.results()).isEqualTo(NfsStatus.OK);
        return (NfsResult.OpenOk) res.results().get(index).body();
    }

    static Bytes fh(CompoundRes res, int index) {
        return ((NfsResult.GetFhOk) res.results().get(index).body()).object();
    }

    static List<NfsStatus> statuses(CompoundRes res) {
        return res.results().stream().map(NfsResult::status).toList();
    }

    static NfsArgs.Lock writeLock(Stateid open, String owner) {
        return new NfsArgs.Lock(2, false, 0, -1, new NfsArgs.Locker.NewOwner(0, open, 0,
                new StateOwner(0, Bytes.utf8(owner))));
    }

    @Test
    void theCurrentStateidFlowsFromOpenAndLockToTheOperationsAfterThem() throws Exception {
        byte[] data = "write test data".getBytes(StandardCharsets.UTF_8);
        // OPEN, CLOSE(current) and OPEN, WRITE(current), CLOSE(current).
        c.ok(new NfsArgs.PutFh(home), create("o", "csid1", BOTH), new NfsArgs.GetFh(), new NfsArgs.Close(0, CURRENT));
        c.ok(new NfsArgs.PutFh(home), create("o", "csid3", BOTH), new NfsArgs.GetFh(),
                new NfsArgs.Write(CURRENT, 5, 2, Bytes.of(data)), new NfsArgs.Close(0, CURRENT));
        // OPEN, GETFH, SETATTR(current, size).
        CompoundRes sized = c.ok(new NfsArgs.PutFh(home), create("o", "csid8", BOTH), new NfsArgs.GetFh(),
                new NfsArgs.SetAttr(CURRENT, FileAttrs.builder().set(FileAttr.SIZE, 8L).build().encode()));
        assertThat(f.volume(ALPHA).lookup(f.volume(ALPHA).lookup(f.volume(ALPHA).root(), "tmp").id(), "csid8").size())
                .isEqualTo(8);
        c.ok(new NfsArgs.PutFh(fh(sized, 3)), new NfsArgs.Close(0, openOk(sized, 2).stateid()));
        // A LOOKUP changes the current file handle: the current stateid is gone.
        CompoundRes looked = c.compound(new NfsArgs.PutFh(home), create("o", "csid5", BOTH), new NfsArgs.GetFh(),
                new NfsArgs.PutFh(home), new NfsArgs.Lookup(Bytes.utf8("csid5")), new NfsArgs.Close(0, CURRENT));
        assertThat(looked.status()).isEqualTo(NfsStatus.BAD_STATEID);
        // None set in this COMPOUND at all.
        assertThat(c.compound(new NfsArgs.PutFh(fh(looked, 3)), new NfsArgs.Close(0, CURRENT)).status())
                .isEqualTo(NfsStatus.BAD_STATEID);
        c.ok(new NfsArgs.PutFh(fh(looked, 3)), new NfsArgs.Close(0, openOk(looked, 2).stateid()));
        // FREE_STATEID of an open stateid: NFS4ERR_LOCKS_HELD.
        CompoundRes freed = c.compound(new NfsArgs.PutFh(home), create("o", "csid9", BOTH), new NfsArgs.GetFh(),
                new NfsArgs.FreeStateid(CURRENT), new NfsArgs.Close(0, CURRENT));
        assertThat(statuses(freed)).endsWith(NfsStatus.LOCKS_HELD);
        c.ok(new NfsArgs.PutFh(fh(freed, 3)), new NfsArgs.Close(0, openOk(freed, 2).stateid()));
        // SAVEFH keeps the stateid with the handle, RESTOREFH brings both back.
        c.ok(new NfsArgs.PutFh(home), create("o", "csid10", BOTH), new NfsArgs.GetFh(), new NfsArgs.SaveFh(),
                new NfsArgs.PutFh(home), new NfsArgs.RestoreFh(), new NfsArgs.Close(0, CURRENT));
        // LOCK sets the lock stateid as current: WRITE and LOCKU use it, CLOSE the open's.
        CompoundRes opened = c.ok(new NfsArgs.PutFh(home), create("o", "csid4", BOTH), new NfsArgs.GetFh());
        Stateid open = openOk(opened, 2).stateid();
        c.ok(new NfsArgs.PutFh(fh(opened, 3)), writeLock(open, "lock1"), new NfsArgs.Write(CURRENT, 5, 2,
                Bytes.of(data)), new NfsArgs.LockU(2, 0, CURRENT, 0, -1), new NfsArgs.Close(0, open));
    }

    @Test
    void openSeqidsExclusiveRetriesAndDelegationWishes() throws Exception {
        // A second OPEN by the same owner moves the same stateid's seqid: 1, then 2.
        NfsResult.OpenOk first = openOk(c.ok(new NfsArgs.PutFh(home), create("owner", "seq", 2), new NfsArgs.GetFh()),
                2);
        NfsResult.OpenOk second = openOk(c.ok(new NfsArgs.PutFh(home), open("owner", "seq", 1), new NfsArgs.GetFh()),
                2);
        assertThat(first.stateid().seqid()).isEqualTo(1);
        assertThat(second.stateid()).isEqualTo(new Stateid(2, first.stateid().other()));
        // CLOSE with seqid 0: "the current seqid" (§8.2.2).
        Bytes seqFh = c.fileHandle(ALPHA, "tmp", "seq");
        c.ok(new NfsArgs.PutFh(seqFh), new NfsArgs.Close(0, new Stateid(0, second.stateid().other())));

        // EXCLUSIVE4_1 with a mode: the retry with the same verifier opens the file, another verifier is EXIST.
        CompoundRes made = c.ok(new NfsArgs.PutFh(home), exclusive41("excl", "verifie1"), new NfsArgs.GetFh());
        CompoundRes retry = c.ok(new NfsArgs.PutFh(home), exclusive41("excl", "verifie1"), new NfsArgs.GetFh());
        assertThat(fh(retry, 3)).isEqualTo(fh(made, 3));
        assertThat(c.compound(new NfsArgs.PutFh(home), exclusive41("excl", "Justtest")).status())
                .isEqualTo(NfsStatus.EXIST);

        // WANT_NO_DELEG: OPEN_DELEGATE_NONE_EXT with WND4_NOT_WANTED.
        assertThat(openOk(c.ok(new NfsArgs.PutFh(home), create("d", "nodeleg", 1)), 2).delegation())
                .isEqualTo(new NfsResult.Delegation.NoneExt(0, null));
        // A read delegation wished while another client has the file open for writing: none, for contention.
        NfsTestClient other = client("client-2");
        other.ok(new NfsArgs.PutFh(home), create("w", "contended", 2));
        NfsResult.OpenOk wished = openOk(c.ok(new NfsArgs.PutFh(home), open("r", "contended", 1 | WANT_READ_DELEG)), 2);
        assertThat(wished.delegation()).isEqualTo(new NfsResult.Delegation.NoneExt(1, false));
    }

    @Test
    void xattrNamesAreTheClientsOwnWhateverTheyLookLike() throws Exception {
        Bytes file = fh(c.ok(new NfsArgs.PutFh(home), create("x", "xattrs", BOTH), new NfsArgs.GetFh(),
                new NfsArgs.Close(0, CURRENT)), 3);
        Bytes key = Bytes.utf8("user.attr1");
        assertThat(c.compound(new NfsArgs.PutFh(file), new NfsArgs.GetXattr(key)).status())
                .isEqualTo(NfsStatus.NOXATTR);
        assertThat(c.compound(new NfsArgs.PutFh(file), new NfsArgs.SetXattr(2, key, Bytes.utf8("v"))).status())
                .isEqualTo(NfsStatus.NOXATTR);
        assertThat(c.compound(new NfsArgs.PutFh(file), new NfsArgs.RemoveXattr(key)).status())
                .isEqualTo(NfsStatus.NOXATTR);
        NfsResult.ListXattrsOk none = (NfsResult.ListXattrsOk) c.ok(new NfsArgs.PutFh(file),
                new NfsArgs.ListXattrs(0, 8192)).results().getLast().body();
        assertThat(none.names()).isEmpty();
        assertThat(none.eof()).isTrue();
        c.ok(new NfsArgs.PutFh(file), new NfsArgs.SetXattr(1, key, Bytes.utf8("value1")));
        assertThat(c.compound(new NfsArgs.PutFh(file), new NfsArgs.SetXattr(1, key, Bytes.utf8("v"))).status())
                .isEqualTo(NfsStatus.EXIST);
        c.ok(new NfsArgs.PutFh(file), new NfsArgs.SetXattr(2, key, Bytes.utf8("value2")));
        assertThat(((NfsResult.GetXattrOk) c.ok(new NfsArgs.PutFh(file), new NfsArgs.GetXattr(key)).results()
                .getLast().body()).value()).isEqualTo(Bytes.utf8("value2"));
        for (int i = 2; i <= 6; i++) {
            c.ok(new NfsArgs.PutFh(file), new NfsArgs.SetXattr(0, Bytes.utf8("user.attr" + i), Bytes.utf8("value")));
        }
        NfsResult.ListXattrsOk all = (NfsResult.ListXattrsOk) c.ok(new NfsArgs.PutFh(file),
                new NfsArgs.ListXattrs(0, 8192)).results().getLast().body();
        assertThat(all.names()).extracting(Bytes::utf8).containsExactlyInAnyOrder("user.attr1", "user.attr2",
                "user.attr3", "user.attr4", "user.attr5", "user.attr6");
        c.ok(new NfsArgs.PutFh(file), new NfsArgs.RemoveXattr(key));
    }

    @Test
    void copyToTheEndAndAllocateWithEveryKindOfStateid() throws Exception {
        byte[] data = "write test data".getBytes(StandardCharsets.UTF_8);
        CompoundRes src = c.ok(new NfsArgs.PutFh(home), create("cp", "src", BOTH), new NfsArgs.GetFh());
        Stateid srcId = openOk(src, 2).stateid();
        c.ok(new NfsArgs.PutFh(fh(src, 3)), new NfsArgs.Write(srcId, 0, 2, Bytes.of(data)));
        CompoundRes dst = c.ok(new NfsArgs.PutFh(home), create("cp", "src_copy", BOTH), new NfsArgs.GetFh());
        CompoundRes copy = c.ok(new NfsArgs.PutFh(fh(src, 3)), new NfsArgs.SaveFh(), new NfsArgs.PutFh(fh(dst, 3)),
                new NfsArgs.Copy(srcId, openOk(dst, 2).stateid(), 0, 0, 0, false, true, List.of()));
        assertThat(((NfsResult.CopyOk) copy.results().getLast().body()).response().count()).isEqualTo(data.length);

        CompoundRes alloc = c.ok(new NfsArgs.PutFh(home), create("al", "alloc", 2), new NfsArgs.GetFh());
        Bytes file = fh(alloc, 3);
        for (Stateid s : List.of(openOk(alloc, 2).stateid(), ANONYMOUS, BYPASS)) {
            assertThat(c.compound(new NfsArgs.PutFh(file), new NfsArgs.Allocate(s, 0, 1)).status()).as("%s", s)
                    .isEqualTo(NfsStatus.OK);
        }
    }

    @Test
    void renameOntoItselfChangesNothing() throws Exception {
        c.ok(new NfsArgs.PutFh(home), create("r", "file", BOTH), new NfsArgs.Close(0, CURRENT));
        Bytes parent = c.fileHandle(ALPHA);
        // A directory onto itself (from its parent), then a file onto itself.
        for (Bytes dir : List.of(parent, home)) {
            Bytes name = Bytes.utf8(dir.equals(parent) ? "tmp" : "file");
            NfsResult.RenameOk ok = (NfsResult.RenameOk) c.ok(new NfsArgs.PutFh(dir), new NfsArgs.SaveFh(),
                    new NfsArgs.PutFh(dir), new NfsArgs.Rename(name, name)).results().getLast().body();
            assertUnchanged(ok.sourceCinfo());
            assertUnchanged(ok.targetCinfo());
        }
        Volume alpha = f.volume(ALPHA);
        assertThat(alpha.lookup(alpha.lookup(alpha.root(), "tmp").id(), "file").type())
                .isEqualTo(dev.estuary.dfs.ObjectType.FILE);
    }

    static void assertUnchanged(ChangeInfo info) {
        assertThat(info.after()).as("%s", info).isEqualTo(info.before());
    }
}
