package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static dev.estuary.nfs.testing.EngineFixture.GAMMA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import org.junit.jupiter.api.Test;

class RemoveOpTest extends HandlerTest {
    Volume alpha() {
        return h.f.volume(ALPHA);
    }

    static NfsArgs.Remove remove(String name) {
        return new NfsArgs.Remove(Bytes.utf8(name));
    }

    void gone(String name) {
        assertThatThrownBy(() -> alpha().lookup(h.root(ALPHA), name)).isInstanceOf(DfsException.class);
    }

    @Test
    void filesSymlinksAndEmptyDirectoriesWithTheDirectorysChangeInfo() {
        h.f.file(ALPHA, h.root(ALPHA), "f", 0644, 1000, 1000, new byte[] {1});
        alpha().symlink(h.root(ALPHA), "l", "f", new Ownership(1000, 1000));
        alpha().mkdir(h.root(ALPHA), "d", 0755, new Ownership(1000, 1000));
        for (String name : new String[] {"f", "l", "d"}) {
            long before = alpha().getAttributes(h.root(ALPHA)).change();
            NfsResult r = h.ok(h.at(ALPHA), remove(name));
            var cinfo = ((NfsResult.ChangeInfoOk) r.body()).cinfo();
            assertThat(cinfo.before()).isEqualTo(before);
            assertThat(cinfo.after()).isEqualTo(alpha().getAttributes(h.root(ALPHA)).change()).isNotEqualTo(before);
            assertThat(cinfo.atomic()).isFalse();
            gone(name);
        }
    }

    @Test
    void missingNotEmptyAndBadNames() {
        Attributes d = alpha().mkdir(h.root(ALPHA), "d", 0755, new Ownership(1000, 1000));
        h.f.file(ALPHA, d.id(), "inner", 0644, 1000, 1000, new byte[0]);
        assertThat(h.run(h.at(ALPHA), remove("d")).status()).isEqualTo(NfsStatus.NOTEMPTY);
        assertThat(h.run(h.at(ALPHA), remove("missing")).status()).isEqualTo(NfsStatus.NOENT);
        assertThat(h.run(h.at(ALPHA), remove("")).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(h.at(ALPHA), remove(".")).status()).isEqualTo(NfsStatus.BADNAME);
        assertThat(h.run(h.at(ALPHA), remove("..")).status()).isEqualTo(NfsStatus.BADNAME);
        assertThat(h.run(h.at(ALPHA), new NfsArgs.Remove(Bytes.of((byte) 0x80))).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(h.at(ALPHA), remove("n".repeat(256))).status()).isEqualTo(NfsStatus.NAMETOOLONG);
        // The gateway's reserved names are invisible to every protocol (the backend decorator hides them).
        assertThat(h.run(h.at(ALPHA), remove(".estuary-s3-uploads")).status()).isEqualTo(NfsStatus.NOENT);
        Attributes f = alpha().lookup(d.id(), "inner");
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), remove("x")).status()).isEqualTo(NfsStatus.NOTDIR);
        assertThat(alpha().lookup(h.root(ALPHA), "d").id()).isEqualTo(d.id());
    }

    @Test
    void permissionsStickyBitAndReadOnlyExport() {
        Attributes d = alpha().mkdir(h.root(ALPHA), "private", 0755, new Ownership(2000, 2000));
        h.f.file(ALPHA, d.id(), "f", 0666, 2000, 2000, new byte[0]);
        assertThat(h.run(h.ctxAt(ALPHA, d.id()), remove("f")).status()).isEqualTo(NfsStatus.ACCESS);
        // A sticky, world-writable directory: only the owner of an entry (or of the directory) removes it.
        Attributes tmp = alpha().mkdir(h.root(ALPHA), "tmp", 01777, new Ownership(0, 0));
        h.f.file(ALPHA, tmp.id(), "theirs", 0666, 2000, 2000, new byte[0]);
        h.f.file(ALPHA, tmp.id(), "mine", 0644, 1000, 1000, new byte[0]);
        assertThat(h.run(h.ctxAt(ALPHA, tmp.id()), remove("theirs")).status()).isEqualTo(NfsStatus.PERM);
        h.ok(h.ctxAt(ALPHA, tmp.id()), remove("mine"));
        h.f.file(GAMMA, h.root(GAMMA), "f", 0666, 1000, 1000, new byte[0]);
        assertThat(h.run(Mutating.readOnly(h, h.root(GAMMA)), remove("f")).status()).isEqualTo(NfsStatus.ROFS);
        assertThat(h.f.volume(GAMMA).lookup(h.root(GAMMA), "f")).isNotNull();
    }
}
