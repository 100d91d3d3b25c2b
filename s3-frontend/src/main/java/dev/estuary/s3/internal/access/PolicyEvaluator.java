package dev.estuary.s3.internal.access;

import dev.estuary.core.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates a bucket policy for one request (IAM User Guide, "Policy evaluation logic"): a
 * statement applies when its principal, action, resource and every condition match; any
 * applicable Deny decides DENY, else any applicable Allow decides ALLOW, else the policy says
 * nothing.
 */
final class PolicyEvaluator {
  /** What a policy says about a request. */
  enum Decision {
    /** An explicit deny: nothing else can allow the request. */
    DENY,
    /** An allow and no deny. */
    ALLOW,
    /** No statement applies. */
    NONE
  }

  /** Condition keys whose fixed values make an Allow to everyone non-public (S3 User Guide,
   * "The meaning of public"). */
  private static final Set<String> FIXING_KEYS = Set.of("aws:sourceip", "aws:sourcearn",
      "aws:sourcevpc", "aws:sourcevpce", "aws:sourceaccount", "aws:principalorgid", "aws:userid",
      "aws:username", "aws:principalarn");

  private PolicyEvaluator() {}

  /**
   * The request as a policy sees it.
   *
   * @param principal who asks
   * @param anonymous whether the request was unsigned
   * @param action the IAM action, e.g. {@code s3:GetObject}
   * @param resource the resource ARN
   * @param anyKey whether the request acts on keys not known here (DeleteObjects): an Allow must
   *     cover every key of the bucket, and a Deny on any key of the bucket applies
   * @param keys the condition keys in {@link Conditions#normal} form
   */
  record Request(Principal principal, boolean anonymous, String action, String resource,
      boolean anyKey, Map<String, List<String>> keys) {}

  /**
   * Evaluates a policy.
   *
   * @param policy the policy
   * @param r the request
   * @return the decision
   */
  static Decision evaluate(Policy policy, Request r) {
    boolean allowed = false;
    for (Policy.Statement s : policy.statements()) {
      boolean deny = s.effect() == Policy.Effect.DENY;
      if (!principalMatches(s, r) || !actionMatches(s, r.action())
          || !resourceMatches(s, r, deny)) {
        continue;
      }
      boolean all = true;
      for (Policy.Condition c : s.conditions()) {
        if (!Conditions.holds(c, r.keys(), v -> expand(v, r))) {
          all = false;
          break;
        }
      }
      if (!all) {
        continue;
      }
      if (deny) {
        return Decision.DENY;
      }
      allowed = true;
    }
    return allowed ? Decision.ALLOW : Decision.NONE;
  }

  private static boolean principalMatches(Policy.Statement s, Request r) {
    boolean any = false;
    for (Policy.PolicyPrincipal p : s.principals()) {
      if (p.everyone()
          || (!r.anonymous() && p.user() != null && p.user().equals(r.principal().name()))
          || (!r.anonymous() && p.uid() != null
              && p.uid().equals(Integer.toUnsignedString(r.principal().uid())))) {
        any = true;
        break;
      }
    }
    return s.notPrincipal() != any;
  }

  private static boolean actionMatches(Policy.Statement s, String action) {
    boolean any = false;
    for (String a : s.actions()) {
      if (Wildcards.matches(a, action, true)) {
        any = true;
        break;
      }
    }
    return s.notAction() != any;
  }

  private static boolean resourceMatches(Policy.Statement s, Request r, boolean deny) {
    boolean any = false;
    for (String pattern : s.resources()) {
      String p = expand(pattern, r);
      if (r.anyKey() && deny) {
        // Could the pattern match some key of this bucket? Then the deny applies to the batch.
        any = p.equals("*") || couldMatchAKey(p, r.resource());
      } else {
        any = Wildcards.matches(p, r.resource(), false);
      }
      if (any) {
        break;
      }
    }
    if (s.notResource() && r.anyKey()) {
      // Which keys a NotResource leaves out is unknown before the batch is read: an Allow never
      // covers the batch, a Deny always does.
      return deny;
    }
    return s.notResource() != any;
  }

  /** For {@code arn:aws:s3:::bucket/*}: does {@code pattern} name objects of that bucket? */
  private static boolean couldMatchAKey(String pattern, String bucketObjects) {
    String bucketArn = bucketObjects.substring(0, bucketObjects.length() - 2);
    int slash = pattern.indexOf('/');
    if (slash < 0) {
      // A pattern without a key part reaches keys only through a * in the bucket part.
      return pattern.contains("*") && Wildcards.matches(pattern, bucketObjects, false);
    }
    return Wildcards.matches(pattern.substring(0, slash), bucketArn, false);
  }

  /** Policy variables (IAM User Guide, "IAM policy elements: Variables and tags"). */
  private static String expand(String value, Request r) {
    if (!value.contains("${")) {
      return value;
    }
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < value.length()) {
      int open = value.indexOf("${", i);
      int close = open < 0 ? -1 : value.indexOf('}', open);
      if (open < 0 || close < 0) {
        b.append(value, i, value.length());
        break;
      }
      b.append(value, i, open);
      String name = value.substring(open + 2, close);
      String replacement = switch (name) {
        case "*" -> "*";
        case "?" -> "?";
        case "$" -> "$";
        default -> {
          List<String> v = r.keys().get(Conditions.normal(name));
          // An unknown variable matches nothing: a character no ARN or value contains.
          yield v == null || v.isEmpty() ? "\u0000" : v.getFirst();
        }
      };
      // Substituted values are literal, never wildcards.
      b.append(replacement.equals("*") || replacement.equals("?") ? replacement
          : replacement.replace("*", "\u0000").replace("?", "\u0000"));
      i = close + 1;
    }
    return b.toString();
  }

  /**
   * Returns whether a policy is public: some Allow applies to everyone ({@code "*"} or a {@code
   * NotPrincipal}) without a condition that fixes the caller or its network to given values.
   *
   * @param policy the policy
   * @return whether it is public
   */
  static boolean isPublic(Policy policy) {
    for (Policy.Statement s : policy.statements()) {
      if (s.effect() != Policy.Effect.ALLOW) {
        continue;
      }
      boolean everyone = s.notPrincipal()
          || s.principals().stream().anyMatch(Policy.PolicyPrincipal::everyone);
      if (everyone && !fixed(s)) {
        return true;
      }
    }
    return false;
  }

  private static boolean fixed(Policy.Statement s) {
    for (Policy.Condition c : s.conditions()) {
      String key = Conditions.normal(c.key());
      if (!FIXING_KEYS.contains(key) || c.ifExists() || c.forAllValues()) {
        continue;
      }
      boolean literal = c.values().stream().noneMatch(v -> v.contains("*") || v.contains("?")
          || v.contains("${"));
      if (key.equals("aws:sourceip")) {
        if (c.operator().equals("IpAddress") && c.values().stream()
            .map(Conditions.Cidr::parse).noneMatch(x -> x == null || x.isEverything())) {
          return true;
        }
      } else if ((c.operator().equals("StringEquals") || c.operator().equals("ArnEquals"))
          && literal) {
        return true;
      }
    }
    return false;
  }
}
