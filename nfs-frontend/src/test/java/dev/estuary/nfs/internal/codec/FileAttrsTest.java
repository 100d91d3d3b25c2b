package dev.estuary.nfs.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.nfs.internal.codec.FileAttr.ModePair;
import dev.estuary.nfs.internal.codec.FileAttr.SecLabel;
import dev.estuary.nfs.internal.codec.FileAttr.SetTime;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import dev.estuary.nfs.internal.codec.Types.Fsid;
import dev.estuary.nfs.internal.codec.Types.NfsTime;
import dev.estuary.nfs.internal.codec.Types.SpecData;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FileAttrsTest {

    /** A value for every attribute the codec models. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static FileAttrs everyAttribute() {
        FileAttrs.Builder b = FileAttrs.builder();
        for (FileAttr<?> a : FileAttr.all()) {
            b.set((FileAttr) a, sample(a));
        }
        return b.build();
    }

    private static Object sample(FileAttr<?> a) {
        return switch (a.name()) {
            case "supported_attrs", "suppattr_exclcreat" -> Bitmap.of(0, 1, 33, 75);
            case "type" -> FileAttr.NF4DIR;
            case "fsid" -> new Fsid(7, 9);
            case "rdattr_error" -> NfsStatus.ACCESS;
            case "acl" -> List.of(Samples.ACE);
            case "filehandle" -> Samples.b(1, 2, 3, 4, 5);
            case "mimetype" -> "text/plain";
            case "owner" -> "1000";
            case "owner_group" -> "100";
            case "rawdev" -> new SpecData(8, 1);
            case "time_access_set" -> SetTime.SERVER;
            case "time_modify_set" -> new SetTime(new NfsTime(1_700_000_000L, 123_456_789));
            case "fs_layout_type" -> List.of();
            case "sec_label" -> new SecLabel(0, 0, Bytes.utf8("system_u:object_r"));
            case "mode_set_masked", "mode_umask" -> new ModePair(0755, 022);
            default -> a.name().startsWith("time_") ? new NfsTime(a.number(), a.number() * 1000) : scalar(a);
        };
    }

    /** A boolean, uint32 or uint64 value (told apart by what the attribute's codec reads), distinct per attribute. */
    private static Object scalar(FileAttr<?> a) {
        try {
            Object probe = a.codec().read(new XdrReader(new XdrWriter().writeInt(0).writeInt(1).toByteArray(),
                    XdrLimits.DEFAULT));
            if (probe instanceof Boolean) {
                return a.number() % 2 == 0;
            }
            if (probe instanceof Integer) {
                return a.number() * 3;
            }
            return (long) a.number() << 33;
        } catch (XdrException e) {
            throw new AssertionError(a.toString(), e);
        }
    }

    @Test
    void everyAttributeRoundTrips() throws Exception {
        FileAttrs all = everyAttribute();
        assertThat(all.size()).isEqualTo(FileAttr.all().size());
        Fattr4 wire = all.encode();
        assertThat(FileAttrs.decode(wire, XdrLimits.DEFAULT)).isEqualTo(all);
        // And through the fattr4 XDR itself.
        XdrWriter out = new XdrWriter();
        wire.encode(out);
        assertThat(Fattr4.decode(new XdrReader(out.toByteArray(), XdrLimits.DEFAULT))).isEqualTo(wire);
    }

    @Test
    void coversEveryAttributeTheLinuxClientAsksFor() {
        // notes/nfs.md §2.1 (server caps, fsinfo, pathconf, statfs, path walk) and §2.3.
        int[] linux = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 16, 17, 19, 20, 21, 22, 23, 27, 28, 29, 30, 31,
            33, 35, 36, 37, 41, 42, 43, 44, 45, 47, 48, 50, 51, 52, 53, 54, 55, 62, 65, 75, 77, 79, 80, 81, 82};
        for (int n : linux) {
            assertThat(FileAttr.of(n)).as("attribute %d", n).isNotNull();
        }
    }

    /** Hand-derived from RFC 8881 §3.3.13 and §5.8: type NF4REG, size 5, mode 0644, owner "1000". */
    @Test
    void goldenBytes() throws Exception {
        FileAttrs attrs = FileAttrs.builder().set(FileAttr.MODE, 0644).set(FileAttr.TYPE, FileAttr.NF4REG)
                .set(FileAttr.SIZE, 5L).set(FileAttr.OWNER, "1000").build();
        XdrWriter out = new XdrWriter();
        attrs.encode().encode(out);
        byte[] golden = Hex.parse("""
                00000002 00000012 00000012        # attrmask: word0 bits 1 (type), 4 (size); word1 bits 33 (mode), 36 (owner)
                00000018                          # attr_vals: 24 bytes, in attribute order
                00000001                          # type NF4REG
                0000000000000005                  # size 5
                000001a4                          # mode 0644
                00000004 31303030                 # owner "1000"
                """);
        assertThat(out.toByteArray()).isEqualTo(golden);
        assertThat(FileAttrs.decode(Fattr4.decode(new XdrReader(golden, XdrLimits.DEFAULT)), XdrLimits.DEFAULT))
                .isEqualTo(attrs);
        assertThat(attrs.get(FileAttr.OWNER)).isEqualTo("1000");
        assertThat(attrs.get(FileAttr.FILEID)).isNull();
    }

    @Test
    void unmodelledAttributeIsAttrNotSupported() {
        // mask word0 bit 24 (fs_locations), values unknown
        Fattr4 f = new Fattr4(Bitmap.of(1, 24), Bytes.of(Hex.parse("00000001 00000000")));
        assertThatThrownBy(() -> FileAttrs.decode(f, XdrLimits.DEFAULT))
                .isInstanceOfSatisfying(AttrNotSupportedException.class, e -> assertThat(e.attribute()).isEqualTo(24));
    }

    @Test
    void valuesTruncatedAtEveryOffsetOrWithTrailingBytesFail() {
        Fattr4 full = everyAttribute().encode();
        byte[] vals = full.values().toArray();
        IntStream.range(0, vals.length).forEach(n -> assertThatThrownBy(
                () -> FileAttrs.decode(new Fattr4(full.mask(), Bytes.of(Arrays.copyOf(vals, n))), XdrLimits.DEFAULT))
                .as("cut at %d", n).isInstanceOf(XdrException.class));
        byte[] longer = Arrays.copyOf(vals, vals.length + 4);
        assertThatThrownBy(() -> FileAttrs.decode(new Fattr4(full.mask(), Bytes.of(longer)), XdrLimits.DEFAULT))
                .isInstanceOf(XdrException.class).hasMessageContaining("attr_vals: 4 bytes after the end");
    }

    @Test
    void selectKeepsOnlyRequestedAttributes() {
        FileAttrs all = everyAttribute();
        Bitmap linux = Bitmap.ofWords(0x0010011a, 0x00b0a23a);
        FileAttrs picked = all.select(linux);
        assertThat(picked.mask()).isEqualTo(linux);
        assertThat(picked.get(FileAttr.MOUNTED_ON_FILEID)).isEqualTo(all.get(FileAttr.MOUNTED_ON_FILEID));
        assertThat(picked.has(FileAttr.SUPPORTED_ATTRS)).isFalse();
    }
}
