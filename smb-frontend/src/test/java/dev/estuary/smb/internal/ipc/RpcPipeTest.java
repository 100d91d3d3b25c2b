package dev.estuary.smb.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.rpc.RpcDecodeException;
import dev.estuary.smb.internal.rpc.RpcPdu;
import dev.estuary.smb.internal.rpc.SyntaxId;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One pipe's DCE/RPC association ({@link RpcPipe}): binding, context negotiation, fragmentation both ways,
 * message-mode reads, faults, and framing errors that break the pipe. The endpoint is a small echo
 * interface so fragment sizes can be steered; srvsvc itself is tested in {@link SrvsvcEndpointTest}.
 */
class RpcPipeTest {
  private static final SyntaxId ECHO = SyntaxId.SRVSVC;

  /** Answers opnum 1 with the stub repeated {@code times} times (the stub's first byte). */
  private static final RpcEndpoint ENDPOINT = new RpcEndpoint() {
    @Override
    public SyntaxId syntax() {
      return ECHO;
    }

    @Override
    public String secondaryAddress() {
      return "\\PIPE\\echo";
    }

    @Override
    public Bytes call(int opnum, Bytes stub) throws RpcDecodeException {
      if (opnum != 1) {
        throw new RpcDecodeException(RpcPdu.NCA_S_OP_RNG_ERROR, "opnum " + opnum);
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (int i = 0; i < (stub.get(0) & 0xFF); i++) {
        out.writeBytes(stub.toArray());
      }
      return Bytes.of(out.toByteArray());
    }
  };

  private static RpcPipe pipe() {
    return new RpcPipe(ENDPOINT, 0x1234);
  }

  private static byte[] bind(int callId, int maxRecv, RpcPdu.Context... contexts) {
    return new RpcPdu.Bind(callId, false, RpcPdu.PFC_FIRST_FRAG | RpcPdu.PFC_LAST_FRAG, 4280, maxRecv, 0,
        List.of(contexts), 0).encode();
  }

  private static RpcPdu.Context ndr(int id) {
    return new RpcPdu.Context(id, ECHO, List.of(SyntaxId.NDR64, SyntaxId.NDR));
  }

  /** Reads one whole message. */
  private static byte[] message(RpcPipe p) {
    RpcPipe.Chunk c = p.read(1 << 20);
    assertThat(c).isNotNull();
    assertThat(c.overflow()).isFalse();
    return c.data().toArray();
  }

  /** Decodes the fixed part of a BIND_ACK's results: result and reason of each. */
  private static List<int[]> results(byte[] ack) {
    ByteBuf b = Unpooled.wrappedBuffer(ack);
    int addr = b.getUnsignedShortLE(24);
    int at = 26 + addr;
    at += (4 - (at & 3)) & 3;
    int n = b.getUnsignedByte(at);
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new int[] {b.getUnsignedShortLE(at + 4 + 24 * i), b.getUnsignedShortLE(at + 6 + 24 * i)});
    }
    return out;
  }

  @Test
  void bindAcceptsNdrAndRefusesNdr64AndForeignInterfaces() {
    RpcPipe p = pipe();
    p.write(Bytes.of(bind(1, 4280, new RpcPdu.Context(0, ECHO, List.of(SyntaxId.NDR64)), ndr(1),
        new RpcPdu.Context(2, new SyntaxId(java.util.UUID.randomUUID(), 1), List.of(SyntaxId.NDR)))));
    byte[] ack = message(p);
    assertThat(ack[2]).isEqualTo((byte) RpcPdu.BIND_ACK);
    assertThat(results(ack)).containsExactly(
        new int[] {RpcPdu.RESULT_PROVIDER_REJECTION, RpcPdu.REASON_TRANSFER_SYNTAXES_NOT_SUPPORTED},
        new int[] {RpcPdu.RESULT_ACCEPTANCE, 0},
        new int[] {RpcPdu.RESULT_PROVIDER_REJECTION, RpcPdu.REASON_ABSTRACT_SYNTAX_NOT_SUPPORTED});
    assertThat(Unpooled.wrappedBuffer(ack).getIntLE(20)).isEqualTo(0x1234);
    assertThat(p.hasOutput()).isFalse();
    // Context 1 answers; context 0 (refused) faults with nca_s_unknown_if.
    p.write(Bytes.of(new RpcPdu.Request(2, 3, 1, 1, 1, Bytes.of((byte) 2)).encode()));
    byte[] resp = message(p);
    assertThat(resp[2]).isEqualTo((byte) RpcPdu.RESPONSE);
    assertThat(Arrays.copyOfRange(resp, 24, resp.length)).containsExactly(2, 2);
    p.write(Bytes.of(new RpcPdu.Request(3, 3, 1, 0, 1, Bytes.of((byte) 2)).encode()));
    assertFault(message(p), 3, RpcPdu.NCA_S_UNKNOWN_IF);
  }

  private static void assertFault(byte[] pdu, int callId, int status) {
    ByteBuf b = Unpooled.wrappedBuffer(pdu);
    assertThat((int) b.getUnsignedByte(2)).isEqualTo(RpcPdu.FAULT);
    assertThat(b.getIntLE(12)).isEqualTo(callId);
    assertThat(b.getIntLE(24)).isEqualTo(status);
  }

  @Test
  void anUnknownOpnumFaultsWithOpRangeError() {
    RpcPipe p = pipe();
    p.write(Bytes.of(bind(1, 4280, ndr(0))));
    message(p);
    p.write(Bytes.of(new RpcPdu.Request(9, 3, 0, 0, 77, Bytes.EMPTY).encode()));
    assertFault(message(p), 9, RpcPdu.NCA_S_OP_RNG_ERROR);
  }

  @Test
  void theBindIsTakenWhateverWayTheWritesSplitIt() {
    byte[] bind = bind(1, 4280, ndr(0));
    for (int cut = 0; cut < bind.length; cut++) {
      RpcPipe p = pipe();
      p.write(Bytes.of(Arrays.copyOf(bind, cut)));
      assertThat(p.hasOutput()).isFalse();
      p.write(Bytes.of(Arrays.copyOfRange(bind, cut, bind.length)));
      assertThat(message(p)[2]).isEqualTo((byte) RpcPdu.BIND_ACK);
    }
  }

  @Test
  void aRequestInFragmentsIsReassembledAndALongAnswerIsFragmentedToMaxRecvFrag() {
    RpcPipe p = pipe();
    p.write(Bytes.of(bind(1, RpcPdu.MIN_FRAG, ndr(0))));
    assertThat(Unpooled.wrappedBuffer(message(p)).getUnsignedShortLE(16)).isEqualTo(RpcPdu.MIN_FRAG);
    byte[] stub = new byte[1000];
    Arrays.fill(stub, (byte) 5);
    p.write(Bytes.of(new RpcPdu.Request(4, RpcPdu.PFC_FIRST_FRAG, 1000, 0, 1, Bytes.of(Arrays.copyOf(stub, 600)))
        .encode()));
    assertThat(p.hasOutput()).isFalse();
    p.write(Bytes.of(new RpcPdu.Request(4, RpcPdu.PFC_LAST_FRAG, 400, 0, 1,
        Bytes.of(Arrays.copyOfRange(stub, 600, 1000))).encode()));
    // 5000 bytes of answer in fragments of at most 1432 bytes, stubs a multiple of 8 but the last.
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    int frags = 0;
    while (p.hasOutput()) {
      byte[] f = message(p);
      ByteBuf b = Unpooled.wrappedBuffer(f);
      assertThat(f.length).isLessThanOrEqualTo(RpcPdu.MIN_FRAG);
      assertThat(b.getUnsignedShortLE(8)).isEqualTo(f.length);
      assertThat(b.getUnsignedByte(3) & RpcPdu.PFC_FIRST_FRAG).isEqualTo(frags == 0 ? 1 : 0);
      assertThat(b.getIntLE(16)).isEqualTo(5000 - all.size());
      all.write(f, 24, f.length - 24);
      boolean last = (b.getUnsignedByte(3) & RpcPdu.PFC_LAST_FRAG) != 0;
      assertThat(last || (f.length - 24) % 8 == 0).isTrue();
      frags++;
    }
    assertThat(frags).isEqualTo(4);
    assertThat(all.size()).isEqualTo(5000);
  }

  @Test
  void aShortReadLeavesTheRestOfTheMessage() {
    RpcPipe p = pipe();
    p.write(Bytes.of(bind(1, 4280, ndr(0))));
    byte[] whole = p.read(10).data().toArray();
    RpcPipe.Chunk rest = p.read(1000);
    assertThat(whole).hasSize(10);
    assertThat(rest.overflow()).isFalse();
    assertThat(rest.data().length()).isEqualTo(Unpooled.wrappedBuffer(whole).getUnsignedShortLE(8) - 10);
    assertThat(p.read(10)).isNull();
  }

  @Test
  void aSecondBindIsNakedAndAnAuthenticatedBindIsRefused() {
    RpcPipe p = pipe();
    p.write(Bytes.of(bind(1, 4280, ndr(0))));
    message(p);
    p.write(Bytes.of(bind(2, 4280, ndr(0))));
    assertThat(message(p)[2]).isEqualTo((byte) RpcPdu.BIND_NAK);

    RpcPipe q = pipe();
    byte[] b = bind(1, 4280, ndr(0));
    ByteBuf withAuth = Unpooled.buffer().writeBytes(b).writeZero(8 + 16);
    withAuth.setShortLE(8, withAuth.writerIndex());
    withAuth.setShortLE(10, 16);
    q.write(Bytes.of(io.netty.buffer.ByteBufUtil.getBytes(withAuth)));
    byte[] nak = message(q);
    assertThat(nak[2]).isEqualTo((byte) RpcPdu.BIND_NAK);
    assertThat(Unpooled.wrappedBuffer(nak).getUnsignedShortLE(16))
        .isEqualTo(RpcPdu.NAK_AUTHENTICATION_TYPE_NOT_RECOGNIZED);
  }

  @Test
  void aFragmentBeyondMaxRecvFragBreaksThePipe() {
    RpcPipe p = pipe();
    p.write(Bytes.of(bind(1, 4280, ndr(0))));
    message(p);
    byte[] big = new RpcPdu.Request(5, 3, 0, 0, 1, Bytes.zeros(5000)).encode();
    p.write(Bytes.of(Arrays.copyOf(big, 16)));
    assertFault(message(p), 5, RpcPdu.NCA_S_PROTO_ERROR);
    assertThat(p.broken()).isTrue();
  }

  @Test
  void aWaitingReaderRunsWhenAnAnswerArrivesOrThePipeCloses() {
    RpcPipe p = pipe();
    List<String> seen = new ArrayList<>();
    p.await(() -> seen.add("first:" + p.read(4280).data().length()));
    Runnable cancelled = () -> seen.add("cancelled");
    p.await(cancelled);
    p.cancelWait(cancelled);
    p.await(() -> seen.add("closed:" + p.read(10)));
    assertThat(seen).isEmpty();
    p.write(Bytes.of(bind(1, 4280, ndr(0))));
    assertThat(seen).hasSize(1).first().asString().startsWith("first:");
    p.close();
    assertThat(seen).containsExactly(seen.get(0), "closed:null");
  }
}
