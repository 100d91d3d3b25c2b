package dev.estuary.nfs.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.estuary.nfs.internal.codec.Types.ClientOwner;
import dev.estuary.nfs.internal.codec.Types.ImplId;
import dev.estuary.nfs.internal.codec.Types.NfsTime;
import dev.estuary.nfs.internal.codec.Types.StateProtectArgs;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class CompoundCodecTest {

    private static byte[] encode(CompoundArgs args) {
        XdrWriter out = new XdrWriter();
        CompoundCodec.encode(args, out);
        return out.toByteArray();
    }

    private static byte[] encode(CompoundRes res) {
        XdrWriter out = new XdrWriter();
        CompoundCodec.encode(res, out);
        return out.toByteArray();
    }

    private static CompoundArgs decodeArgs(byte[] bytes) throws XdrException {
        return CompoundCodec.decodeArgs(new XdrReader(bytes, XdrLimits.DEFAULT));
    }

    /**
     * Hand-derived from RFC 8881 §16.2.1 and §18.46.1 (RFC 7863 XDR): the session prologue a 4.1 client
     * sends at mount, SEQUENCE + PUTROOTFH + GETFH.
     */
    private static final String SEQUENCE_PUTROOTFH_GETFH = """
            00000000                          # tag: empty utf8str_cs
            00000001                          # minorversion 1
            00000003                          # argarray: 3 operations
            00000035                          # OP_SEQUENCE (53)
            0102030405060708090a0b0c0d0e0f10  #   sa_sessionid (16 bytes)
            00000001                          #   sa_sequenceid
            00000000                          #   sa_slotid
            00000000                          #   sa_highest_slotid
            00000000                          #   sa_cachethis FALSE
            00000018                          # OP_PUTROOTFH (24), no arguments
            0000000a                          # OP_GETFH (10), no arguments
            """;

    @Test
    void goldenSequencePutRootFhGetFh() throws Exception {
        byte[] golden = Hex.parse(SEQUENCE_PUTROOTFH_GETFH);
        CompoundArgs expected = new CompoundArgs(Bytes.EMPTY, 1, List.of(
                new NfsArgs.Sequence(Samples.SESSION, 1, 0, 0, false), new NfsArgs.PutRootFh(), new NfsArgs.GetFh()), null);
        assertThat(decodeArgs(golden)).isEqualTo(expected);
        assertThat(encode(expected)).isEqualTo(golden);
    }

    /**
     * The path-walk COMPOUND of the Linux client (notes/nfs.md §2.1 step 7: PUTFH, LOOKUP, GETFH, GETATTR
     * after SEQUENCE), written out by hand from the RFC 7863 XDR with the values Linux sends: an empty tag,
     * minor version 2, and its standard attribute bitmap nfs4_fattr_bitmap = {0x0010011a, 0x00b0a23a}
     * (type, change, size, fsid, fileid | mode, numlinks, owner, owner_group, rawdev, space_used,
     * time_access, time_metadata, time_modify, mounted_on_fileid). Not a packet capture: no public capture
     * is reachable from this machine.
     */
    private static final String LINUX_LOOKUP = """
            00000000                          # tag: Linux sends none
            00000002                          # minorversion 2
            00000005                          # 5 operations
            00000035 0102030405060708090a0b0c0d0e0f10 0000002a 00000003 0000003f 00000000
                                              # SEQUENCE seq 42, slot 3, highest 63, cachethis FALSE
            00000016 00000008 a1a2a3a4a5a6a7a8 # PUTFH, 8-byte handle
            0000000f 00000005 68656c6c6f 000000 # LOOKUP "hello"
            0000000a                          # GETFH
            00000009 00000002 0010011a 00b0a23a # GETATTR, 2-word bitmap
            """;

    @Test
    void goldenLinuxLookup() throws Exception {
        byte[] golden = Hex.parse(LINUX_LOOKUP);
        Bitmap linuxAttrs = Bitmap.of(1, 3, 4, 8, 20, 33, 35, 36, 37, 41, 45, 47, 52, 53, 55);
        assertThat(linuxAttrs).isEqualTo(Bitmap.ofWords(0x0010011a, 0x00b0a23a));
        CompoundArgs expected = new CompoundArgs(Bytes.EMPTY, 2, List.of(
                new NfsArgs.Sequence(Samples.SESSION, 42, 3, 63, false),
                new NfsArgs.PutFh(Samples.b(0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8)),
                new NfsArgs.Lookup(Bytes.utf8("hello")), new NfsArgs.GetFh(), new NfsArgs.GetAttr(linuxAttrs)), null);
        assertThat(decodeArgs(golden)).isEqualTo(expected);
        assertThat(encode(expected)).isEqualTo(golden);
    }

    /**
     * EXCHANGE_ID as the Linux client builds it, written out by hand from RFC 8881 §18.35.1: eia_flags from
     * fs/nfs/nfs4proc.c _nfs4_proc_exchange_id (SUPP_MOVED_REFER | BIND_PRINC_STATEID, plus SUPP_MOVED_MIGR
     * with CONFIG_NFS_V4_1_MIGRATION), SP4_NONE for AUTH_SYS, one nfs_impl_id4 with domain "kernel.org"
     * (fs/nfs/nfs4xdr.c encode_exchange_id; the name is shortened here).
     */
    private static final String LINUX_EXCHANGE_ID = """
            00000000 00000002 00000001        # tag "", minorversion 2, 1 operation
            0000002a                          # OP_EXCHANGE_ID (42)
            0102030405060708                  #   co_verifier
            0000000b 4c696e7578206e66733432 00 #   co_ownerid "Linux nfs42" (11 bytes + 1 pad)
            00000103                          #   eia_flags SUPP_MOVED_REFER|SUPP_MOVED_MIGR|BIND_PRINC_STATEID
            00000000                          #   eia_state_protect SP4_NONE
            00000001                          #   eia_client_impl_id<1>: one
            0000000a 6b65726e656c2e6f7267 0000 #   nii_domain "kernel.org"
            00000005 4c696e7578 000000        #   nii_name "Linux"
            0000000000000000 00000000         #   nii_date 0
            """;

    @Test
    void goldenLinuxExchangeId() throws Exception {
        byte[] golden = Hex.parse(LINUX_EXCHANGE_ID);
        CompoundArgs expected = new CompoundArgs(Bytes.EMPTY, 2, List.of(new NfsArgs.ExchangeId(
                new ClientOwner(Samples.b(1, 2, 3, 4, 5, 6, 7, 8), Bytes.utf8("Linux nfs42")), 0x103,
                new StateProtectArgs.None(), new ImplId("kernel.org", "Linux", new NfsTime(0, 0)))), null);
        assertThat(decodeArgs(golden)).isEqualTo(expected);
        assertThat(encode(expected)).isEqualTo(golden);
    }

    /** RFC 8881 §16.2.2/§18.46.2: SEQUENCE OK then PUTROOTFH OK then GETFH failing, hand-derived. */
    @Test
    void goldenResult() throws Exception {
        byte[] golden = Hex.parse("""
                00002724                          # status: the last result's, NFS4ERR_NOFILEHANDLE (10020)
                00000003 746167 00                # tag "tag"
                00000002                          # 2 results
                00000035 00000000                 # SEQUENCE NFS4_OK
                0102030405060708090a0b0c0d0e0f10 00000001 00000000 0000003f 0000003f 00000000
                0000000a 00002724                 # GETFH NFS4ERR_NOFILEHANDLE
                """);
        CompoundRes expected = CompoundRes.of(Bytes.utf8("tag"), List.of(
                NfsResult.ok(OpCode.SEQUENCE, new NfsResult.SequenceOk(Samples.SESSION, 1, 0, 63, 63, 0)),
                NfsResult.of(OpCode.GETFH, NfsStatus.NOFILEHANDLE)));
        assertThat(expected.status()).isEqualTo(NfsStatus.NOFILEHANDLE);
        assertThat(NfsStatus.NOFILEHANDLE.code()).isEqualTo(0x2724);
        assertThat(CompoundCodec.decodeRes(new XdrReader(golden, XdrLimits.DEFAULT))).isEqualTo(expected);
        assertThat(encode(expected)).isEqualTo(golden);
    }

    @Test
    void everyModelledOperationHasASampleAndRoundTrips() throws Exception {
        Set<OpCode> sampled = EnumSet.noneOf(OpCode.class);
        for (NfsArgs a : Samples.args()) {
            sampled.add(a.op());
            CompoundArgs c = CompoundArgs.of("rt", 2, a);
            assertThat(decodeArgs(encode(c))).as(a.toString()).isEqualTo(c);
        }
        Set<OpCode> modelled = Arrays.stream(OpCode.values()).filter(CompoundCodec::models).collect(Collectors.toSet());
        assertThat(sampled).isEqualTo(modelled);
        // Every argument record type has a sample.
        Set<Class<?>> recordTypes = Samples.args().stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(recordTypes).containsExactlyInAnyOrder(NfsArgs.class.getPermittedSubclasses());
    }

    @Test
    void everyResultBodyRoundTrips() throws Exception {
        Set<Class<?>> bodies = new java.util.HashSet<>();
        for (NfsResult r : Samples.results()) {
            if (r.body() != null) {
                bodies.add(r.body().getClass());
            }
            CompoundRes res = CompoundRes.of(Bytes.utf8("rt"), List.of(r));
            assertThat(CompoundCodec.decodeRes(new XdrReader(encode(res), XdrLimits.DEFAULT))).as(r.toString()).isEqualTo(res);
        }
        Set<Class<?>> declared = Arrays.stream(NfsResult.class.getDeclaredClasses())
                .filter(c -> NfsResult.Body.class.isAssignableFrom(c) && c.isRecord() && !c.getSimpleName().equals("Unmodelled"))
                .collect(Collectors.toSet());
        assertThat(bodies).isEqualTo(declared);
    }

    @Test
    void allSamplesInOneCompoundRoundTrip() throws Exception {
        CompoundArgs all = new CompoundArgs(Bytes.utf8("all"), 2, Samples.args(), null);
        byte[] bytes = encode(all);
        XdrLimits roomy = new XdrLimits(1 << 20, 1 << 16, 1000);
        assertThat(CompoundCodec.decodeArgs(new XdrReader(bytes, roomy))).isEqualTo(all);
        CompoundRes res = CompoundRes.of(Bytes.utf8("all"), Samples.results());
        assertThat(CompoundCodec.decodeRes(new XdrReader(encode(res), roomy))).isEqualTo(res);
    }

    @Test
    void everyArgumentTruncatedAtEveryOffsetFailsCleanly() {
        for (NfsArgs a : Samples.args()) {
            byte[] full = encode(CompoundArgs.of("t", 2, a));
            for (int n = 0; n < full.length; n++) {
                byte[] cut = Arrays.copyOf(full, n);
                try {
                    CompoundArgs got = decodeArgs(cut);
                    assertThat(got.stop()).as("%s cut at %d", a, n).isInstanceOf(CompoundArgs.Stop.BadXdr.class);
                    assertThat(got.ops()).isEmpty();
                } catch (XdrException expected) {
                    // the header or the operation count no longer fits: GARBAGE_ARGS
                } catch (RuntimeException e) {
                    fail(a + " cut at " + n + ": " + e, e);
                }
            }
        }
    }

    @Test
    void everyResultTruncatedAtEveryOffsetFailsCleanly() {
        for (NfsResult r : Samples.results()) {
            byte[] full = encode(CompoundRes.of(Bytes.utf8("t"), List.of(r)));
            for (int n = 0; n < full.length; n++) {
                byte[] cut = Arrays.copyOf(full, n);
                assertThatThrownBy(() -> CompoundCodec.decodeRes(new XdrReader(cut, XdrLimits.DEFAULT)))
                        .as("%s cut at %d", r, n).isInstanceOf(XdrException.class);
            }
        }
    }

    @Test
    void validButUnmodelledOperationStopsWithNotSupported() throws Exception {
        // PUTROOTFH, then GET_DIR_DELEGATION (46, sent by Linux 7.0), then bytes that must not be read.
        byte[] in = Hex.parse("00000000 00000001 00000003 00000018 0000002e deadbeef 0000000a");
        CompoundArgs got = decodeArgs(in);
        assertThat(got.ops()).containsExactly(new NfsArgs.PutRootFh());
        assertThat(got.stop()).isEqualTo(new CompoundArgs.Stop.NotSupported(OpCode.GET_DIR_DELEGATION));
        assertThat(got.stop().status()).isEqualTo(NfsStatus.NOTSUPP);
        for (OpCode op : OpCode.values()) {
            if (!CompoundCodec.models(op) && op != OpCode.ILLEGAL) {
                CompoundArgs one = decodeArgs(new XdrWriter().writeInt(0).writeInt(2).writeInt(1).writeInt(op.code()).toByteArray());
                assertThat(one.stop()).as(op.name()).isEqualTo(new CompoundArgs.Stop.NotSupported(op));
            }
        }
    }

    @Test
    void numbersOutsideTheTableAreIllegal() throws Exception {
        for (int opnum : new int[] {0, 1, 2, 76, 10044, -1}) {
            CompoundArgs got = decodeArgs(new XdrWriter().writeInt(0).writeInt(1).writeInt(2).writeInt(24).writeInt(opnum)
                    .toByteArray());
            assertThat(got.ops()).containsExactly(new NfsArgs.PutRootFh());
            assertThat(got.stop()).isEqualTo(new CompoundArgs.Stop.Illegal(opnum));
            assertThat(got.stop().resultOp()).isEqualTo(OpCode.ILLEGAL);
            assertThat(got.stop().status()).isEqualTo(NfsStatus.OP_ILLEGAL);
        }
        assertThat(encode(CompoundRes.of(Bytes.EMPTY, List.of(NfsResult.of(OpCode.ILLEGAL, NfsStatus.OP_ILLEGAL)))))
                .isEqualTo(Hex.parse("0000273c 00000000 00000001 0000273c 0000273c"));
    }

    @Test
    void operationsOfALaterMinorVersionAreIllegal() throws Exception {
        // Minor version 1, PUTROOTFH then GETXATTR (72, RFC 8276): not in NFSv4.1's nfs_opnum4.
        for (OpCode op : new OpCode[] {OpCode.ALLOCATE, OpCode.SEEK, OpCode.GETXATTR, OpCode.REMOVEXATTR}) {
            CompoundArgs got = decodeArgs(new XdrWriter().writeInt(0).writeInt(1).writeInt(2).writeInt(24)
                    .writeInt(op.code()).toByteArray());
            assertThat(got.ops()).as(op.name()).containsExactly(new NfsArgs.PutRootFh());
            assertThat(got.stop()).as(op.name()).isEqualTo(new CompoundArgs.Stop.Illegal(op.code()));
        }
        // The last NFSv4.1 operation stays legal at minor version 1, and SEEK decodes at minor version 2.
        CompoundArgs reclaim = decodeArgs(new XdrWriter().writeInt(0).writeInt(1).writeInt(1)
                .writeInt(OpCode.RECLAIM_COMPLETE.code()).writeBool(false).toByteArray());
        assertThat(reclaim.stop()).isNull();
        assertThat(OpCode.RECLAIM_COMPLETE.firstMinorVersion()).isEqualTo(1);
        assertThat(OpCode.ALLOCATE.firstMinorVersion()).isEqualTo(2);
        assertThat(OpCode.CLOSE.firstMinorVersion()).isZero();
    }

    @Test
    void malformedArgumentsStopWithBadXdrForThatOperation() throws Exception {
        // PUTROOTFH, then READ_PLUS whose stateid is cut short.
        byte[] in = Hex.parse("00000000 00000002 00000002 00000018 00000044 00000001 0102");
        CompoundArgs got = decodeArgs(in);
        assertThat(got.ops()).containsExactly(new NfsArgs.PutRootFh());
        assertThat(got.stop()).isInstanceOf(CompoundArgs.Stop.BadXdr.class);
        assertThat(got.stop().resultOp()).isEqualTo(OpCode.READ_PLUS);
        // A bad discriminant is as bad: OPEN with opentype 7.
        byte[] open = new XdrWriter().writeInt(0).writeInt(1).writeInt(1).writeInt(18).writeInt(0).writeInt(1).writeInt(0)
                .writeLong(1).writeOpaque(Bytes.utf8("o")).writeInt(7).toByteArray();
        assertThat(((CompoundArgs.Stop.BadXdr) decodeArgs(open).stop()).reason()).isEqualTo("opentype: 7 (expected: 0 or 1)");
    }

    @Test
    void hostileCountsAndLengthsAreRefused() {
        XdrLimits unlimited = new XdrLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
        // argarray count 2^32-1 with 4 bytes behind it
        assertThatThrownBy(() -> CompoundCodec.decodeArgs(new XdrReader(Hex.parse("00000000 00000001 ffffffff 0000000a"), unlimited)))
                .isInstanceOf(XdrException.class).hasMessageContaining("argarray count: 4294967295");
        // tag length 2^31
        assertThatThrownBy(() -> CompoundCodec.decodeArgs(new XdrReader(Hex.parse("80000000 00000001 00000000"), unlimited)))
                .isInstanceOf(XdrException.class).hasMessageContaining("tag length: 2147483648");
        // WRITE with 2^31-1 bytes of data announced: BADXDR for WRITE, nothing allocated
        byte[] write = new XdrWriter().writeInt(0).writeInt(1).writeInt(1).writeInt(38).writeInt(0)
                .writeFixedOpaque(Bytes.of(new byte[12]), 12).writeLong(0).writeInt(2).writeInt(0x7fffffff).toByteArray();
        assertThat(decodeOrFail(write, unlimited)).isInstanceOf(CompoundArgs.Stop.BadXdr.class);
        // TEST_STATEID with 2^32-1 stateids
        byte[] test = new XdrWriter().writeInt(0).writeInt(1).writeInt(1).writeInt(55).writeInt(-1).toByteArray();
        assertThat(decodeOrFail(test, unlimited)).isInstanceOf(CompoundArgs.Stop.BadXdr.class);
    }

    private static CompoundArgs.Stop decodeOrFail(byte[] in, XdrLimits limits) {
        try {
            CompoundArgs.Stop stop = CompoundCodec.decodeArgs(new XdrReader(in, limits)).stop();
            assertThat(stop).isNotNull();
            return stop;
        } catch (XdrException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void moreOperationsThanTheLimitStopWithTooManyOps() throws Exception {
        XdrWriter out = new XdrWriter().writeInt(0).writeInt(1).writeInt(5);
        for (int i = 0; i < 5; i++) {
            out.writeInt(OpCode.GETFH.code());
        }
        CompoundArgs got = CompoundCodec.decodeArgs(new XdrReader(out.toByteArray(), new XdrLimits(1024, 1024, 3)));
        assertThat(got.ops()).hasSize(3);
        assertThat(got.stop()).isEqualTo(new CompoundArgs.Stop.TooManyOps(OpCode.GETFH, 5));
    }

    @Test
    void bytesAfterTheLastOperationAreGarbage() {
        assertThatThrownBy(() -> decodeArgs(Hex.parse("00000000 00000001 00000001 0000000a 00000000")))
                .isInstanceOf(XdrException.class).hasMessage("COMPOUND4args: 4 bytes after the end (expected: none)");
    }

    @Test
    void resultsRefuseBodiesThatDoNotMatchTheirUnion() {
        assertThatThrownBy(() -> new NfsResult(OpCode.READ, NfsStatus.OK, new NfsResult.SeekOk(true, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NfsResult.of(OpCode.READ, NfsStatus.OK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NfsResult(OpCode.READ, NfsStatus.IO, new NfsResult.ReadOk(true, Bytes.EMPTY)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NfsResult.of(OpCode.SETATTR, NfsStatus.OK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NfsResult.of(OpCode.LAYOUTGET, NfsStatus.OK)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CompoundRes.of(Bytes.EMPTY, List.of()).results().add(null))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> new CompoundRes(NfsStatus.OK, Bytes.EMPTY, List.of(NfsResult.of(OpCode.LOOKUP, NfsStatus.NOENT))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void everyOperationCanAnswerAnErrorGenerically() throws Exception {
        // What a handler does for a stop (BADXDR, NOTSUPP) or a failed precondition on any operation.
        for (OpCode op : OpCode.values()) {
            NfsStatus status = op == OpCode.ILLEGAL ? NfsStatus.OP_ILLEGAL : NfsStatus.BADXDR;
            CompoundRes res = CompoundRes.of(Bytes.EMPTY, List.of(NfsResult.of(op, status)));
            assertThat(CompoundCodec.decodeRes(new XdrReader(encode(res), XdrLimits.DEFAULT))).isEqualTo(res);
        }
        assertThat(encode(CompoundRes.of(Bytes.EMPTY, List.of(NfsResult.of(OpCode.SETATTR, NfsStatus.BADXDR)))))
                .isEqualTo(Hex.parse("00002734 00000000 00000001 00000022 00002734 00000000"));
    }

    /** Each union's discriminant outside its XDR enum stops decoding with BADXDR naming the field. */
    @Test
    void badDiscriminantsAreBadXdr() throws Exception {
        byte[] sid = new byte[16];
        record Case(int op, byte[] args, String field) {
        }
        List<Case> cases = List.of(
                new Case(42, new XdrWriter().writeFixedOpaque(Bytes.of(new byte[8]), 8).writeOpaque(Bytes.EMPTY).writeInt(0)
                        .writeInt(3).toByteArray(), "spa_how"),
                new Case(40, new XdrWriter().writeInt(1).writeInt(1).writeInt(9).toByteArray(), "cb_secflavor"),
                new Case(60, new XdrWriter().writeEncoded(sid).writeEncoded(sid).writeLong(0).writeLong(0).writeLong(0)
                        .writeBool(false).writeBool(true).writeInt(1).writeInt(0).writeInt(0).toByteArray(), "nl_type"),
                new Case(18, new XdrWriter().writeInt(0).writeInt(1).writeInt(0).writeLong(1).writeOpaque(Bytes.EMPTY)
                        .writeInt(0).writeInt(7).toByteArray(), "claim"),
                new Case(18, new XdrWriter().writeInt(0).writeInt(1).writeInt(0).writeLong(1).writeOpaque(Bytes.EMPTY)
                        .writeInt(1).writeInt(4).toByteArray(), "createmode"),
                new Case(12, new XdrWriter().writeInt(1).writeInt(2).toByteArray(), "reclaim"),
                new Case(34, new XdrWriter().writeEncoded(sid).writeInt(-1).toByteArray(), "attrmask count"),
                new Case(22, new XdrWriter().writeInt(129).writeEncoded(new byte[132]).toByteArray(), "object length"));
        for (Case c : cases) {
            byte[] in = new XdrWriter().writeInt(0).writeInt(2).writeInt(1).writeInt(c.op()).writeEncoded(c.args()).toByteArray();
            CompoundArgs.Stop stop = decodeArgs(in).stop();
            assertThat(stop).as(c.field()).isInstanceOf(CompoundArgs.Stop.BadXdr.class);
            assertThat(((CompoundArgs.Stop.BadXdr) stop).reason()).as(c.field()).startsWith(c.field());
        }
    }

    @Test
    void minorVersionMismatchIsAnEmptyResultWithTheTag() {
        CompoundRes res = CompoundRes.failed(NfsStatus.MINOR_VERS_MISMATCH, Bytes.utf8("x"));
        assertThat(encode(res)).isEqualTo(Hex.parse("00002725 00000001 78000000 00000000"));
    }
}
