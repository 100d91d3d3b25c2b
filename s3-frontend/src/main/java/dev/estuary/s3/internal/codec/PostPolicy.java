package dev.estuary.s3.internal.codec;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The policy document of a POST Object form (S3 API Reference, "Creating a POST policy"): a
 * base64 JSON object with an {@code expiration} (ISO 8601 UTC) and a {@code conditions} list of
 * exact matches ({@code {"acl": "private"}} or {@code ["eq", "$acl", "private"]}), prefixes
 * ({@code ["starts-with", "$key", "user/"]}) and the file size range ({@code
 * ["content-length-range", 0, 1048576]}). Both member names are case-sensitive, condition names
 * and field names are not.
 *
 * @param expiration when the policy stops being valid
 * @param conditions the conditions, in document order
 */
public record PostPolicy(Instant expiration, List<Condition> conditions) {
  /** The largest policy document accepted (it is a form field, itself within 20 KB). */
  public static final int MAX_BYTES = 20 * 1024;

  private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder()
              .maxNestingDepth(8).maxStringLength(MAX_BYTES).build())
          .build())
      .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
      .build();

  /** Copies the list. */
  public PostPolicy {
    requireNonNull(expiration, "expiration");
    conditions = List.copyOf(conditions);
  }

  /** One condition; {@link #text()} is how S3 quotes it when it fails. */
  public sealed interface Condition {
    /**
     * The condition as written, for the error message.
     *
     * @return the JSON text
     */
    String text();
  }

  /**
   * The field must equal the value.
   *
   * @param field the lower-case field name without '$'
   * @param value the value
   * @param text as written
   */
  public record Exact(String field, String value, String text) implements Condition {}

  /**
   * The field must start with the prefix (each comma-separated value, for Content-Type).
   *
   * @param field the lower-case field name without '$'
   * @param prefix the prefix; empty allows any value
   * @param text as written
   */
  public record StartsWith(String field, String prefix, String text) implements Condition {}

  /**
   * The file's size must be within {@code min..max} bytes.
   *
   * @param min the least size
   * @param max the largest size
   * @param text as written
   */
  public record LengthRange(long min, long max, String text) implements Condition {}

  /**
   * Decodes the base64 {@code policy} field and parses it.
   *
   * @param base64 the field as sent
   * @return the policy
   * @throws S3Exception {@code InvalidPolicyDocument} naming what is wrong
   */
  public static PostPolicy parseBase64(String base64) {
    byte[] json;
    try {
      json = Base64.getMimeDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw invalid("Invalid Policy: Invalid base64 encoding (" + e.getMessage() + ").");
    }
    return parse(json);
  }

  /**
   * Parses a policy document.
   *
   * @param json the JSON
   * @return the policy
   * @throws S3Exception {@code InvalidPolicyDocument} naming what is wrong
   */
  public static PostPolicy parse(byte[] json) {
    if (json.length > MAX_BYTES) {
      throw invalid("Invalid Policy: " + json.length + " bytes (expected: <= " + MAX_BYTES + ").");
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (java.io.IOException e) {
      // JacksonException (malformed JSON, limits exceeded); reading bytes does no other I/O.
      throw invalid("Invalid Policy: Invalid JSON.");
    }
    if (root == null || !root.isObject()) {
      throw invalid("Invalid Policy: Invalid JSON (expected: an object).");
    }
    JsonNode exp = root.get("expiration");
    if (exp == null) {
      throw invalid("Invalid Policy: Policy missing expiration.");
    }
    Instant expiration;
    try {
      expiration = Instant.parse(exp.asText());
    } catch (DateTimeParseException e) {
      throw invalid("Invalid Policy: Invalid 'expiration' value: '" + exp.asText()
          + "' (expected: ISO 8601 UTC, e.g. 2030-01-01T12:00:00.000Z)");
    }
    JsonNode list = root.get("conditions");
    if (list == null) {
      throw invalid("Invalid Policy: Policy missing conditions.");
    }
    if (!list.isArray()) {
      throw invalid("Invalid Policy: Invalid 'conditions' value: must be a List.");
    }
    List<Condition> conditions = new ArrayList<>();
    for (JsonNode c : list) {
      conditions.add(condition(c));
    }
    return new PostPolicy(expiration, conditions);
  }

  private static Condition condition(JsonNode c) {
    String text = c.toString();
    if (c.isObject()) {
      if (c.size() != 1) {
        throw invalid("Invalid Policy: Invalid Simple-Condition: Simple-Conditions must have exactly one property specified. (" + text + ")");
      }
      Map.Entry<String, JsonNode> e = c.properties().iterator().next();
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw invalid("Invalid Policy: Invalid Simple-Condition: value must be a string (" + text + ")");
      }
      return new Exact(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText(), text);
    }
    if (!c.isArray() || c.isEmpty() || !c.get(0).isTextual()) {
      throw invalid("Invalid Policy: Invalid Condition: " + text
          + " (expected: an object or a list starting with an operator)");
    }
    String op = c.get(0).asText().toLowerCase(Locale.ROOT);
    switch (op) {
      case "eq", "starts-with" -> {
        if (c.size() != 3 || !c.get(1).isTextual() || !c.get(2).isValueNode() || c.get(2).isNull()) {
          throw invalid("Invalid Policy: Invalid '" + op + "' condition: " + text
              + " (expected: [\"" + op + "\", \"$field\", \"value\"])");
        }
        String field = c.get(1).asText();
        if (!field.startsWith("$") || field.length() < 2) {
          throw invalid("Invalid Policy: Invalid '" + op + "' condition: " + text
              + " (expected: a field name starting with '$')");
        }
        String name = field.substring(1).toLowerCase(Locale.ROOT);
        String value = c.get(2).asText();
        return op.equals("eq") ? new Exact(name, value, text) : new StartsWith(name, value, text);
      }
      case "content-length-range" -> {
        Long min = c.size() == 3 ? integer(c.get(1)) : null;
        Long max = c.size() == 3 ? integer(c.get(2)) : null;
        if (min == null || max == null) {
          throw invalid("Invalid Policy: Invalid 'content-length-range' condition: " + text
              + " (expected: [\"content-length-range\", min, max] with integers)");
        }
        if (min < 0 || max < min) {
          throw invalid("Invalid Policy: Invalid 'content-length-range' condition: " + text
              + " (expected: 0 <= min <= max)");
        }
        return new LengthRange(min, max, text);
      }
      default -> throw invalid("Invalid Policy: Invalid Condition: unknown operator '"
          + c.get(0).asText() + "' in " + text + " (expected: eq, starts-with, content-length-range)");
    }
  }

  /** An integer given as a JSON number or a decimal string, or null. */
  private static @org.jspecify.annotations.Nullable Long integer(JsonNode n) {
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      return n.asLong();
    }
    if (n.isTextual() && n.asText().matches("-?\\d{1,18}")) {
      return Long.parseLong(n.asText());
    }
    return null;
  }

  /**
   * Checks every eq and starts-with condition against the form, a field the form lacks counting
   * as the empty string, and that every field is named by a condition. S3 answers 403
   * AccessDenied "Invalid according to Policy: ..." (S3 API Reference, "Creating a POST policy":
   * "Each form field that you specify in a form (except x-amz-signature, file, policy, and field
   * names that have an x-ignore- prefix) must be included in the conditions list").
   *
   * @param fields the fields by lower-case name, {@code bucket} and the final {@code key} included
   * @param exempt the lower-case names no condition needs to cover (the signature fields)
   */
  public void check(Map<String, String> fields, java.util.Set<String> exempt) {
    java.util.Set<String> covered = new java.util.HashSet<>();
    for (Condition c : conditions) {
      switch (c) {
        case Exact e -> {
          covered.add(e.field());
          if (!fields.getOrDefault(e.field(), "").equals(e.value())) {
            throw failed(c);
          }
        }
        case StartsWith s -> {
          covered.add(s.field());
          String v = fields.getOrDefault(s.field(), "");
          boolean ok = s.field().equals("content-type")
              ? java.util.Arrays.stream(v.split(",", -1)).allMatch(p -> p.strip().startsWith(s.prefix()))
              : v.startsWith(s.prefix());
          if (!ok) {
            throw failed(c);
          }
        }
        case LengthRange r -> {
          // checked on the file as it streams
        }
      }
    }
    List<String> extra = new ArrayList<>();
    for (Iterator<String> it = fields.keySet().iterator(); it.hasNext(); ) {
      String f = it.next();
      if (!covered.contains(f) && !exempt.contains(f) && !f.startsWith("x-ignore-")) {
        extra.add(f);
      }
    }
    if (!extra.isEmpty()) {
      throw S3ErrorCode.ACCESS_DENIED.exception(
          "Invalid according to Policy: Extra input fields: " + String.join(", ", extra));
    }
  }

  /**
   * The file size range, if the policy sets one (the last one counts, as for any repeated
   * condition they must all hold: the intersection is returned).
   *
   * @return {min, max}, or null for no limit
   */
  public long @org.jspecify.annotations.Nullable [] lengthRange() {
    long[] range = null;
    for (Condition c : conditions) {
      if (c instanceof LengthRange r) {
        range = range == null ? new long[] {r.min(), r.max()}
            : new long[] {Math.max(range[0], r.min()), Math.min(range[1], r.max())};
      }
    }
    return range;
  }

  private static S3Exception failed(Condition c) {
    return S3ErrorCode.ACCESS_DENIED.exception(
        "Invalid according to Policy: Policy Condition failed: " + c.text());
  }

  private static S3Exception invalid(String message) {
    return S3ErrorCode.INVALID_POLICY_DOCUMENT.exception(message);
  }
}
