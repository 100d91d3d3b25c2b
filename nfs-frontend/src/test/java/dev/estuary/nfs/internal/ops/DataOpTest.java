package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static dev.estuary.nfs.testing.EngineFixture.ANON;
import static dev.estuary.nfs.testing.EngineFixture.GAMMA;

import dev.estuary.core.ClientRange;
import dev.estuary.core.NfsExportRule;
import dev.estuary.core.NfsSquash;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import java.nio.ByteBuffer;
import java.util.Random;

/** What the data operations' tests share: files in {@code alpha}, sparse files, a read-only export. */
abstract class DataOpTest extends HandlerTest {
    static final int MIB = 1 << 20;
    static final Stateid ANONYMOUS = Stateid.ANONYMOUS;
    /** A regular-looking stateid this server never issued. */
    static final Stateid UNKNOWN = new Stateid(1, Bytes.of(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}));

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    Volume alpha() {
        return h.f.volume(ALPHA);
    }

    /** A file of uid 1000 (the harness's caller), mode 0644, with {@code data}. */
    ObjectId file(String name, byte[] data) {
        return h.f.file(ALPHA, h.root(ALPHA), name, 0644, 1000, 1000, data).id();
    }

    /** A file of {@code size} bytes with 4 KiB of data at 1 MiB and at 3 MiB, holes elsewhere. */
    ObjectId sparse(String name) {
        ObjectId id = file(name, new byte[0]);
        try (FileHandle fh = alpha().open(id, OpenMode.READ_WRITE)) {
            fh.write(MIB, ByteBuffer.wrap(random(4096, 1)));
            fh.write(3L * MIB, ByteBuffer.wrap(random(4096, 3)));
        }
        return id;
    }

    byte[] contents(ObjectId id) {
        try (FileHandle fh = alpha().open(id, OpenMode.READ)) {
            ByteBuffer b = ByteBuffer.allocate((int) fh.size());
            while (b.hasRemaining() && fh.read(b.position(), b) > 0) {
                // read on
            }
            return b.array();
        }
    }

    OpContext at(ObjectId id) {
        return h.ctxAt(ALPHA, id);
    }

    /** A context using {@code ids} for stateids, at {@code id} of alpha. */
    OpContext at(TestStateIds ids, ObjectId id) {
        OpContext c = new OpContext(ids.services(h.services), h.ctx().call(), 2);
        c.setCurrent(h.ref(ALPHA, id));
        return c;
    }

    /** Exports gamma read-only to loopback and puts a writable (by mode) file there; the context is at it. */
    OpContext readOnlyExportFile() {
        h.f.users.putNfsExport(GAMMA, new NfsExportRule(ClientRange.parse("127.0.0.0/8"), false,
                NfsSquash.ROOT_SQUASH, ANON, ANON));
        Volume g = h.f.volume(GAMMA);
        ObjectId id = g.create(g.root(), "ro", 0666, new Ownership(1000, 1000), true).id();
        return h.ctxAt(GAMMA, id);
    }

    ObjectId dir(String name) {
        return alpha().mkdir(h.root(ALPHA), name, 0755, new Ownership(1000, 1000)).id();
    }

    ObjectId symlink(String name) {
        return alpha().symlink(h.root(ALPHA), name, "target", new Ownership(1000, 1000)).id();
    }
}
