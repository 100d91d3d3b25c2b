package dev.estuary.smb.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NegotiateContext;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SmbDecodeException;
import dev.estuary.smb.internal.codec.Smb2Header;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.codec.SmbMessages;
import dev.estuary.smb.internal.crypto.Cipher;
import dev.estuary.smb.internal.crypto.PreauthHash;
import dev.estuary.smb.internal.crypto.SigningAlgorithm;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.testing.SmbTestServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** NEGOTIATE ([MS-SMB2] 3.3.5.4) through {@link NegotiateHandler}. */
class NegotiateHandlerTest {
  private static SmbTestServer server;
  private static NegotiateHandler handler;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
    handler = new NegotiateHandler(server.services());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static final NegotiateContext.PreauthIntegrity SHA512 =
      new NegotiateContext.PreauthIntegrity(List.of(1), Bytes.zeros(32));

  private static SmbRequest request(ConnectionState c, List<Integer> dialects, int caps,
      List<NegotiateContext> contexts) {
    Negotiate.Request n = new Negotiate.Request(1, caps, Bytes.zeros(16), dialects, contexts);
    ByteBuf b = Unpooled.buffer();
    SmbMessages.encode(b, Smb2Header.request(SmbCommand.NEGOTIATE, 0, 0, 0), n);
    return new SmbRequest(c, Smb2Header.request(SmbCommand.NEGOTIATE, 0, 0, 0), n, null, null, false,
        Bytes.of(ByteBufUtil.getBytes(b)));
  }

  @Test
  void theHighestCommonDialectWinsAndSigningIsRequired() throws Exception {
    ConnectionState c = new ConnectionState(64);
    SmbReply r = handler.handle(request(c, List.of(0x0202, 0x0210, 0x0300, 0x0302, 0x0222), 0, List.of()));
    Negotiate.Response n = (Negotiate.Response) r.body();
    assertThat(n.dialectRevision()).isEqualTo(Negotiate.SMB_3_0_2);
    assertThat(n.securityMode()).isEqualTo(Negotiate.SIGNING_ENABLED | Negotiate.SIGNING_REQUIRED);
    assertThat(n.serverGuid()).isEqualTo(server.services().settings().serverGuid());
    assertThat(n.maxWriteSize()).isEqualTo(8 << 20);
    // Leases are served (with breaks and acknowledgments); directory leases are not.
    assertThat(n.capabilities() & Negotiate.CAP_LEASING).isEqualTo(Negotiate.CAP_LEASING);
    assertThat(n.capabilities() & Negotiate.CAP_DIRECTORY_LEASING).isZero();
    // No CAP_ENCRYPTION from the client: no cipher on 3.0.2.
    assertThat(c.negotiated().cipher()).isNull();
    assertThat(c.negotiated().signing()).isEqualTo(SigningAlgorithm.AES_CMAC);
  }

  @Test
  void smb202KeepsSixtyFourKilobyteSizesAndHmacSigning() throws Exception {
    ConnectionState c = new ConnectionState(64);
    Negotiate.Response n = (Negotiate.Response) handler.handle(request(c, List.of(0x0202), 0, List.of())).body();
    assertThat(n.maxReadSize()).isEqualTo(65_536);
    assertThat(n.capabilities() & Negotiate.CAP_LARGE_MTU).isZero();
    // 2.0.2 has no leases.
    assertThat(n.capabilities() & Negotiate.CAP_LEASING).isZero();
    assertThat(c.negotiated().signing()).isEqualTo(SigningAlgorithm.HMAC_SHA256);
  }

  @Test
  void smb30WithTheEncryptionCapabilityGetsAesCcm() throws Exception {
    ConnectionState c = new ConnectionState(64);
    Negotiate.Response n = (Negotiate.Response) handler.handle(request(c, List.of(0x0300), Negotiate.CAP_ENCRYPTION,
        List.of())).body();
    assertThat(n.capabilities() & Negotiate.CAP_ENCRYPTION).isNotZero();
    assertThat(c.negotiated().cipher()).isEqualTo(Cipher.AES_128_CCM);
  }

