package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttr.SetTime;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsArgs.CreateType;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import dev.estuary.nfs.internal.codec.Types.NfsTime;
import dev.estuary.nfs.internal.codec.Types.SpecData;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CreateOpTest extends HandlerTest {
    static final CreateType DIR = new CreateType(FileAttr.NF4DIR, null, null);

    static NfsArgs.Create mkdir(String name, Fattr4 attrs) {
        return new NfsArgs.Create(DIR, Bytes.utf8(name), attrs);
    }

    static NfsArgs.Create symlink(String name, String target) {
        return new NfsArgs.Create(new CreateType(FileAttr.NF4LNK, Bytes.utf8(target), null), Bytes.utf8(name),
                Fattr4.EMPTY);
    }

    Volume alpha() {
        return h.f.volume(ALPHA);
    }

    @Test
    void mkdirAppliesCreateattrsAndBecomesTheCurrentFileHandle() {
        long before = alpha().getAttributes(h.root(ALPHA)).change();
        OpContext c = h.at(ALPHA);
        NfsResult r = h.ok(c, mkdir("d", Mutating.attrs(b -> b.set(FileAttr.MODE, 0750)
                .set(FileAttr.TIME_MODIFY_SET, new SetTime(new NfsTime(1_000_000, 5))))));
        NfsResult.CreateOk ok = (NfsResult.CreateOk) r.body();
        assertThat(ok.attrSet()).isEqualTo(Bitmap.of(33, 54));
        Attributes d = alpha().lookup(h.root(ALPHA), "d");
        assertThat(d.isDirectory()).isTrue();
        assertThat(d.mode()).isEqualTo(0750);
        // The caller's effective uid and primary gid.
        assertThat(d.uid()).isEqualTo(1000);
        assertThat(d.gid()).isEqualTo(1000);
        assertThat(d.modifyTime()).isEqualTo(Instant.ofEpochSecond(1_000_000, 5));
        assertThat(ok.cinfo().atomic()).isFalse();
        assertThat(ok.cinfo().before()).isEqualTo(before);
        assertThat(ok.cinfo().after()).isEqualTo(alpha().getAttributes(h.root(ALPHA)).change()).isNotEqualTo(before);
        assertThat(c.currentOrNull()).isEqualTo(h.ref(ALPHA, d.id()));
    }

    @Test
    void mkdirWithoutModeGetsTheVolumeDefaultAndServerTimeComesFromTheClock() {
        OpContext c = h.at(ALPHA);
        NfsResult r = h.ok(c, mkdir("d", Mutating.attrs(b -> b.set(FileAttr.TIME_ACCESS_SET, SetTime.SERVER))));
        assertThat(((NfsResult.CreateOk) r.body()).attrSet()).isEqualTo(Bitmap.of(48));
        Attributes d = alpha().lookup(h.root(ALPHA), "d");
        assertThat(d.mode()).isEqualTo(0775);
        assertThat(d.accessTime()).isEqualTo(h.f.clock.instant());
    }

    @Test
    void symlinkStoresTheTargetAndIgnoresMode() {
        OpContext c = h.at(ALPHA);
        NfsResult r = h.ok(c, new NfsArgs.Create(new CreateType(FileAttr.NF4LNK, Bytes.utf8("../x/y"), null),
                Bytes.utf8("l"), Mutating.attrs(b -> b.set(FileAttr.MODE, 0600))));
        assertThat(((NfsResult.CreateOk) r.body()).attrSet()).isEqualTo(Bitmap.EMPTY);
        Attributes l = alpha().lookup(h.root(ALPHA), "l");
        assertThat(l.isSymlink()).isTrue();
        assertThat(alpha().readlink(l.id())).isEqualTo("../x/y");
        assertThat(c.currentOrNull()).isEqualTo(h.ref(ALPHA, l.id()));
        h.ok(c, new NfsArgs.ReadLink());
    }

    @Test
    void typesTheBackendCannotHoldAreBadtype() {
        CreateType[] types = {new CreateType(FileAttr.NF4REG, null, null), new CreateType(FileAttr.NF4BLK, null,
                new SpecData(8, 1)), new CreateType(FileAttr.NF4CHR, null, new SpecData(1, 3)),
            new CreateType(FileAttr.NF4SOCK, null, null), new CreateType(FileAttr.NF4FIFO, null, null),
            new CreateType(99, null, null)};
        for (CreateType t : types) {
            NfsResult r = h.run(h.at(ALPHA), new NfsArgs.Create(t, Bytes.utf8("x"), Fattr4.EMPTY));
            assertThat(r.status()).as("type %s", t.type()).isEqualTo(NfsStatus.BADTYPE);
        }
        assertThat(alpha().readdir(h.root(ALPHA), dev.estuary.dfs.DirCursor.START, 10, false).entries()).isEmpty();
    }

    @Test
    void badNamesAndTargets() {
        assertThat(h.run(h.at(ALPHA), mkdir("", Fattr4.EMPTY)).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(h.at(ALPHA), mkdir(".", Fattr4.EMPTY)).status()).isEqualTo(NfsStatus.BADNAME);
        assertThat(h.run(h.at(ALPHA), mkdir("..", Fattr4.EMPTY)).status()).isEqualTo(NfsStatus.BADNAME);
        assertThat(h.run(h.at(ALPHA), new NfsArgs.Create(DIR, Bytes.of((byte) 0xc3, (byte) 0x28), Fattr4.EMPTY))
                .status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(h.at(ALPHA), mkdir("x".repeat(256), Fattr4.EMPTY)).status()).isEqualTo(NfsStatus.NAMETOOLONG);
        // The gateway's reserved names at a volume root, refused as every protocol refuses them.
        assertThat(h.run(h.at(ALPHA), mkdir(".estuary-mine", Fattr4.EMPTY)).status()).isEqualTo(NfsStatus.ACCESS);
        assertThat(h.run(h.at(ALPHA), symlink("l", "")).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(h.at(ALPHA), new NfsArgs.Create(new CreateType(FileAttr.NF4LNK, Bytes.of((byte) 0xff), null),
                Bytes.utf8("l"), Fattr4.EMPTY)).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(h.at(ALPHA), symlink("l", "t".repeat(4097))).status()).isEqualTo(NfsStatus.NAMETOOLONG);
        assertThat(alpha().readdir(h.root(ALPHA), dev.estuary.dfs.DirCursor.START, 10, false).entries()).isEmpty();
    }

    @Test
    void anExistingNameIsExist() {
        h.ok(h.at(ALPHA), mkdir("d", Fattr4.EMPTY));
        assertThat(h.run(h.at(ALPHA), mkdir("d", Fattr4.EMPTY)).status()).isEqualTo(NfsStatus.EXIST);
        assertThat(h.run(h.at(ALPHA), symlink("d", "t")).status()).isEqualTo(NfsStatus.EXIST);
    }

    @Test
    void createattrsThatCannotBeSet() {
        assertThat(h.run(h.at(ALPHA), mkdir("d", Mutating.attrs(b -> b.set(FileAttr.SIZE, 0L)))).status())
                .isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(h.at(ALPHA), mkdir("d", Mutating.attrs(b -> b.set(FileAttr.TYPE, 2)))).status())
                .isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(h.at(ALPHA), mkdir("d", Mutating.attrs(b -> b.set(FileAttr.HIDDEN, true)))).status())
                .isEqualTo(NfsStatus.ATTRNOTSUPP);
        assertThat(h.run(h.at(ALPHA), mkdir("d", Mutating.attrs(b -> b.set(FileAttr.MODE, 010000)))).status())
                .isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(h.at(ALPHA), mkdir("d", Mutating.attrs(b -> b.set(FileAttr.OWNER, "no-such-user")))).status())
                .isEqualTo(NfsStatus.BADOWNER);
        // Another owner is root's to give.
        assertThat(h.run(h.at(ALPHA), mkdir("d", Mutating.attrs(b -> b.set(FileAttr.OWNER, "2000")))).status())
                .isEqualTo(NfsStatus.PERM);
        assertThat(alpha().readdir(h.root(ALPHA), dev.estuary.dfs.DirCursor.START, 10, false).entries()).isEmpty();
    }

    @Test
    void ownersByNumberOrNameAndTheSetgidGroup() {
        h.f.users.addGroup("staff", OptionalInt.of(3000));
        OpContext root = Mutating.root(h, ALPHA, h.root(ALPHA));
        NfsResult r = h.ok(root, mkdir("d", Mutating.attrs(b -> b.set(FileAttr.MODE, 02775).set(FileAttr.OWNER, "2000")
                .set(FileAttr.OWNER_GROUP, "staff"))));
        assertThat(((NfsResult.CreateOk) r.body()).attrSet()).isEqualTo(Bitmap.of(33, 36, 37));
        Attributes d = alpha().lookup(h.root(ALPHA), "d");
        assertThat(new Ownership(d.uid(), d.gid())).isEqualTo(new Ownership(2000, 3000));
        // In a setgid directory a new object takes the directory's group.
        h.ok(Mutating.as(h, Mutating.OTHER, ALPHA, d.id()), mkdir("sub", Fattr4.EMPTY));
        Attributes sub = alpha().lookup(d.id(), "sub");
        assertThat(new Ownership(sub.uid(), sub.gid())).isEqualTo(new Ownership(2000, 3000));
    }

    @Test
    void theCurrentFileHandleMustBeAWritableDirectory() {
        Attributes f = h.f.file(ALPHA, h.root(ALPHA), "f", 0644, 1000, 1000, new byte[0]);
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), mkdir("d", Fattr4.EMPTY)).status()).isEqualTo(NfsStatus.NOTDIR);
        Attributes l = alpha().symlink(h.root(ALPHA), "l", "f", new Ownership(1000, 1000));
        assertThat(h.run(h.ctxAt(ALPHA, l.id()), mkdir("d", Fattr4.EMPTY)).status()).isEqualTo(NfsStatus.SYMLINK);
        Attributes other = alpha().mkdir(h.root(ALPHA), "other", 0755, new Ownership(2000, 2000));
        assertThat(h.run(h.ctxAt(ALPHA, other.id()), mkdir("d", Fattr4.EMPTY)).status()).isEqualTo(NfsStatus.ACCESS);
        assertThat(h.run(Mutating.readOnly(h, h.root(dev.estuary.nfs.testing.EngineFixture.GAMMA)),
                mkdir("d", Fattr4.EMPTY)).status()).isEqualTo(NfsStatus.ROFS);
    }
}
