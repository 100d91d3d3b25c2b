package dev.estuary.s3.internal.codec;

import static java.util.Objects.requireNonNull;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A bucket lifecycle configuration (S3 API Reference, PutBucketLifecycleConfiguration and the
 * {@code LifecycleRule}, {@code LifecycleRuleFilter}, {@code LifecycleExpiration}, {@code
 * NoncurrentVersionExpiration} and {@code AbortIncompleteMultipartUpload} data types):
 *
 * <pre>{@code
 * <LifecycleConfiguration><Rule><ID>logs</ID><Filter><And><Prefix>logs/</Prefix>
 *   <Tag><Key>k</Key><Value>v</Value></Tag><ObjectSizeGreaterThan>0</ObjectSizeGreaterThan></And></Filter>
 *   <Status>Enabled</Status><Expiration><Days>30</Days></Expiration>
 *   <NoncurrentVersionExpiration><NoncurrentDays>7</NoncurrentDays></NoncurrentVersionExpiration>
 *   <AbortIncompleteMultipartUpload><DaysAfterInitiation>2</DaysAfterInitiation></AbortIncompleteMultipartUpload>
 * </Rule></LifecycleConfiguration>
 * }</pre>
 *
 * <p>Transitions (to other storage classes) are refused with {@code NotImplemented}: this server
 * has one storage class, and accepting a rule it would never carry out would mislead.
 *
 * @param rules 1..1000 rules with unique IDs
 */
public record LifecycleConfiguration(List<Rule> rules) {
  /** S3 allows up to 1,000 rules. */
  public static final int MAX_RULES = 1000;
  /** The largest document accepted (1,000 rules of a few hundred bytes each, with room). */
  public static final int MAX_BYTES = 1024 * 1024;
  /** Longest rule ID (S3: 255 characters). */
  public static final int MAX_ID = 255;
  /** Most tags in one filter (S3 allows an object 10 tags; a filter can name no more). */
  private static final int MAX_TAGS = 10;
  /** Highest {@code NewerNoncurrentVersions} (S3: 100). */
  private static final int MAX_NEWER_NONCURRENT = 100;

  /** Copies the list. */
  public LifecycleConfiguration {
    rules = List.copyOf(rules);
  }