  @Test
  void noCommonDialectIsNotSupported() throws Exception {
    SmbReply r = handler.handle(request(new ConnectionState(64), List.of(0x0222), 0, List.of()));
    assertThat(r.status()).isEqualTo(NtStatus.NOT_SUPPORTED);
  }

  @Test
  void aSecondNegotiateDropsTheConnection() throws Exception {
    ConnectionState c = new ConnectionState(64);
    handler.handle(request(c, List.of(0x0210), 0, List.of()));
    assertThat(handler.handle(request(c, List.of(0x0210), 0, List.of())).disconnect()).isTrue();
  }

  @Test
  void smb311PicksTheClientsFirstKnownCipherAndSigningAlgorithmAndChainsThePreauthHash() throws Exception {
    ConnectionState c = new ConnectionState(64);
    SmbRequest req = request(c, List.of(0x0210, 0x0311), 0, List.of(SHA512,
        new NegotiateContext.Encryption(List.of(9, 4, 2)), new NegotiateContext.Signing(List.of(7, 2, 1)),
        new NegotiateContext.Compression(0, List.of(1))));
    SmbReply r = handler.handle(req);
    Negotiate.Response n = (Negotiate.Response) r.body();
    assertThat(n.dialectRevision()).isEqualTo(Negotiate.SMB_3_1_1);
    assertThat(n.contexts()).hasSize(3);
    assertThat(n.contexts()).contains(new NegotiateContext.Encryption(List.of(4)),
        new NegotiateContext.Signing(List.of(2)));
    assertThat(c.negotiated().cipher()).isEqualTo(Cipher.AES_256_GCM);
    assertThat(c.negotiated().signing()).isEqualTo(SigningAlgorithm.AES_GMAC);
    byte[] afterRequest = PreauthHash.next(PreauthHash.initial(),
        Unpooled.wrappedBuffer(req.message().toArray()), 0, req.message().length());
    byte[] response = {1, 2, 3};
    r.afterEncode().accept(response);
    assertThat(c.preauthHash()).isEqualTo(PreauthHash.next(afterRequest, Unpooled.wrappedBuffer(response), 0, 3));
  }

  @Test
  void noCommonCipherIsAnsweredWithCipherZero() throws Exception {
    ConnectionState c = new ConnectionState(64);
    Negotiate.Response n = (Negotiate.Response) handler.handle(request(c, List.of(0x0311), 0, List.of(SHA512,
        new NegotiateContext.Encryption(List.of(9))))).body();
    assertThat(n.contexts()).contains(new NegotiateContext.Encryption(List.of(0)));
    assertThat(c.negotiated().cipher()).isNull();
  }

  @Test
  void smb311WithoutPreauthContextIsInvalidParameter() {
    assertThatThrownBy(() -> handler.handle(request(new ConnectionState(64), List.of(0x0311), 0, List.of())))
        .isInstanceOf(SmbDecodeException.class).hasMessageContaining("PREAUTH_INTEGRITY");
  }

  @Test
  void smb311WithoutSha512IsNoHashOverlap() throws Exception {
    SmbReply r = handler.handle(request(new ConnectionState(64), List.of(0x0311), 0,
        List.of(new NegotiateContext.PreauthIntegrity(List.of(2), Bytes.zeros(32)))));
    assertThat(r.status()).isEqualTo(NtStatus.NO_PREAUTH_INTEGRITY_HASH_OVERLAP);
  }

  @Test
  void aContextTypeTwiceIsInvalidParameter() {
    assertThatThrownBy(() -> handler.handle(request(new ConnectionState(64), List.of(0x0311), 0,
        List.of(SHA512, SHA512)))).isInstanceOf(SmbDecodeException.class).hasMessageContaining("present twice");
  }

  @Test
  void theSmb1ProbeWithOnlySmb2002NegotiatesIt() {
    ConnectionState c = new ConnectionState(64);
    Negotiate.Response n = handler.smb1Probe(c, Negotiate.SMB_2_0_2);
    assertThat(n.dialectRevision()).isEqualTo(Negotiate.SMB_2_0_2);
    assertThat(c.negotiated().dialect()).isEqualTo(Negotiate.SMB_2_0_2);
    assertThat(c.smb2Wildcard()).isFalse();
  }
}
