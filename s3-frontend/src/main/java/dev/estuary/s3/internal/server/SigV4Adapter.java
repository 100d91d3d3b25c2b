package dev.estuary.s3.internal.server;

import com.linecorp.armeria.common.RequestHeaders;
import dev.estuary.core.IdentityService;
import dev.estuary.s3.internal.auth.Authentication;
import dev.estuary.s3.internal.auth.AwsChunkedDecoder;
import dev.estuary.s3.internal.auth.PayloadMode;
import dev.estuary.core.Principal;
import dev.estuary.core.S3Identity;
import dev.estuary.s3.internal.auth.PostSignatureVerifier;
import dev.estuary.s3.internal.auth.SigV2Authenticator;
import dev.estuary.s3.internal.auth.SigV4Authenticator;
import dev.estuary.s3.internal.auth.SigV4Request;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.estuary.s3.internal.auth.ArmeriaSigV4;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Adapts s3-auth's {@link SigV4Authenticator} and {@link SigV2Authenticator} to Armeria requests (through {@link ArmeriaSigV4})
 * and chooses the payload decoding of the {@link PayloadMode}: aws-chunked decoding
 * with chunk-signature checks for the streaming forms, a SHA-256 check at end of stream for a
 * signed payload, nothing for {@code UNSIGNED-PAYLOAD}.
 */
public final class SigV4Adapter implements RequestAuthenticator {
  /** The largest aws-chunked chunk accepted (clients send 64 KiB to 8 MiB). */
  static final long MAX_CHUNK = 64L << 20;

  private final SigV4Authenticator authenticator;
  private final SigV2Authenticator sigV2;
  private final PostSignatureVerifier forms;
  private final @Nullable String domain;

  /**
   * Creates the adapter.
   *
   * @param identity where access keys are looked up
   * @param clock the clock for skew and expiry
   * @param region the region credential scopes must name
   * @param domain the virtual-host base domain (SigV2 signs the bucket of a virtual-host request
   *     in its canonical resource), or null when virtual hosts are off
   */
  public SigV4Adapter(IdentityService identity, Clock clock, String region,
      @Nullable String domain) {
    this.authenticator = new SigV4Authenticator(identity::s3Identity, clock,
        new SigV4Authenticator.Config(Duration.ofMinutes(15), region, "s3"));
    this.sigV2 = new SigV2Authenticator(identity::s3Identity, clock, Duration.ofMinutes(15));
    this.forms = new PostSignatureVerifier(identity::s3Identity, region);
    this.domain = domain;
  }

  @Override
  public Authenticated authenticate(ServiceRequestContext ctx, RequestHeaders headers) {
    SigV4Request request = ArmeriaSigV4.request(ctx, Http1Head.asSent(headers));
    // The one place the signature version is chosen: SigV2 (header "AWS ..." or the
    // AWSAccessKeyId/Signature/Expires query) or SigV4; both yield the same Authentication.
    Authentication a = SigV2Authenticator.isSigV2(request)
        ? sigV2.authenticate(request, Target.virtualBucket(headers.authority(), domain))
        : authenticator.authenticate(request);
    long declared = a.decodedContentLength().isPresent() ? a.decodedContentLength().getAsLong()
        : headers.contentLength();
    PayloadMode mode = a.payloadMode();
    if (mode.isStreaming()) {
      AtomicReference<Map<String, String>> trailers = new AtomicReference<>(Map.of());
      return new Authenticated(a.principal(), raw -> {
        AwsChunkedDecoder d = a.newChunkedDecoder(MAX_CHUNK).orElseThrow();
        return new ChunkedPayloadStream(raw, d, trailers::set);
      }, declared, trailers::get);
    }
    if (mode == PayloadMode.SIGNED && a.payloadSha256().isPresent()) {
      String want = a.payloadSha256().get();
      return new Authenticated(a.principal(),
          raw -> (InputStream) new Sha256CheckingStream(raw, want), declared, Map::of);
    }
    return new Authenticated(a.principal(), raw -> raw, declared, Map::of);
  }

  @Override
  public @Nullable Principal authenticateForm(Map<String, String> fields) {
    return forms.verify(fields).map(S3Identity::principal).orElse(null);
  }
}