  /**
   * Which objects a rule applies to. Written either as the legacy top-level {@code <Prefix>} or as
   * a {@code <Filter>}; an empty filter (or empty prefix) applies to every object.
   *
   * @param legacy whether the rule used the top-level {@code <Prefix>} (kept for the round trip)
   * @param and whether the filter was an {@code <And>} (kept for the round trip)
   * @param prefix the key prefix, {@code ""} for all
   * @param tags tags an object must all carry, in order
   * @param sizeGreaterThan the object must be larger than this, or -1
   * @param sizeLessThan the object must be smaller than this, or -1
   */
  public record Filter(boolean legacy, boolean and, String prefix, Map<String, String> tags,
      long sizeGreaterThan, long sizeLessThan) {
    /** Copies the tags, keeping their order. */
    public Filter {
      requireNonNull(prefix, "prefix");
      tags = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /**
     * Whether an object matches.
     *
     * @param key its key
     * @param objectTags its tags
     * @param size its size in bytes
     * @return true when every condition holds
     */
    public boolean matches(String key, Map<String, String> objectTags, long size) {
      if (!key.startsWith(prefix)) {
        return false;
      }
      for (Map.Entry<String, String> t : tags.entrySet()) {
        if (!t.getValue().equals(objectTags.get(t.getKey()))) {
          return false;
        }
      }
      return (sizeGreaterThan < 0 || size > sizeGreaterThan)
          && (sizeLessThan < 0 || size < sizeLessThan);
    }
  }

  /**
   * A rule's {@code <Expiration>}: exactly one of days, date or the delete-marker flag.
   *
   * @param days lifetime of current objects in days (positive), or 0
   * @param date the day (midnight UTC) from which current objects expire, or null
   * @param expiredObjectDeleteMarker whether a delete marker with no version left is removed
   */
  public record Expiration(int days, @Nullable Instant date, boolean expiredObjectDeleteMarker) {}

  /**
   * A rule's {@code <NoncurrentVersionExpiration>}.
   *
   * @param noncurrentDays days after a version became noncurrent until it expires (positive)
   * @param newerNoncurrentVersions how many newer noncurrent versions to keep regardless, or 0
   */
  public record NoncurrentExpiration(int noncurrentDays, int newerNoncurrentVersions) {}

  /**
   * One rule.
   *
   * @param id the ID (generated when the document had none, as S3 does)
   * @param enabled whether {@code Status} is {@code Enabled}
   * @param filter which objects it applies to
   * @param expiration expiration of current objects (and delete markers), or null
   * @param noncurrent expiration of noncurrent versions, or null
   * @param abortDays days after initiation to abort incomplete multipart uploads, or 0
   */
  public record Rule(String id, boolean enabled, Filter filter, @Nullable Expiration expiration,
      @Nullable NoncurrentExpiration noncurrent, int abortDays) {
    /** Validates the components. */
    public Rule {
      requireNonNull(id, "id");
      requireNonNull(filter, "filter");
    }

    /**
     * When a current object created at {@code created} expires under this rule, if it does: a
     * {@code Days} rule adds the days and rounds up to the next midnight UTC (S3 User Guide,
     * "Lifecycle configuration elements", Days); a {@code Date} rule expires it on that date.
     *
     * @param created the object's creation (last write) time
     * @return the expiry time, or empty when this rule does not expire current objects
     */
    public Optional<Instant> expiry(Instant created) {
      if (expiration == null) {
        return Optional.empty();
      }
      if (expiration.date() != null) {
        return Optional.of(expiration.date());
      }
      if (expiration.days() > 0) {
        return Optional.of(afterDays(created, expiration.days()));
      }
      return Optional.empty();
    }
  }

  /**
   * Adds days to a time and rounds up to the next midnight UTC, as S3 counts lifecycle days
   * (S3 User Guide, "Lifecycle configuration elements": "rounding the resulting time to the next
   * day midnight UTC").
   *
   * @param t the start (creation, initiation, becoming noncurrent)
   * @param days the days
   * @return the time the action is due
   */
  public static Instant afterDays(Instant t, int days) {
    Instant due = t.plus(days, ChronoUnit.DAYS);
    Instant midnight = due.truncatedTo(ChronoUnit.DAYS);
    return midnight.equals(due) ? due : midnight.plus(1, ChronoUnit.DAYS);
  }

  /**
   * Parses and checks a configuration, as S3 checks it.
   *
   * @param body the request body
   * @param newId supplies an ID for a rule without one
   * @return the configuration
   * @throws S3Exception {@code MalformedXML} for a malformed document, a missing or unknown
   *     {@code Status}, a rule with both or neither of {@code Prefix} and {@code Filter}, more than
   *     one condition outside {@code <And>}, or more than 1,000 rules; {@code InvalidArgument} for
   *     an ID over 255 characters, a repeated ID, a day count that is not positive, a date not at
   *     midnight UTC, or size bounds out of order; {@code InvalidRequest} for a rule without an
   *     action, a repeated tag key or an action S3 does not allow with tag filters; {@code
   *     NotImplemented} for transitions
   */
  public static LifecycleConfiguration parse(byte[] body, java.util.function.Supplier<String> newId) {
    XmlTree root = XmlTree.parse(body, "LifecycleConfiguration", MAX_BYTES, 64 * 1024);
    for (XmlTree c : root.children()) {
      if (!c.name().equals("Rule")) {
        throw XmlTree.malformed("<" + c.name() + "> in <LifecycleConfiguration> (expected: <Rule>)");
      }
    }
    List<XmlTree> rs = root.all("Rule");
    if (rs.isEmpty()) {
      throw XmlTree.malformed("no <Rule>");
    }
    if (rs.size() > MAX_RULES) {
      throw XmlTree.malformed(rs.size() + " lifecycle rules (expected: <= " + MAX_RULES + ")");
    }
    List<Rule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (XmlTree r : rs) {
      Rule rule = rule(r, newId);
      if (!ids.add(rule.id())) {
        throw invalidArgument("Rule ID must be unique. Found same ID for more than one rule: '"
            + rule.id() + "'", "ID", rule.id());
      }
      rules.add(rule);
    }
    return new LifecycleConfiguration(rules);
  }

  private static final Set<String> RULE_ELEMENTS = Set.of("ID", "Status", "Prefix", "Filter",
      "Expiration", "NoncurrentVersionExpiration", "AbortIncompleteMultipartUpload", "Transition",
      "NoncurrentVersionTransition");

  private static Rule rule(XmlTree r, java.util.function.Supplier<String> newId) {
    for (XmlTree c : r.children()) {
      if (!RULE_ELEMENTS.contains(c.name())) {
        throw XmlTree.malformed("<" + c.name() + "> in <Rule> (expected: one of " + RULE_ELEMENTS + ")");
      }
    }
    if (!r.all("Transition").isEmpty() || !r.all("NoncurrentVersionTransition").isEmpty()) {
      throw S3ErrorCode.NOT_IMPLEMENTED.exception("lifecycle transitions are not supported: this"
          + " server has one storage class (expected: rules with Expiration,"
          + " NoncurrentVersionExpiration or AbortIncompleteMultipartUpload only)");
    }
    String id = r.optionalText("ID").orElse("");
    if (id.length() > MAX_ID) {
      throw invalidArgument("ID length should not exceed allowed limit of " + MAX_ID + " (got: "
          + id.length() + " characters)", "ID", id);
    }
    if (id.isEmpty()) {
      id = newId.get();
    }
    String status = r.optionalText("Status").orElseThrow(() -> XmlTree.malformed("<Rule> lacks <Status>"));
    if (!status.equals("Enabled") && !status.equals("Disabled")) {
      throw XmlTree.malformed("Status '" + status + "' (expected: Enabled or Disabled)");
    }
    Filter filter = filter(r);
    Expiration expiration = r.optional("Expiration").map(LifecycleConfiguration::expiration).orElse(null);
    NoncurrentExpiration noncurrent = r.optional("NoncurrentVersionExpiration")
        .map(LifecycleConfiguration::noncurrent).orElse(null);
    int abort = 0;
    Optional<XmlTree> a = r.optional("AbortIncompleteMultipartUpload");
    if (a.isPresent()) {
      abort = positive(a.get(), "DaysAfterInitiation", true);
      if (!filter.tags().isEmpty()) {
        throw S3ErrorCode.INVALID_REQUEST.exception("AbortIncompleteMultipartUpload cannot be"
            + " specified with Tags (rule '" + id + "')");
      }
    }
    if (expiration == null && noncurrent == null && abort == 0) {
      throw S3ErrorCode.INVALID_REQUEST.exception("At least one action needs to be specified in a"
          + " rule (rule '" + id + "'; expected: Expiration, NoncurrentVersionExpiration or"
          + " AbortIncompleteMultipartUpload)");
    }
    if (expiration != null && expiration.expiredObjectDeleteMarker() && !filter.tags().isEmpty()) {
      throw S3ErrorCode.INVALID_REQUEST.exception("ExpiredObjectDeleteMarker cannot be specified"
          + " with Tags (rule '" + id + "')");
    }
    return new Rule(id, status.equals("Enabled"), filter, expiration, noncurrent, abort);
  }

  private static Filter filter(XmlTree r) {
    Optional<String> legacy = r.optionalText("Prefix");
    Optional<XmlTree> f = r.optional("Filter");
    if (legacy.isPresent() && f.isPresent()) {
      throw XmlTree.malformed("a <Rule> has both <Prefix> and <Filter> (expected: one of them)");
    }
    if (legacy.isPresent()) {
      return new Filter(true, false, legacy.get(), Map.of(), -1, -1);
    }
    if (f.isEmpty()) {
      throw XmlTree.malformed("a <Rule> has neither <Filter> nor <Prefix> (expected: one of them)");
    }
    XmlTree filter = f.get();
    if (filter.children().size() > 1) {
      throw XmlTree.malformed("<Filter> has " + filter.children().size() + " conditions (expected:"
          + " at most one of Prefix, Tag, ObjectSizeGreaterThan, ObjectSizeLessThan, And)");
    }
    if (filter.children().isEmpty()) {
      return new Filter(false, false, "", Map.of(), -1, -1);
    }
    XmlTree c = filter.children().getFirst();
    if (c.name().equals("And")) {
      return conditions(c, true);
    }
    return conditions(filter, false);
  }

  private static Filter conditions(XmlTree t, boolean and) {
    String prefix = "";
    Map<String, String> tags = new LinkedHashMap<>();
    long gt = -1;
    long lt = -1;
    for (XmlTree c : t.children()) {
      switch (c.name()) {
        case "Prefix" -> prefix = t.requiredText("Prefix");
        case "Tag" -> {
          String k = c.requiredText("Key");
          String v = c.optionalText("Value").orElse("");
          if (tags.put(k, v) != null) {
            throw S3ErrorCode.INVALID_REQUEST.exception("Duplicate Tag Keys are not allowed: '"
                + k + "'");
          }
        }
        case "ObjectSizeGreaterThan" -> gt = size(t, "ObjectSizeGreaterThan");
        case "ObjectSizeLessThan" -> lt = size(t, "ObjectSizeLessThan");
        default -> throw XmlTree.malformed("<" + c.name() + "> in <" + t.name() + "> (expected:"
            + " Prefix, Tag, ObjectSizeGreaterThan or ObjectSizeLessThan)");
      }
    }
    if (tags.size() > MAX_TAGS) {
      throw S3ErrorCode.INVALID_REQUEST.exception("a lifecycle filter has " + tags.size()
          + " tags (expected: <= " + MAX_TAGS + ")");
    }
    if (gt >= 0 && lt >= 0 && gt >= lt) {
      throw invalidArgument("ObjectSizeGreaterThan (" + gt + ") must be less than"
          + " ObjectSizeLessThan (" + lt + ")", "ObjectSizeGreaterThan", Long.toString(gt));
    }
    return new Filter(false, and, prefix, tags, gt, lt);
  }

  private static long size(XmlTree t, String name) {
    String s = t.requiredText(name).strip();
    long n;
    try {
      n = Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw XmlTree.malformed(name + " '" + s + "' is not an integer");
    }
    if (n < 0 || (name.equals("ObjectSizeLessThan") && n == 0)) {
      throw invalidArgument(name + " must be " + (n < 0 ? "non-negative" : "positive") + " (got: "
          + n + ")", name, s);
    }
    return n;
  }

  private static Expiration expiration(XmlTree e) {
    Optional<String> days = e.optionalText("Days");
    Optional<String> date = e.optionalText("Date");
    Optional<String> marker = e.optionalText("ExpiredObjectDeleteMarker");
    int given = (days.isPresent() ? 1 : 0) + (date.isPresent() ? 1 : 0) + (marker.isPresent() ? 1 : 0);
    if (given != 1) {
      throw XmlTree.malformed("<Expiration> must have exactly one of Days, Date and"
          + " ExpiredObjectDeleteMarker (got: " + given + ")");
    }
    if (days.isPresent()) {
      int d = positive(e, "Days", false);
      return new Expiration(d, null, false);
    }
    if (date.isPresent()) {
      return new Expiration(0, date(date.get().strip()), false);
    }
    String m = marker.get().strip();
    if (!m.equals("true") && !m.equals("false")) {
      throw XmlTree.malformed("ExpiredObjectDeleteMarker '" + m + "' (expected: true or false)");
    }
    return new Expiration(0, null, m.equals("true"));
  }

  /** S3 takes an ISO 8601 date or date-time, which must be midnight UTC. */
  private static Instant date(String s) {
    Instant t;
    try {
      t = s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant()
          : OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      throw XmlTree.malformed("Date '" + s + "' (expected: ISO 8601, e.g. 2030-01-01T00:00:00Z)");
    }
    if (!t.truncatedTo(ChronoUnit.DAYS).equals(t)) {
      throw invalidArgument("'Date' must be at midnight GMT (got: '" + s + "')", "Date", s);
    }
    return t;
  }

  private static NoncurrentExpiration noncurrent(XmlTree n) {
    int days = positive(n, "NoncurrentDays", true);
    int newer = 0;
    if (n.optionalText("NewerNoncurrentVersions").isPresent()) {
      newer = positive(n, "NewerNoncurrentVersions", true);
      if (newer > MAX_NEWER_NONCURRENT) {
        throw invalidArgument("NewerNoncurrentVersions must be 1-" + MAX_NEWER_NONCURRENT
            + " (got: " + newer + ")", "NewerNoncurrentVersions", Integer.toString(newer));
      }
    }
    return new NoncurrentExpiration(days, newer);
  }

  private static int positive(XmlTree t, String name, boolean required) {
    String s = required ? t.requiredText(name).strip() : t.optionalText(name).orElse("").strip();
    int n;
    try {
      n = Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw XmlTree.malformed(name + " '" + s + "' is not an integer");
    }
    if (n <= 0) {
      throw invalidArgument("'" + name + "' in <" + t.name() + "> must be a positive integer"
          + " (got: " + n + ")", name, s);
    }
    return n;
  }

  private static S3Exception invalidArgument(String message, String name, String value) {
    return S3ErrorCode.INVALID_ARGUMENT.exception(message)
        .withDetail("ArgumentName", name).withDetail("ArgumentValue", value);
  }

  /**
   * Returns a fresh rule ID, as S3 assigns one to a rule sent without.
   *
   * @return a random ID
   */
  public static String randomId() {
    return UUID.randomUUID().toString();
  }

  /**
   * Returns the configuration as GetBucketLifecycleConfiguration answers it: every rule with its
   * ID (generated ones included) and the filter in the form it was sent.
   *
   * @return the document
   */
  public byte[] toXml() {
    XmlDoc d = new XmlDoc("LifecycleConfiguration");
    for (Rule r : rules) {
      d.open("Rule").el("ID", r.id());
      Filter f = r.filter();
      if (f.legacy()) {
        d.el("Prefix", f.prefix());
      } else {
        d.open("Filter");
        if (f.and()) {
          d.open("And");
        }
        if (!f.prefix().isEmpty() || (f.and() && f.tags().isEmpty())) {
          d.el("Prefix", f.prefix());
        }
        for (Map.Entry<String, String> t : f.tags().entrySet()) {
          d.open("Tag").el("Key", t.getKey()).el("Value", t.getValue()).close("Tag");
        }
        if (f.sizeGreaterThan() >= 0) {
          d.el("ObjectSizeGreaterThan", f.sizeGreaterThan());
        }
        if (f.sizeLessThan() >= 0) {
          d.el("ObjectSizeLessThan", f.sizeLessThan());
        }
        if (f.and()) {
          d.close("And");
        }
        d.close("Filter");
      }
      d.el("Status", r.enabled() ? "Enabled" : "Disabled");
      Expiration e = r.expiration();
      if (e != null) {
        d.open("Expiration");
        if (e.date() != null) {
          d.date("Date", e.date());
        } else if (e.days() > 0) {
          d.el("Days", e.days());
        } else {
          d.el("ExpiredObjectDeleteMarker", e.expiredObjectDeleteMarker());
        }
        d.close("Expiration");
      }
      NoncurrentExpiration n = r.noncurrent();
      if (n != null) {
        d.open("NoncurrentVersionExpiration").el("NoncurrentDays", n.noncurrentDays());
        if (n.newerNoncurrentVersions() > 0) {
          d.el("NewerNoncurrentVersions", n.newerNoncurrentVersions());
        }
        d.close("NoncurrentVersionExpiration");
      }
      if (r.abortDays() > 0) {
        d.open("AbortIncompleteMultipartUpload").el("DaysAfterInitiation", r.abortDays())
            .close("AbortIncompleteMultipartUpload");
      }
      d.close("Rule");
    }
    return d.end("LifecycleConfiguration").getBytes(StandardCharsets.UTF_8);
  }
}
