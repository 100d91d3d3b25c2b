package dev.estuary.s3.internal.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.Principal;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.access.PolicyEvaluator.Decision;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The policy grammar (parse and refuse) and its evaluation, one class at a time. */
class PolicyTest {
  static final Set<String> USERS = Set.of("alice", "bob");
  static final Principal ALICE = new Principal("alice", 1001, 1001, false, Map.of());
  static final Principal BOB = new Principal("bob", 1002, 1002, false, Map.of());

  static Policy parse(String json) {
    return Policy.parse(json.getBytes(StandardCharsets.UTF_8), "b", USERS::contains);
  }

  static String statement(String effect, String principal, String action, String resource,
      String condition) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect
        + "\",\"Principal\":" + principal + ",\"Action\":" + action + ",\"Resource\":"
        + resource + (condition == null ? "" : ",\"Condition\":" + condition) + "}]}";
  }

  static Decision eval(Policy p, Principal who, boolean anon, String action, String resource,
      Map<String, List<String>> keys) {
    return PolicyEvaluator.evaluate(p, new PolicyEvaluator.Request(who, anon, action, resource,
        false, keys));
  }

  static void malformed(String json, String messagePart) {
    assertThatThrownBy(() -> parse(json)).isInstanceOfSatisfying(S3Exception.class, e -> {
      assertThat(e.errorCode()).isEqualTo(S3ErrorCode.MALFORMED_POLICY);
      assertThat(e.getMessage()).contains(messagePart);
    });
  }

  @Test
  void malformedPoliciesAreRefusedNamingWhatIsWrong() {
    malformed("not json", "valid JSON");
    malformed("[]", "JSON object");
    malformed("{\"Version\":\"2012-10-17\",\"Statement\":[]}", "at least one statement");
    malformed("{\"Version\":\"2099-01-01\",\"Statement\":[]}", "Version");
    malformed("{\"Version\":\"2012-10-17\"}", "Statement");
    malformed("{\"Version\":\"2012-10-17\",\"Version\":\"2012-10-17\",\"Statement\":[]}",
        "valid JSON");
    malformed(statement("Maybe", "\"*\"", "\"s3:GetObject\"", "\"arn:aws:s3:::b/*\"", null),
        "Effect");
    malformed(statement("Allow", "\"*\"", "\"s3:FlyToTheMoon\"", "\"arn:aws:s3:::b/*\"", null),
        "invalid action");
    malformed(statement("Allow", "\"*\"", "\"ec2:RunInstances\"", "\"arn:aws:s3:::b/*\"",
        null), "invalid action");
    malformed(statement("Allow", "\"*\"", "\"s3:GetObject\"", "\"arn:aws:s3:::other/*\"", null),
        "invalid resource");
    malformed(statement("Allow", "\"*\"", "\"s3:GetObject\"", "\"b/*\"", null),
        "invalid resource");
    malformed(statement("Allow", "{\"AWS\":\"arn:aws:iam::1:user/carol\"}", "\"s3:GetObject\"",
        "\"arn:aws:s3:::b/*\"", null), "no user 'carol'");
    malformed(statement("Allow", "{\"Service\":\"x\"}", "\"s3:GetObject\"",
        "\"arn:aws:s3:::b/*\"", null), "Invalid principal");
    malformed(statement("Allow", "\"*\"", "\"s3:GetObject\"", "\"arn:aws:s3:::b/*\"",
        "{\"StringEqualz\":{\"aws:username\":\"a\"}}"), "Invalid Condition type");
    malformed(statement("Allow", "\"*\"", "\"s3:GetObject\"", "\"arn:aws:s3:::b/*\"",
        "{\"StringEquals\":{\"aws:favouriteColour\":\"a\"}}"), "invalid condition key");
    malformed(statement("Allow", "\"*\"", "\"s3:GetObject\"", "\"arn:aws:s3:::b/*\"",
        "{\"IpAddress\":{\"aws:SourceIp\":\"not-an-ip\"}}"), "Invalid Condition value");
    malformed(statement("Allow", "\"*\"", "\"s3:GetObject\"", "\"arn:aws:s3:::b/*\"",
        "{\"NumericLessThan\":{\"s3:max-keys\":\"ten\"}}"), "a number");
    malformed("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
        + "\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}", "missing Principal");
    malformed("{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":"
        + "\"*\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\",\"Colour\":1}}",
        "Unknown field Colour");
  }

  @Test
  void theSizeLimitIsCheckedBeforeParsing() {
    byte[] big = new byte[Policy.MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) '{');
    assertThatThrownBy(() -> Policy.parse(big, "b", USERS::contains))
        .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.getMessage())
            .contains("at most " + Policy.MAX_BYTES + " bytes"));
  }

  @Test
  void principalsActionsAndResourcesMatchWithWildcards() {
    Policy p = parse(statement("Allow", "{\"AWS\":[\"arn:aws:iam::123456789012:user/alice\"]}",
        "\"s3:Get*\"", "\"arn:aws:s3:::b/public/*\"", null));
    assertThat(eval(p, ALICE, false, "s3:GetObject", "arn:aws:s3:::b/public/x", Map.of()))
        .isEqualTo(Decision.ALLOW);
    assertThat(eval(p, ALICE, false, "s3:getobject", "arn:aws:s3:::b/public/x", Map.of()))
        .as("action names ignore case").isEqualTo(Decision.ALLOW);
    assertThat(eval(p, ALICE, false, "s3:GetObject", "arn:aws:s3:::b/private/x", Map.of()))
        .isEqualTo(Decision.NONE);
    assertThat(eval(p, ALICE, false, "s3:PutObject", "arn:aws:s3:::b/public/x", Map.of()))
        .isEqualTo(Decision.NONE);
    assertThat(eval(p, BOB, false, "s3:GetObject", "arn:aws:s3:::b/public/x", Map.of()))
        .isEqualTo(Decision.NONE);
    assertThat(eval(p, Anonymous.PRINCIPAL, true, "s3:GetObject", "arn:aws:s3:::b/public/x",
        Map.of())).isEqualTo(Decision.NONE);
    Policy everyone = parse(statement("Allow", "\"*\"", "\"s3:GetObject\"",
        "\"arn:aws:s3:::b/?.txt\"", null));
    assertThat(eval(everyone, Anonymous.PRINCIPAL, true, "s3:GetObject", "arn:aws:s3:::b/a.txt",
        Map.of())).isEqualTo(Decision.ALLOW);
    assertThat(eval(everyone, Anonymous.PRINCIPAL, true, "s3:GetObject",
        "arn:aws:s3:::b/ab.txt", Map.of())).isEqualTo(Decision.NONE);
  }

  @Test
  void explicitDenyWinsOverAllow() {
    Policy p = parse("{\"Version\":\"2012-10-17\",\"Statement\":["
        + "{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":"
        + "\"arn:aws:s3:::b/*\"},"
        + "{\"Sid\":\"no secrets\",\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"bob\"},"
        + "\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/secret/*\"}]}");
    assertThat(eval(p, BOB, false, "s3:GetObject", "arn:aws:s3:::b/secret/x", Map.of()))
        .isEqualTo(Decision.DENY);
    assertThat(eval(p, ALICE, false, "s3:GetObject", "arn:aws:s3:::b/secret/x", Map.of()))
        .isEqualTo(Decision.ALLOW);
    assertThat(eval(p, BOB, false, "s3:GetObject", "arn:aws:s3:::b/open/x", Map.of()))
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void notPrincipalNotActionAndNotResourceInvertTheirMatch() {
    Policy p = parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
        + "\"NotPrincipal\":{\"AWS\":\"alice\"},\"NotAction\":\"s3:GetObject\","
        + "\"NotResource\":\"arn:aws:s3:::b/scratch/*\"}]}");
    assertThat(eval(p, BOB, false, "s3:PutObject", "arn:aws:s3:::b/x", Map.of()))
        .isEqualTo(Decision.DENY);
    assertThat(eval(p, ALICE, false, "s3:PutObject", "arn:aws:s3:::b/x", Map.of()))
        .isEqualTo(Decision.NONE);
    assertThat(eval(p, BOB, false, "s3:GetObject", "arn:aws:s3:::b/x", Map.of()))
        .isEqualTo(Decision.NONE);
    assertThat(eval(p, BOB, false, "s3:PutObject", "arn:aws:s3:::b/scratch/x", Map.of()))
        .isEqualTo(Decision.NONE);
  }

  @Test
  void conditionOperatorsAndKeys() {
    Map<String, List<String>> k = new HashMap<>();
    k.put("aws:sourceip", List.of("127.0.0.1"));
    k.put("aws:securetransport", List.of("false"));
    k.put("aws:currenttime", List.of("2026-06-01T00:00:00Z"));
    k.put("s3:max-keys", List.of("10"));
    k.put("s3:prefix", List.of("home/alice/"));
    k.put("aws:username", List.of("alice"));
    assertThat(holds("{\"IpAddress\":{\"aws:SourceIp\":\"127.0.0.0/8\"}}", k)).isTrue();
    assertThat(holds("{\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"::1\"]}}", k))
        .isFalse();
    assertThat(holds("{\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}", k)).isTrue();
    assertThat(holds("{\"Bool\":{\"aws:SecureTransport\":\"true\"}}", k)).isFalse();
    assertThat(holds("{\"NumericLessThanEquals\":{\"s3:max-keys\":\"10\"}}", k)).isTrue();
    assertThat(holds("{\"NumericGreaterThan\":{\"s3:max-keys\":10}}", k)).isFalse();
    assertThat(holds("{\"DateLessThan\":{\"aws:CurrentTime\":\"2027-01-01T00:00:00Z\"}}", k))
        .isTrue();
    assertThat(holds("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2026-12-01\"}}", k))
        .isFalse();
    assertThat(holds("{\"StringLike\":{\"s3:prefix\":\"home/${aws:username}/*\"}}", k))
        .as("policy variables").isTrue();
    assertThat(holds("{\"StringLike\":{\"s3:prefix\":\"home/bob/*\"}}", k)).isFalse();
    assertThat(holds("{\"StringNotLike\":{\"s3:prefix\":\"tmp/*\"}}", k)).isTrue();
    assertThat(holds("{\"StringEqualsIgnoreCase\":{\"aws:username\":\"ALICE\"}}", k)).isTrue();
    assertThat(holds("{\"StringEquals\":{\"s3:x-amz-acl\":\"public-read\"}}", k))
        .as("an absent key does not match").isFalse();
    assertThat(holds("{\"StringEqualsIfExists\":{\"s3:x-amz-acl\":\"public-read\"}}", k))
        .as("...IfExists holds without the key").isTrue();
    assertThat(holds("{\"StringNotEquals\":{\"s3:x-amz-acl\":\"public-read\"}}", k))
        .as("a negated operator holds without the key").isTrue();
    assertThat(holds("{\"Null\":{\"s3:x-amz-acl\":\"true\"}}", k)).isTrue();
    assertThat(holds("{\"Null\":{\"s3:prefix\":\"true\"}}", k)).isFalse();
    assertThat(holds("{\"IpAddress\":{\"aws:SourceIp\":\"127.0.0.1\"},"
        + "\"Bool\":{\"aws:SecureTransport\":\"false\"}}", k)).as("operators AND").isTrue();
    k.put("s3:requestobjecttagkeys", List.of("project", "owner"));
    assertThat(holds("{\"ForAllValues:StringEquals\":{\"s3:RequestObjectTagKeys\":"
        + "[\"project\",\"owner\",\"cost\"]}}", k)).isTrue();
    assertThat(holds("{\"ForAllValues:StringEquals\":{\"s3:RequestObjectTagKeys\":"
        + "[\"project\"]}}", k)).isFalse();
    assertThat(holds("{\"ForAnyValue:StringEquals\":{\"s3:RequestObjectTagKeys\":"
        + "[\"owner\"]}}", k)).isTrue();
  }

  private static boolean holds(String condition, Map<String, List<String>> keys) {
    Policy p = parse(statement("Allow", "\"*\"", "\"s3:ListBucket\"", "\"arn:aws:s3:::b\"",
        condition));
    return eval(p, ALICE, false, "s3:ListBucket", "arn:aws:s3:::b", keys) == Decision.ALLOW;
  }

  @Test
  void aPolicyIsPublicWhenAnAllowReachesEveryoneUnconditionally() {
    assertThat(PolicyEvaluator.isPublic(parse(statement("Allow", "\"*\"", "\"s3:GetObject\"",
        "\"arn:aws:s3:::b/*\"", null)))).isTrue();
    assertThat(PolicyEvaluator.isPublic(parse(statement("Allow", "{\"AWS\":\"alice\"}",
        "\"s3:GetObject\"", "\"arn:aws:s3:::b/*\"", null)))).isFalse();
    assertThat(PolicyEvaluator.isPublic(parse(statement("Allow", "\"*\"", "\"s3:GetObject\"",
        "\"arn:aws:s3:::b/*\"", "{\"IpAddress\":{\"aws:SourceIp\":\"192.168.1.0/24\"}}"))))
        .isFalse();
    assertThat(PolicyEvaluator.isPublic(parse(statement("Allow", "\"*\"", "\"s3:GetObject\"",
        "\"arn:aws:s3:::b/*\"", "{\"IpAddress\":{\"aws:SourceIp\":\"0.0.0.0/0\"}}"))))
        .isTrue();
    assertThat(PolicyEvaluator.isPublic(parse(statement("Deny", "\"*\"", "\"s3:GetObject\"",
        "\"arn:aws:s3:::b/*\"", null)))).isFalse();
  }

  @Test
  void aBatchOfUnknownKeysIsAllowedOnlyWholeAndDeniedByAnyKey() {
    Policy prefixOnly = parse(statement("Allow", "\"*\"", "\"s3:DeleteObject\"",
        "\"arn:aws:s3:::b/tmp/*\"", null));
    Policy all = parse(statement("Allow", "\"*\"", "\"s3:DeleteObject\"",
        "\"arn:aws:s3:::b/*\"", null));
    Policy denyOne = parse(statement("Deny", "\"*\"", "\"s3:DeleteObject\"",
        "\"arn:aws:s3:::b/keep/*\"", null));
    PolicyEvaluator.Request batch = new PolicyEvaluator.Request(ALICE, false, "s3:DeleteObject",
        "arn:aws:s3:::b/*", true, Map.of());
    assertThat(PolicyEvaluator.evaluate(prefixOnly, batch)).isEqualTo(Decision.NONE);
    assertThat(PolicyEvaluator.evaluate(all, batch)).isEqualTo(Decision.ALLOW);
    assertThat(PolicyEvaluator.evaluate(denyOne, batch)).isEqualTo(Decision.DENY);
  }
}
