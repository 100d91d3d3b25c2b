package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static dev.estuary.nfs.testing.EngineFixture.GAMMA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttr.SetTime;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import dev.estuary.nfs.internal.codec.Types.NfsTime;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SetAttrOpTest extends HandlerTest {
    Volume alpha() {
        return h.f.volume(ALPHA);
    }

    static NfsArgs.SetAttr setattr(Consumer<FileAttrs.Builder> values) {
        return new NfsArgs.SetAttr(Mutating.ANONYMOUS, Mutating.attrs(values));
    }

    Attributes file(int mode, int uid, int gid) {
        return h.f.file(ALPHA, h.root(ALPHA), "f", mode, uid, gid, new byte[] {1, 2, 3, 4, 5});
    }

    static Bitmap attrsSet(NfsResult r) {
        return ((NfsResult.AttrsSet) r.body()).attrsSet();
    }

    @Test
    void modeOwnerGroupAndTimesInOneChange() {
        Attributes f = file(0644, 1000, 1000);
        NfsResult r = h.ok(h.ctxAt(ALPHA, f.id()), setattr(b -> b.set(FileAttr.MODE, 0600).set(FileAttr.OWNER, "1000")
                .set(FileAttr.OWNER_GROUP, "0").set(FileAttr.TIME_ACCESS_SET, new SetTime(new NfsTime(10, 20)))
                .set(FileAttr.TIME_MODIFY_SET, new SetTime(new NfsTime(30, 999_999_999)))
                .set(FileAttr.TIME_CREATE, new NfsTime(5, 0))));
        assertThat(attrsSet(r)).isEqualTo(Bitmap.of(33, 36, 37, 48, 50, 54));
        Attributes a = alpha().getAttributes(f.id());
        assertThat(a.mode()).isEqualTo(0600);
        // gid 0 is the volume's group, which the export counts every caller in.
        assertThat(new Ownership(a.uid(), a.gid())).isEqualTo(new Ownership(1000, 0));
        assertThat(a.accessTime()).isEqualTo(Instant.ofEpochSecond(10, 20));
        assertThat(a.modifyTime()).isEqualTo(Instant.ofEpochSecond(30, 999_999_999));
        assertThat(a.birthTime()).isEqualTo(Instant.ofEpochSecond(5));
        assertThat(a.change()).isNotEqualTo(f.change());
    }

    @Test
    void sizeGoesThroughTheStateidAndTruncatesOrExtends() {
        Attributes f = file(0644, 1000, 1000);
        NfsResult r = h.ok(h.ctxAt(ALPHA, f.id()), setattr(b -> b.set(FileAttr.SIZE, 2L)));
        assertThat(attrsSet(r)).isEqualTo(Bitmap.of(4));
        assertThat(alpha().getAttributes(f.id()).size()).isEqualTo(2);
        h.ok(h.ctxAt(ALPHA, f.id()), setattr(b -> b.set(FileAttr.SIZE, 1L << 20)));
        assertThat(alpha().getAttributes(f.id()).size()).isEqualTo(1 << 20);
        // A stateid this server never issued is refused by the seam, and nothing changes.
        NfsResult bad = h.run(h.ctxAt(ALPHA, f.id()), new NfsArgs.SetAttr(new Stateid(1, Bytes.of(new byte[] {1, 2, 3,
            4, 5, 6, 7, 8, 9, 10, 11, 12})), Mutating.attrs(b -> b.set(FileAttr.SIZE, 0L))));
        assertThat(bad.status()).isEqualTo(NfsStatus.BAD_STATEID);
        assertThat(attrsSet(bad)).isEqualTo(Bitmap.EMPTY);
        assertThat(alpha().getAttributes(f.id()).size()).isEqualTo(1 << 20);
    }

    @Test
    void sizeOfADirectoryOrSymlinkAndWithoutWritePermission() {
        assertThat(h.run(h.at(ALPHA), setattr(b -> b.set(FileAttr.SIZE, 0L))).status()).isEqualTo(NfsStatus.ISDIR);
        Attributes l = alpha().symlink(h.root(ALPHA), "l", "t", new Ownership(1000, 1000));
        assertThat(h.run(h.ctxAt(ALPHA, l.id()), setattr(b -> b.set(FileAttr.SIZE, 0L))).status())
                .isEqualTo(NfsStatus.INVAL);
        Attributes other = h.f.file(ALPHA, h.root(ALPHA), "other", 0644, 2000, 2000, new byte[] {1});
        assertThat(h.run(h.ctxAt(ALPHA, other.id()), setattr(b -> b.set(FileAttr.SIZE, 0L))).status())
                .isEqualTo(NfsStatus.ACCESS);
        assertThat(alpha().getAttributes(other.id()).size()).isEqualTo(1);
        assertThat(h.run(h.ctxAt(ALPHA, other.id()), setattr(b -> b.set(FileAttr.SIZE, -1L))).status())
                .isEqualTo(NfsStatus.FBIG);
    }

    @Test
    void aFailureAfterTheSizeReportsTheSizeInAttrsset() {
        // The owner's chown to another user fails after the truncate: attrsset names the size (§18.30.4).
        Attributes f = file(0644, 1000, 1000);
        NfsResult r = h.run(h.ctxAt(ALPHA, f.id()), setattr(b -> b.set(FileAttr.SIZE, 0L).set(FileAttr.OWNER, "2000")));
        assertThat(r.status()).isEqualTo(NfsStatus.PERM);
        assertThat(attrsSet(r)).isEqualTo(Bitmap.of(4));
        Attributes a = alpha().getAttributes(f.id());
        assertThat(a.size()).isZero();
        assertThat(a.uid()).isEqualTo(1000);
    }

    @Test
    void onlyTheOwnerOrRootChangesModeAndOwners() {
        Attributes f = file(0666, 1000, 1000);
        OpContext other = Mutating.as(h, Mutating.OTHER, ALPHA, f.id());
        assertThat(h.run(other, setattr(b -> b.set(FileAttr.MODE, 0777))).status()).isEqualTo(NfsStatus.PERM);
        assertThat(h.run(Mutating.as(h, Mutating.OTHER, ALPHA, f.id()), setattr(b -> b.set(FileAttr.OWNER, "2000")))
                .status()).isEqualTo(NfsStatus.PERM);
        // The owner may not give the file away, nor put it in a group it is not in.
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), setattr(b -> b.set(FileAttr.OWNER, "2000"))).status())
                .isEqualTo(NfsStatus.PERM);
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), setattr(b -> b.set(FileAttr.OWNER_GROUP, "2000"))).status())
                .isEqualTo(NfsStatus.PERM);
        // Root squashed by the export is nobody.
        assertThat(h.run(Mutating.as(h, Harness.ROOT, ALPHA, f.id()), setattr(b -> b.set(FileAttr.OWNER, "0")))
                .status()).isEqualTo(NfsStatus.PERM);
        assertThat(alpha().getAttributes(f.id()).change()).isEqualTo(f.change());
        // Root, not squashed, gives it to anyone, by number or by name.
        h.f.users.addGroup("staff", OptionalInt.of(3000));
        h.ok(Mutating.root(h, ALPHA, f.id()), setattr(b -> b.set(FileAttr.OWNER, "2000").set(FileAttr.OWNER_GROUP,
                "staff")));
        Attributes a = alpha().getAttributes(f.id());
        assertThat(new Ownership(a.uid(), a.gid())).isEqualTo(new Ownership(2000, 3000));
    }

    @Test
    void settingTheOwnerToTheCurrentOneSucceedsForAnyone() {
        Attributes f = file(0644, 1000, 1000);
        NfsResult r = h.ok(Mutating.as(h, Mutating.OTHER, ALPHA, f.id()), setattr(b -> b.set(FileAttr.OWNER, "1000")));
        assertThat(attrsSet(r)).isEqualTo(Bitmap.of(36));
        assertThat(alpha().getAttributes(f.id()).change()).isEqualTo(f.change());
    }

    @Test
    void serverTimeIsTheServersClockAndNeedsOnlyWritePermission() {
        // Owned by 2000, writable through the volume's group: uid 1000 may touch it, not date it.
        Attributes f = h.f.file(ALPHA, h.root(ALPHA), "f", 0664, 2000, 0, new byte[0]);
        h.f.clock.advance(Duration.ofHours(1));
        h.ok(h.ctxAt(ALPHA, f.id()), setattr(b -> b.set(FileAttr.TIME_ACCESS_SET, SetTime.SERVER)
                .set(FileAttr.TIME_MODIFY_SET, SetTime.SERVER)));
        Attributes a = alpha().getAttributes(f.id());
        assertThat(a.accessTime()).isEqualTo(h.f.clock.instant()).isNotEqualTo(f.accessTime());
        assertThat(a.modifyTime()).isEqualTo(h.f.clock.instant());
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), setattr(b -> b.set(FileAttr.TIME_MODIFY_SET,
                new SetTime(new NfsTime(1, 0))))).status()).isEqualTo(NfsStatus.PERM);
    }

    @Test
    void readOnlyUnsupportedAndMalformedAttributes() throws Exception {
        Attributes f = file(0644, 1000, 1000);
        int[] readOnly = {0, 1, 3, 20, 35, 47, 53, 55, 82};
        for (int n : readOnly) {
            OpContext c = h.ctxAt(ALPHA, f.id());
            FileAttrs one = Attrs.values(c, Attrs.source(c, h.ref(ALPHA, f.id())), Bitmap.of(n));
            NfsResult r = h.run(h.ctxAt(ALPHA, f.id()), new NfsArgs.SetAttr(Mutating.ANONYMOUS, one.encode()));
            assertThat(r.status()).as("attribute %s", n).isEqualTo(NfsStatus.INVAL);
            assertThat(attrsSet(r)).isEqualTo(Bitmap.EMPTY);
        }
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), setattr(b -> b.set(FileAttr.ARCHIVE, true))).status())
                .isEqualTo(NfsStatus.ATTRNOTSUPP);
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), setattr(b -> b.set(FileAttr.MODE_SET_MASKED,
                new FileAttr.ModePair(0, 0)))).status()).isEqualTo(NfsStatus.ATTRNOTSUPP);
        // An attribute the codec does not know at all.
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), new NfsArgs.SetAttr(Mutating.ANONYMOUS,
                new Fattr4(Bitmap.of(90), Bytes.EMPTY))).status()).isEqualTo(NfsStatus.ATTRNOTSUPP);
        // Values that do not match the mask.
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), new NfsArgs.SetAttr(Mutating.ANONYMOUS,
                new Fattr4(Bitmap.of(33), Bytes.of((byte) 1)))).status()).isEqualTo(NfsStatus.BADXDR);
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), setattr(b -> b.set(FileAttr.MODE, 0100644))).status())
                .isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), setattr(b -> b.set(FileAttr.TIME_MODIFY_SET,
                new SetTime(new NfsTime(1, 1_000_000_000))))).status()).isEqualTo(NfsStatus.INVAL);
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), setattr(b -> b.set(FileAttr.OWNER, "nobody-known"))).status())
                .isEqualTo(NfsStatus.BADOWNER);
        assertThat(h.run(h.ctxAt(ALPHA, f.id()), setattr(b -> b.set(FileAttr.OWNER_GROUP, "99999999999"))).status())
                .isEqualTo(NfsStatus.BADOWNER);
        assertThat(alpha().getAttributes(f.id()).change()).isEqualTo(f.change());
    }

    @Test
    void readOnlyExportAndNothingAsked() {
        Attributes g = h.f.file(GAMMA, h.root(GAMMA), "f", 0644, 1000, 1000, new byte[0]);
        NfsResult r = h.run(Mutating.readOnly(h, g.id()), setattr(b -> b.set(FileAttr.MODE, 0600)));
        assertThat(r.status()).isEqualTo(NfsStatus.ROFS);
        assertThat(attrsSet(r)).isEqualTo(Bitmap.EMPTY);
        Attributes f = file(0644, 1000, 1000);
        assertThat(attrsSet(h.ok(h.ctxAt(ALPHA, f.id()), setattr(b -> { })))).isEqualTo(Bitmap.EMPTY);
    }
}
