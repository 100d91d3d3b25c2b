package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static dev.estuary.nfs.testing.EngineFixture.BETA;
import static dev.estuary.nfs.testing.EngineFixture.GAMMA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Ownership;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsStatus;
import org.junit.jupiter.api.Test;

class LookupOpTest extends HandlerTest {
    @Test
    void fromThePseudoRootIntoAnExportedVolume() {
        OpContext c = h.ctx();
        h.ok(c, new NfsArgs.PutRootFh());
        h.ok(c, new NfsArgs.Lookup(Bytes.utf8(ALPHA)));
        assertThat(c.currentOrNull()).isEqualTo(h.ref(ALPHA, h.root(ALPHA)));
    }

    @Test
    void refusedVolumeIsAccessAndMissingOneNoent() {
        for (String v : new String[] {BETA, GAMMA}) {
            OpContext c = h.ctx();
            c.setCurrent(new FileRef.PseudoRoot());
            assertThat(h.run(c, new NfsArgs.Lookup(Bytes.utf8(v))).status()).as(v).isEqualTo(NfsStatus.ACCESS);
        }
        OpContext c = h.ctx();
        c.setCurrent(new FileRef.PseudoRoot());
        assertThat(h.run(c, new NfsArgs.Lookup(Bytes.utf8("nope"))).status()).isEqualTo(NfsStatus.NOENT);
    }

    @Test
    void insideAVolume() {
        Attributes a = h.f.file(ALPHA, h.root(ALPHA), "f", 0644, 1000, 1000, new byte[0]);
        OpContext c = h.at(ALPHA);
        h.ok(c, new NfsArgs.Lookup(Bytes.utf8("f")));
        assertThat(c.currentOrNull()).isEqualTo(h.ref(ALPHA, a.id()));
        assertThat(h.run(h.at(ALPHA), new NfsArgs.Lookup(Bytes.utf8("missing"))).status()).isEqualTo(NfsStatus.NOENT);
        // A file is not a directory.
        assertThat(h.run(c, new NfsArgs.Lookup(Bytes.utf8("x"))).status()).isEqualTo(NfsStatus.NOTDIR);
    }

    @Test
    void badNames() {
        assertThat(h.run(h.at(ALPHA), new NfsArgs.Lookup(Bytes.EMPTY)).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(h.at(ALPHA), new NfsArgs.Lookup(Bytes.of((byte) 0xff))).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(h.at(ALPHA), new NfsArgs.Lookup(Bytes.utf8(".."))).status()).isEqualTo(NfsStatus.BADNAME);
        assertThat(h.run(h.at(ALPHA), new NfsArgs.Lookup(Bytes.utf8("a/b"))).status()).isEqualTo(NfsStatus.BADNAME);
        assertThat(h.run(h.at(ALPHA), new NfsArgs.Lookup(Bytes.utf8("x".repeat(256)))).status())
                .isEqualTo(NfsStatus.NAMETOOLONG);
    }

    @Test
    void searchPermissionIsCheckedWithTheCallersIds() {
        Attributes d = h.f.volume(ALPHA).mkdir(h.root(ALPHA), "private", 0700, new Ownership(2000, 2000));
        h.f.volume(ALPHA).create(d.id(), "inner", 0644, new Ownership(2000, 2000), true);
        OpContext c = h.at(ALPHA);
        h.ok(c, new NfsArgs.Lookup(Bytes.utf8("private")));
        assertThat(h.run(c, new NfsArgs.Lookup(Bytes.utf8("inner"))).status()).isEqualTo(NfsStatus.ACCESS);
        // Root is squashed to the anonymous user by the export rule: still refused.
        OpContext root = h.ctx(Harness.ROOT, "127.0.0.1");
        root.setCurrent(h.ref(ALPHA, d.id()));
        assertThat(h.run(root, new NfsArgs.Lookup(Bytes.utf8("inner"))).status()).isEqualTo(NfsStatus.ACCESS);
    }
}
