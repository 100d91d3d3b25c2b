package dev.estuary.nfs.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class XdrWriterTest {
    static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void largeOpaquesAreKeptByReferenceAndEncodeTheSame() throws Exception {
        byte[] big1 = random(XdrWriter.DEFER_MIN + 3);
        byte[] big2 = random(XdrWriter.DEFER_MIN * 2);
        Bytes one = Bytes.of(big1);
        Bytes two = Bytes.of(big2);
        XdrWriter w = new XdrWriter().writeInt(7).writeOpaque(one).writeInt(8).writeOpaque(two).writeInt(9)
                .writeOpaque(Bytes.utf8("small"));
        byte[] expected = new XdrWriter().writeInt(7).writeOpaque(big1, 0, big1.length).writeInt(8)
                .writeOpaque(big2, 0, big2.length).writeInt(9).writeOpaque(Bytes.utf8("small")).toByteArray();
        assertThat(w.size()).isEqualTo(expected.length);
        assertThat(w.toByteArray()).isEqualTo(expected);

        // writeTo hands over encoded runs and the two opaques themselves, in order.
        List<Object> pieces = new ArrayList<>();
        ByteArrayOutputStream assembled = new ByteArrayOutputStream();
        w.writeTo(new XdrWriter.Sink() {
            @Override
            public void encoded(byte[] xdr, int off, int len) {
                assertThat(len % 4).isZero();
                pieces.add(len);
                assembled.write(xdr, off, len);
            }

            @Override
            public void opaque(Bytes data) {
                pieces.add(data);
                XdrWriter one = new XdrWriter();
                one.writeOpaque(data.toArray(), 0, data.length());
                assembled.writeBytes(one.toByteArray());
            }
        });
        assertThat(pieces).containsExactly(4, one, 4, two, 4 + 4 + 8);
        assertThat(pieces.get(1)).isSameAs(one);
        assertThat(assembled.toByteArray()).isEqualTo(expected);

        XdrReader in = new XdrReader(w.toByteArray(), new XdrLimits(Integer.MAX_VALUE, 16, 16));
        assertThat(in.readInt("a")).isEqualTo(7);
        assertThat(in.readOpaque("one")).isEqualTo(one);
        assertThat(in.readInt("b")).isEqualTo(8);
        assertThat(in.readOpaque("two")).isEqualTo(two);
        assertThat(in.readInt("c")).isEqualTo(9);
        assertThat(in.readOpaque("small")).isEqualTo(Bytes.utf8("small"));
        in.expectEnd("all");
    }

    @Test
    void smallOpaquesAreCopiedAsBefore() {
        byte[] just = random(XdrWriter.DEFER_MIN - 1);
        XdrWriter w = new XdrWriter().writeOpaque(Bytes.of(just));
        List<Object> pieces = new ArrayList<>();
        w.writeTo(new XdrWriter.Sink() {
            @Override
            public void encoded(byte[] xdr, int off, int len) {
                pieces.add(len);
            }

            @Override
            public void opaque(Bytes data) {
                pieces.add(data);
            }
        });
        assertThat(pieces).containsExactly(4 + XdrWriter.DEFER_MIN);
    }
}
