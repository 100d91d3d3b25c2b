package dev.estuary.s3.internal.server;

import dev.estuary.core.Principal;
import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.estuary.s3.internal.access.Anonymous;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Lets requests without any signature through as the {@link Anonymous} principal (S3 User Guide,
 * "Making requests": anonymous requests carry no {@code Authorization} header and no presigned
 * query parameters); every other request goes to the signature check, so a request that tries to
 * sign and fails is refused as before, never downgraded to anonymous. What an anonymous request
 * may do is decided by the bucket's policy and ACLs ({@code access.AccessControl}): nothing,
 * unless they say so.
 */
public final class AnonymousOrSigned implements RequestAuthenticator {
  private final RequestAuthenticator signed;

  /**
   * Creates the authenticator.
   *
   * @param signed the signature check for every request that carries one
   */
  public AnonymousOrSigned(RequestAuthenticator signed) {
    this.signed = requireNonNull(signed, "signed");
  }

  @Override
  public Authenticated authenticate(ServiceRequestContext ctx, RequestHeaders headers) {
    if (headers.contains("authorization") || presigned(ctx)) {
      return signed.authenticate(ctx, headers);
    }
    return new Authenticated(Anonymous.PRINCIPAL, raw -> raw, headers.contentLength(), Map::of);
  }

  @Override
  public @Nullable Principal authenticateForm(Map<String, String> fields) {
    // A form with neither policy nor signature is anonymous (null); one that tries to sign is
    // checked, never downgraded.
    return signed.authenticateForm(fields);
  }

  /** Any SigV4 ({@code X-Amz-*}) or SigV2 ({@code AWSAccessKeyId}, {@code Signature}) parameter. */
  private static boolean presigned(ServiceRequestContext ctx) {
    String raw = ctx.query();
    if (raw == null || raw.isEmpty()) {
      return false;
    }
    for (String name : QueryParams.fromQueryString(raw).names()) {
      String n = name.toLowerCase(Locale.ROOT);
      if (n.equals("x-amz-signature") || n.equals("x-amz-credential")
          || n.equals("x-amz-algorithm") || n.equals("awsaccesskeyid") || n.equals("signature")
          || n.equals("x-amz-security-token")) {
        return true;
      }
    }
    return false;
  }
}
