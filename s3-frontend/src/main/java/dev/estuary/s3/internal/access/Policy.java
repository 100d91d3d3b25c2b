package dev.estuary.s3.internal.access;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A bucket policy: the IAM policy grammar as S3 accepts it for a resource-based policy (IAM User
 * Guide, "IAM JSON policy elements reference"). Parsed and validated once, when PutBucketPolicy
 * stores it; every refusal is {@code MalformedPolicy} naming the element and what was expected.
 *
 * @param version {@code 2012-10-17} or {@code 2008-10-17}
 * @param id the optional {@code Id}
 * @param statements the statements, at least one
 */
public record Policy(String version, @Nullable String id, List<Statement> statements) {
  /** The largest policy S3 accepts (20 KB, S3 User Guide "Bucket policies"). */
  public static final int MAX_BYTES = 20 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
  private static final Set<String> TOP = Set.of("Version", "Id", "Statement");
  private static final Set<String> STATEMENT_FIELDS = Set.of("Sid", "Effect", "Principal",
      "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition");

  /** Copies the statements. */
  public Policy {
    requireNonNull(version, "version");
    statements = List.copyOf(statements);
  }

  /** Allow or Deny. */
  public enum Effect {
    /** The statement grants. */
    ALLOW,
    /** The statement refuses, whatever else grants. */
    DENY
  }

  /**
   * One statement.
   *
   * @param sid the optional statement id
   * @param effect allow or deny
   * @param principals who it applies to ({@code Principal}), or whom it excludes when {@code
   *     notPrincipal}
   * @param notPrincipal whether the principals were given as {@code NotPrincipal}
   * @param actions the action patterns ({@code s3:GetObject}, {@code s3:Get*}, {@code *})
   * @param notAction whether they were given as {@code NotAction}
   * @param resources the resource ARN patterns
   * @param notResource whether they were given as {@code NotResource}
   * @param conditions every condition, all of which must hold
   */
  public record Statement(@Nullable String sid, Effect effect, List<PolicyPrincipal> principals,
      boolean notPrincipal, List<String> actions, boolean notAction, List<String> resources,
      boolean notResource, List<Condition> conditions) {
    /** Copies the lists. */
    public Statement {
      principals = List.copyOf(principals);
      actions = List.copyOf(actions);
      resources = List.copyOf(resources);
      conditions = List.copyOf(conditions);
    }
  }

  /**
   * One entry of a {@code Principal}: everyone, or one user of this server.
   *
   * @param everyone {@code "*"} or {@code {"AWS": "*"}}: every caller, anonymous ones included
   * @param user the user name (from {@code arn:aws:iam::ACCOUNT:user/NAME} or a bare name), or
   *     null for everyone
   * @param uid the canonical user id ({@code {"CanonicalUser": "1000"}}), or null
   */
  public record PolicyPrincipal(boolean everyone, @Nullable String user, @Nullable String uid) {}

  /**
   * One condition: an operator applied to one key with one or more values.
   *
   * @param operator the operator without {@code IfExists} and set qualifiers, e.g. {@code
   *     StringLike}
   * @param ifExists whether it ends in {@code IfExists} (true when the key is absent)
   * @param forAllValues {@code ForAllValues:} (every request value must match), else any value
   * @param key the condition key as written
   * @param values the values; the condition holds when any matches (none, for negated operators)
   */
  public record Condition(String operator, boolean ifExists, boolean forAllValues, String key,
      List<String> values) {
    /** Copies the values. */
    public Condition {
      values = List.copyOf(values);
    }
  }

