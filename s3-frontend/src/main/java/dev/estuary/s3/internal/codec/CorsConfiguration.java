package dev.estuary.s3.internal.codec;

import static java.util.Objects.requireNonNull;

import dev.estuary.s3.internal.error.S3ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A bucket CORS configuration (S3 API Reference, PutBucketCors; S3 User Guide, "Using
 * cross-origin resource sharing"):
 *
 * <pre>{@code
 * <CORSConfiguration><CORSRule><ID>x</ID><AllowedOrigin>https://*.example.com</AllowedOrigin>
 *   <AllowedMethod>GET</AllowedMethod><AllowedHeader>*</AllowedHeader>
 *   <ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule></CORSConfiguration>
 * }</pre>
 *
 * @param rules 1..100 rules, in order (the first matching rule applies)
 */
public record CorsConfiguration(List<CorsRule> rules) {
  /** Most rules in a configuration. */
  public static final int MAX_RULES = 100;
  /** S3 limits the document to 64 KB. */
  public static final int MAX_BYTES = 64 * 1024;
  private static final Set<String> METHODS = Set.of("GET", "PUT", "HEAD", "POST", "DELETE");

  /** Copies the list. */
  public CorsConfiguration {
    rules = List.copyOf(rules);
  }

  /**
   * One rule.
   *
   * @param id the optional ID
   * @param allowedOrigins origins, each with at most one '*'
   * @param allowedMethods GET, PUT, HEAD, POST or DELETE
   * @param allowedHeaders request headers allowed in a preflight, each with at most one '*'
   * @param exposeHeaders response headers the browser may read
   * @param maxAgeSeconds how long a preflight answer may be cached
   */
  public record CorsRule(
      Optional<String> id, List<String> allowedOrigins, List<String> allowedMethods,
      List<String> allowedHeaders, List<String> exposeHeaders, OptionalInt maxAgeSeconds) {
    /** Copies the lists. */
    public CorsRule {
      requireNonNull(id, "id");
      allowedOrigins = List.copyOf(allowedOrigins);
      allowedMethods = List.copyOf(allowedMethods);
      allowedHeaders = List.copyOf(allowedHeaders);
      exposeHeaders = List.copyOf(exposeHeaders);
      requireNonNull(maxAgeSeconds, "maxAgeSeconds");
    }

    /** Whether this rule allows {@code origin} to use {@code method}. */
    public boolean allows(String origin, String method) {
      return allowedMethods.contains(method) && allowedOrigins.stream().anyMatch(o -> wildcardMatch(o, origin));
    }

    /** Whether every requested header (preflight {@code Access-Control-Request-Headers}) is allowed. */
    public boolean allowsHeaders(List<String> requestHeaders) {
      return requestHeaders.stream().allMatch(h -> allowedHeaders.stream()
          .anyMatch(a -> wildcardMatch(a.toLowerCase(Locale.ROOT), h.strip().toLowerCase(Locale.ROOT))));
    }
  }

  /** The first rule allowing the origin, method and request headers, if any. */
  public Optional<CorsRule> match(String origin, String method, List<String> requestHeaders) {
    return rules.stream().filter(r -> r.allows(origin, method) && r.allowsHeaders(requestHeaders)).findFirst();
  }

  /**
   * Parses and checks a configuration.
   *
   * @throws dev.estuary.s3.internal.error.S3Exception MalformedXML for a bad document, no rule, more
   *     than 100 rules or a rule without origin or method; InvalidRequest for an unsupported method
   *     or a pattern with more than one wildcard
   */
  public static CorsConfiguration parse(byte[] body) {
    XmlTree root = XmlTree.parse(body, "CORSConfiguration", MAX_BYTES, 4096);
    List<XmlTree> rs = root.all("CORSRule");
    if (rs.isEmpty()) {
      throw XmlTree.malformed("no <CORSRule>");
    }
    if (rs.size() > MAX_RULES) {
      throw XmlTree.malformed(rs.size() + " CORS rules (expected: <= " + MAX_RULES + ")");
    }
    List<CorsRule> rules = new ArrayList<>();
    for (XmlTree r : rs) {
      List<String> origins = texts(r, "AllowedOrigin");
      List<String> methods = texts(r, "AllowedMethod");
      if (origins.isEmpty() || methods.isEmpty()) {
        throw XmlTree.malformed("a <CORSRule> needs at least one <AllowedOrigin> and one <AllowedMethod>");
      }
      for (String m : methods) {
        if (!METHODS.contains(m)) {
          throw S3ErrorCode.INVALID_REQUEST.exception("Found unsupported HTTP method in CORS config. Unsupported method is " + m);
        }
      }
      List<String> headers = texts(r, "AllowedHeader");
      for (String p : concat(origins, headers)) {
        if (p.indexOf('*') != p.lastIndexOf('*')) {
          throw S3ErrorCode.INVALID_REQUEST.exception("AllowedOrigin/AllowedHeader \"" + p + "\" can not have more than one wildcard.");
        }
      }
      OptionalInt maxAge = OptionalInt.empty();
      Optional<String> ma = r.optionalText("MaxAgeSeconds");
      if (ma.isPresent()) {
        try {
          maxAge = OptionalInt.of(Integer.parseInt(ma.get().strip()));
        } catch (NumberFormatException e) {
          throw XmlTree.malformed("MaxAgeSeconds '" + ma.get() + "' is not an integer");
        }
      }
      Optional<String> id = r.optionalText("ID");
      if (id.isPresent() && id.get().length() > 255) {
        throw S3ErrorCode.INVALID_ARGUMENT.exception("CORS rule ID of " + id.get().length() + " characters (expected: <= 255)");
      }
      rules.add(new CorsRule(id, origins, methods, headers, texts(r, "ExposeHeader"), maxAge));
    }
    return new CorsConfiguration(rules);
  }

  private static List<String> texts(XmlTree parent, String name) {
    return parent.all(name).stream().map(t -> t.text().strip()).toList();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> l = new ArrayList<>(a);
    l.addAll(b);
    return l;
  }

  /** Matches {@code value} against {@code pattern}, which may contain one '*' matching any run. */
  static boolean wildcardMatch(String pattern, String value) {
    int star = pattern.indexOf('*');
    if (star < 0) {
      return pattern.equals(value);
    }
    String pre = pattern.substring(0, star);
    String post = pattern.substring(star + 1);
    return value.length() >= pre.length() + post.length() && value.startsWith(pre) && value.endsWith(post);
  }
}
