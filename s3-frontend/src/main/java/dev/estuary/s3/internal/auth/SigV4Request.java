package dev.estuary.s3.internal.auth;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What SigV4 verification needs of an HTTP request, exactly as received.
 *
 * @param method the HTTP method, upper case
 * @param rawPath the request path as sent on the wire, still percent-encoded and not normalised
 *     (no dot-segment removal, no slash collapsing): S3 clients sign the raw path
 * @param rawQuery the query string as sent, without the leading {@code '?'}; empty if none
 * @param headers the header fields by lower-case name, each with all its values in order
 */
public record SigV4Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers) {
  /** Copies the headers, lower-casing their names and merging repeats. */
  public SigV4Request {
    requireNonNull(method, "method");
    requireNonNull(rawPath, "rawPath");
    requireNonNull(rawQuery, "rawQuery");
    requireNonNull(headers, "headers");
    TreeMap<String, List<String>> h = new TreeMap<>();
    headers.forEach((k, v) -> h.merge(k.toLowerCase(Locale.ROOT), List.copyOf(v), (a, b) -> {
      var m = new java.util.ArrayList<String>(a);
      m.addAll(b);
      return List.copyOf(m);
    }));
    headers = java.util.Collections.unmodifiableSortedMap(h);
  }

  /** The first value of header {@code name} (lower case), if present. */
  public Optional<String> header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
  }

  /** All values of header {@code name} (lower case); empty if absent. */
  public List<String> headerValues(String name) {
    return headers.getOrDefault(name, List.of());
  }
}
