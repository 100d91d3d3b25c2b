package dev.estuary.nfs.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class XdrReaderTest {
    /** Limits as large as the types allow: only the bytes actually present can stop a hostile length. */
    private static final XdrLimits UNLIMITED = new XdrLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);

    @Test
    void primitivesRoundTrip() throws Exception {
        byte[] bytes = new XdrWriter().writeInt(-2).writeLong(0x8000000000000001L).writeBool(true)
                .writeOpaque(Bytes.utf8("abcde")).writeString("\u00e9t\u00e9").writeFixedOpaque(Bytes.of(new byte[3]), 3)
                .toByteArray();
        assertThat(bytes.length % 4).isZero();
        XdrReader in = new XdrReader(bytes, XdrLimits.DEFAULT);
        assertThat(in.readInt("i")).isEqualTo(-2);
        assertThat(in.readLong("l")).isEqualTo(0x8000000000000001L);
        assertThat(in.readBool("b")).isTrue();
        assertThat(in.readOpaque("o")).isEqualTo(Bytes.utf8("abcde"));
        assertThat(in.readString(100, "s")).isEqualTo("\u00e9t\u00e9");
        assertThat(in.readFixedOpaque(3, "f")).isEqualTo(Bytes.of(new byte[3]));
        in.expectEnd("all");
    }

    @Test
    void opaqueIsPaddedWithZerosToFourBytes() {
        // RFC 4506 §4.10: length 5, five bytes, three zero bytes.
        assertThat(new XdrWriter().writeOpaque(Bytes.utf8("abcde")).toByteArray())
                .isEqualTo(Hex.parse("00000005 6162636465 000000"));
    }

    @Test
    void hostileOpaqueLengthsAreRefusedBeforeAllocation() {
        for (String len : new String[] {"80000000", "7fffffff", "fffffffc", "00000009"}) {
            byte[] in = Hex.parse(len + "0102030405060708");
            assertThatThrownBy(() -> new XdrReader(in, UNLIMITED).readOpaque("data"))
                    .isInstanceOf(XdrException.class)
                    .hasMessageContaining("data");
        }
    }

    @Test
    void opaqueOverItsLimitIsRefused() {
        byte[] in = Hex.parse("00000008 0102030405060708");
        assertThatThrownBy(() -> new XdrReader(in, new XdrLimits(4, 4, 4)).readOpaque("data"))
                .isInstanceOf(XdrException.class)
                .hasMessage("data length: 8 (expected: 0..4)");
        assertThatThrownBy(() -> new XdrReader(in, XdrLimits.DEFAULT).readOpaque(7, "fh"))
                .isInstanceOf(XdrException.class)
                .hasMessage("fh length: 8 (expected: 0..7)");
    }

    @Test
    void hostileArrayCountsAreRefusedBeforeAllocation() {
        for (String count : new String[] {"ffffffff", "80000000", "7fffffff", "00000003"}) {
            byte[] in = Hex.parse(count + "00000001 00000002");
            assertThatThrownBy(() -> new XdrReader(in, UNLIMITED).readCount(Integer.MAX_VALUE, 4, "words"))
                    .isInstanceOf(XdrException.class)
                    .hasMessageContaining("words count");
            assertThatThrownBy(() -> Bitmap.decode(new XdrReader(in, UNLIMITED), "attrmask"))
                    .isInstanceOf(XdrException.class);
        }
    }

    @Test
    void boolOtherThanZeroOrOneIsRefused() {
        assertThatThrownBy(() -> new XdrReader(Hex.parse("00000002"), XdrLimits.DEFAULT).readBool("eof"))
                .isInstanceOf(XdrException.class)
                .hasMessage("eof: 2 (expected: bool 0 or 1)");
    }

    @Test
    void nonZeroPaddingIsRefused() {
        assertThatThrownBy(() -> new XdrReader(Hex.parse("00000001 41000001"), XdrLimits.DEFAULT).readOpaque("name"))
                .isInstanceOf(XdrException.class)
                .hasMessageContaining("padding");
    }

    @Test
    void malformedUtf8StringIsRefused() {
        assertThatThrownBy(() -> new XdrReader(Hex.parse("00000002 c328 0000"), XdrLimits.DEFAULT).readString(10, "owner"))
                .isInstanceOf(XdrException.class)
                .hasMessageContaining("expected: UTF-8");
    }

    @Test
    void truncatedPrimitivesFailCleanly() {
        for (int n = 0; n < 8; n++) {
            byte[] in = new byte[n];
            if (n < 4) {
                assertThatThrownBy(() -> new XdrReader(in, XdrLimits.DEFAULT).readInt("x")).isInstanceOf(XdrException.class);
            }
            assertThatThrownBy(() -> new XdrReader(in, XdrLimits.DEFAULT).readLong("x")).isInstanceOf(XdrException.class);
        }
    }

    @Test
    void bitmapSetsAndTestsBits() {
        Bitmap b = Bitmap.of(0, 31, 32, 75);
        assertThat(b.wordCount()).isEqualTo(3);
        assertThat(b.word(0)).isEqualTo(0x80000001);
        assertThat(b.word(1)).isEqualTo(1);
        assertThat(b.word(2)).isEqualTo(1 << 11);
        assertThat(b.isSet(75)).isTrue();
        assertThat(b.isSet(74)).isFalse();
        assertThat(b.isSet(500)).isFalse();
        assertThat(Bitmap.of()).isEqualTo(Bitmap.EMPTY);
        assertThat(b.and(Bitmap.of(31, 75, 80))).isEqualTo(Bitmap.ofWords(0x80000000, 0, 1 << 11));
    }
}