  /**
   * Parses and validates a policy for a bucket.
   *
   * @param body the document as sent (checked against {@link #MAX_BYTES} before parsing)
   * @param bucket the bucket it is for: every resource must name it
   * @param users answers whether a user name exists (principals must name real users)
   * @return the policy
   * @throws S3Exception {@code MalformedPolicy} (or {@code PolicyTooLarge} semantics, also
   *     {@code MalformedPolicy} as S3 answers it)
   */
  public static Policy parse(byte[] body, String bucket, java.util.function.Predicate<String> users) {
    if (body.length == 0) {
      throw malformed("Policies must be valid JSON and the first byte must be '{' (the body is"
          + " empty)");
    }
    if (body.length > MAX_BYTES) {
      throw malformed("Policies must be at most " + MAX_BYTES + " bytes (this one is "
          + body.length + ")");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw malformed("Policies must be valid JSON (" + e.getOriginalMessage() + ")");
    } catch (java.io.IOException e) {
      throw malformed("Policies must be valid JSON (" + e.getMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw malformed("Policies must be a JSON object");
    }
    unknown(root, TOP, "policy");
    JsonNode v = root.get("Version");
    if (v == null || !v.isTextual() || !VERSIONS.contains(v.asText())) {
      throw malformed("Version: " + (v == null ? "missing" : "'" + v + "'")
          + " (expected: \"2012-10-17\" or \"2008-10-17\")");
    }
    JsonNode idNode = root.get("Id");
    if (idNode != null && !idNode.isTextual()) {
      throw malformed("Id: " + idNode + " (expected: a string)");
    }
    JsonNode st = root.get("Statement");
    if (st == null) {
      throw malformed("Missing required field Statement");
    }
    List<Statement> statements = new ArrayList<>();
    if (st.isArray()) {
      if (st.isEmpty()) {
        throw malformed("Statement: empty (expected: at least one statement)");
      }
      for (int i = 0; i < st.size(); i++) {
        statements.add(statement(st.get(i), "Statement[" + i + "]", bucket, users));
      }
    } else {
      statements.add(statement(st, "Statement", bucket, users));
    }
    return new Policy(v.asText(), idNode == null ? null : idNode.asText(), statements);
  }

  private static Statement statement(JsonNode s, String where, String bucket,
      java.util.function.Predicate<String> users) {
    if (!s.isObject()) {
      throw malformed(where + ": " + s + " (expected: an object)");
    }
    unknown(s, STATEMENT_FIELDS, where);
    JsonNode sid = s.get("Sid");
    if (sid != null && (!sid.isTextual() || !sid.asText().matches("[A-Za-z0-9 _-]*"))) {
      throw malformed(where + ".Sid: " + sid + " (expected: letters, digits, spaces, - and _)");
    }
    JsonNode eff = s.get("Effect");
    if (eff == null || !eff.isTextual()
        || !(eff.asText().equals("Allow") || eff.asText().equals("Deny"))) {
      throw malformed(where + ".Effect: " + (eff == null ? "missing" : eff.toString())
          + " (expected: \"Allow\" or \"Deny\")");
    }
    boolean notPrincipal = s.has("NotPrincipal");
    if (notPrincipal == s.has("Principal")) {
      throw malformed(where + ": " + (notPrincipal ? "both Principal and NotPrincipal"
          : "missing Principal") + " (expected: exactly one of Principal, NotPrincipal in a bucket"
          + " policy)");
    }
    String pName = notPrincipal ? "NotPrincipal" : "Principal";
    List<PolicyPrincipal> principals = principals(s.get(pName), where + "." + pName, users);
    boolean notAction = s.has("NotAction");
    if (notAction == s.has("Action")) {
      throw malformed(where + ": " + (notAction ? "both Action and NotAction" : "missing Action")
          + " (expected: exactly one of Action, NotAction)");
    }
    String aName = notAction ? "NotAction" : "Action";
    List<String> actions = strings(s.get(aName), where + "." + aName);
    for (String a : actions) {
      if (!S3Actions.isValidPattern(a)) {
        throw malformed("Policy has invalid action: " + where + "." + aName + ": '" + a
            + "' (expected: \"*\" or s3:NAME naming S3 actions, * and ? as wildcards)");
      }
    }
    boolean notResource = s.has("NotResource");
    if (notResource == s.has("Resource")) {
      throw malformed(where + ": " + (notResource ? "both Resource and NotResource"
          : "missing Resource") + " (expected: exactly one of Resource, NotResource)");
    }
    String rName = notResource ? "NotResource" : "Resource";
    List<String> resources = strings(s.get(rName), where + "." + rName);
    for (String r : resources) {
      checkResource(r, where + "." + rName, bucket);
    }
    List<Condition> conditions = new ArrayList<>();
    JsonNode c = s.get("Condition");
    if (c != null) {
      conditions(c, where + ".Condition", conditions);
    }
    return new Statement(sid == null ? null : sid.asText(),
        eff.asText().equals("Allow") ? Effect.ALLOW : Effect.DENY, principals, notPrincipal,
        actions, notAction, resources, notResource, conditions);
  }

  private static List<PolicyPrincipal> principals(JsonNode p, String where,
      java.util.function.Predicate<String> users) {
    if (p.isTextual()) {
      if (!p.asText().equals("*")) {
        throw malformed("Invalid principal in policy: " + where + ": " + p
            + " (expected: \"*\" or an object such as {\"AWS\": [...]})");
      }
      return List.of(new PolicyPrincipal(true, null, null));
    }
    if (!p.isObject() || p.isEmpty()) {
      throw malformed("Invalid principal in policy: " + where + ": " + p
          + " (expected: \"*\" or {\"AWS\": ...} / {\"CanonicalUser\": ...})");
    }
    List<PolicyPrincipal> out = new ArrayList<>();
    for (Map.Entry<String, JsonNode> e : p.properties()) {
      List<String> values = strings(e.getValue(), where + "." + e.getKey());
      switch (e.getKey()) {
        case "AWS" -> {
          for (String v : values) {
            out.add(awsPrincipal(v, where, users));
          }
        }
        case "CanonicalUser" -> {
          for (String v : values) {
            if (!v.matches("[0-9]{1,10}")) {
              throw malformed("Invalid principal in policy: " + where + ".CanonicalUser: '" + v
                  + "' (expected: a canonical user id, the decimal uid of a user)");
            }
            out.add(new PolicyPrincipal(false, null, v));
          }
        }
        default -> throw malformed("Invalid principal in policy: " + where + ": '" + e.getKey()
            + "' (expected: AWS or CanonicalUser; this server has no Service or Federated"
            + " principals)");
      }
    }
    return out;
  }

  private static PolicyPrincipal awsPrincipal(String v, String where,
      java.util.function.Predicate<String> users) {
    if (v.equals("*")) {
      return new PolicyPrincipal(true, null, null);
    }
    String name = v;
    if (v.startsWith("arn:")) {
      // arn:aws:iam::ACCOUNT:user/NAME (the account part is not checked: one server, one account)
      String[] parts = v.split(":", 6);
      if (parts.length != 6 || !parts[2].equals("iam") || !parts[5].startsWith("user/")) {
        throw malformed("Invalid principal in policy: " + where + ".AWS: '" + v
            + "' (expected: \"*\", a user name or arn:aws:iam::ACCOUNT:user/NAME)");
      }
      name = parts[5].substring("user/".length());
      int slash = name.lastIndexOf('/');
      name = slash >= 0 ? name.substring(slash + 1) : name;
    }
    if (!users.test(name)) {
      throw malformed("Invalid principal in policy: " + where + ".AWS: '" + v + "' (expected: a"
          + " user of this server; there is no user '" + name + "')");
    }
    return new PolicyPrincipal(false, name, null);
  }

  private static void checkResource(String r, String where, String bucket) {
    if (r.equals("*")) {
      return;
    }
    String prefix = "arn:aws:s3:::";
    if (!r.startsWith(prefix) || r.length() == prefix.length()) {
      throw malformed("Policy has invalid resource: " + where + ": '" + r
          + "' (expected: arn:aws:s3:::BUCKET or arn:aws:s3:::BUCKET/KEY, * and ? as wildcards)");
    }
    String rest = r.substring(prefix.length());
    int slash = rest.indexOf('/');
    String b = slash < 0 ? rest : rest.substring(0, slash);
    if (!Wildcards.matches(b, bucket, false)) {
      throw malformed("Policy has invalid resource: " + where + ": '" + r + "' (expected: a"
          + " resource of bucket '" + bucket + "', which this policy is for)");
    }
  }

  private static void conditions(JsonNode c, String where, List<Condition> out) {
    if (!c.isObject()) {
      throw malformed(where + ": " + c + " (expected: {\"Operator\": {\"key\": values}})");
    }
    for (Map.Entry<String, JsonNode> op : c.properties()) {
      String full = op.getKey();
      boolean forAll = false;
      String name = full;
      if (name.startsWith("ForAllValues:")) {
        forAll = true;
        name = name.substring("ForAllValues:".length());
      } else if (name.startsWith("ForAnyValue:")) {
        name = name.substring("ForAnyValue:".length());
      }
      boolean ifExists = name.endsWith("IfExists");
      String base = ifExists ? name.substring(0, name.length() - "IfExists".length()) : name;
      if (!Conditions.OPERATORS.contains(base) || (ifExists && base.equals("Null"))) {
        throw malformed("Invalid Condition type: " + where + ": '" + full + "' (expected: one of "
            + new java.util.TreeSet<>(Conditions.OPERATORS) + ", optionally with IfExists)");
      }
      if (!op.getValue().isObject() || op.getValue().isEmpty()) {
        throw malformed(where + "." + full + ": " + op.getValue()
            + " (expected: {\"key\": value or [values]})");
      }
      for (Map.Entry<String, JsonNode> kv : op.getValue().properties()) {
        String key = kv.getKey();
        if (!Conditions.isKnownKey(key)) {
          throw malformed("Policy has an invalid condition key: " + where + "." + full + ": '"
              + key + "' (expected: one of " + Conditions.KEYS_DESCRIPTION + ")");
        }
        List<String> values = strings(kv.getValue(), where + "." + full + "." + key);
        for (String value : values) {
          Conditions.checkValue(base, value, where + "." + full + "." + key);
        }
        out.add(new Condition(base, ifExists, forAll, key, values));
      }
    }
  }

  /** A string, or a non-empty array of strings (numbers and booleans taken as their text). */
  private static List<String> strings(JsonNode n, String where) {
    List<String> out = new ArrayList<>();
    if (n.isArray()) {
      if (n.isEmpty()) {
        throw malformed(where + ": [] (expected: at least one value)");
      }
      for (JsonNode e : n) {
        out.add(scalar(e, where));
      }
    } else {
      out.add(scalar(n, where));
    }
    return out;
  }

  private static String scalar(JsonNode n, String where) {
    if (n.isTextual() || n.isNumber() || n.isBoolean()) {
      return n.asText();
    }
    throw malformed(where + ": " + n + " (expected: a string or an array of strings)");
  }

  private static void unknown(JsonNode n, Set<String> allowed, String where) {
    for (String f : (Iterable<String>) n::fieldNames) {
      if (!allowed.contains(f)) {
        throw malformed("Unknown field " + f + " in " + where + " (expected: one of "
            + new java.util.TreeSet<>(allowed) + ")");
      }
    }
  }

  /**
   * Returns the {@code MalformedPolicy} error.
   *
   * @param why what is wrong
   * @return the error
   */
  static S3Exception malformed(String why) {
    return new S3Exception(S3ErrorCode.MALFORMED_POLICY, why);
  }
}
