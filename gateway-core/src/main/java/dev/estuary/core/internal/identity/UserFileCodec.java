package dev.estuary.core.internal.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.core.ApiToken;
import dev.estuary.core.ClientRange;
import dev.estuary.core.NfsExportRule;
import dev.estuary.core.NfsSquash;
import dev.estuary.core.Permission;
import dev.estuary.core.S3Credentials;
import dev.estuary.core.Secret;
import dev.estuary.core.Sid;
import dev.estuary.core.User;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The on-disk form of the user store, {@code users.json}: {@code {"version": 2, "domainSid":
 * "S-1-5-21-x-y-z", "nextUid": n, "nextGid": n, "retiredGids": [...], "groups": [...], "users": [...],
 * "nfsExports": {volume: [rule...]}}}. Version 1 files (users only) are read and rewritten as
 * version 2; an older Estuary refuses a version 2 file instead of dropping what it does not know.
 * Reading is strict: an unknown or missing field is an error naming the user and the field.
 * {@code nextUid} is optional (files written before it existed lack it).
 */
public final class UserFileCodec {
  /** The format version written. */
  static final int VERSION = 2;

  /**
   * Everything the file holds besides the users.
   *
   * @param domainSid the installation's domain SID, or null in a version 1 file
   * @param nextGid the lowest gid never given to a group (the high-water mark)
   * @param retiredGids gids of deleted groups, never given again
   * @param groups group name to gid
   * @param nfsExports NFS export rules per volume
   * @param users the users
   * @param nextUid the uid high-water mark, if the file has one: the next uid to give, above every
   *     uid and gid a user of this store has ever had
   */
  public record Content(@Nullable Sid domainSid, long nextGid, Set<Integer> retiredGids,
      Map<String, Integer> groups, Map<String, List<NfsExportRule>> nfsExports, List<User> users,
      OptionalLong nextUid) {
    /** Copies the components. */
    public Content {
      retiredGids = Set.copyOf(retiredGids);
      groups = Map.copyOf(groups);
      nfsExports = Map.copyOf(nfsExports);
      users = List.copyOf(users);
    }
  }

  private static final Set<String> USER_FIELDS =
      Set.of("name", "uid", "gid", "admin", "password", "ntHash", "s3", "tokens", "volumes",
          "created", "groups", "createBuckets");
  private static final Set<String> TOP_FIELDS =
      Set.of("version", "domainSid", "nextUid", "nextGid", "retiredGids", "groups", "users", "nfsExports");

  private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Creates a codec. */
  public UserFileCodec() {}

  /**
   * Serialises the store.
   *
   * @param c what the store holds
   * @return UTF-8 JSON
   */
  public byte[] write(Content c) {
    ObjectNode root = mapper.createObjectNode();
    root.put("version", VERSION);
    if (c.domainSid() != null) {
      root.put("domainSid", c.domainSid().toString());
    }
    c.nextUid().ifPresent(u -> root.put("nextUid", u));
    root.put("nextGid", c.nextGid());
    ArrayNode retired = root.putArray("retiredGids");
    new TreeSet<>(c.retiredGids()).forEach(g -> retired.add(Integer.toUnsignedLong(g)));
    ArrayNode groups = root.putArray("groups");
    new TreeMap<>(c.groups()).forEach((name, gid) -> {
      ObjectNode g = groups.addObject();
      g.put("name", name);
      g.put("gid", Integer.toUnsignedLong(gid));
    });
    ObjectNode exports = root.putObject("nfsExports");
    new TreeMap<>(c.nfsExports()).forEach((volume, rules) -> {
      ArrayNode arr = exports.putArray(volume);
      for (NfsExportRule r : rules) {
        ObjectNode n = arr.addObject();
        n.put("clients", r.clients().cidr());
        n.put("access", r.readWrite() ? "rw" : "ro");
        n.put("squash", r.squash().text());
        n.put("anonuid", Integer.toUnsignedLong(r.anonUid()));
        n.put("anongid", Integer.toUnsignedLong(r.anonGid()));
      }
    });
    ArrayNode arr = root.putArray("users");
    for (User u : c.users()) {
      ObjectNode n = arr.addObject();
      n.put("name", u.name());
      n.put("uid", Integer.toUnsignedLong(u.uid()));
      n.put("gid", Integer.toUnsignedLong(u.gid()));
      n.put("admin", u.admin());
      n.put("password", u.passwordHash().reveal());
      n.put("ntHash", u.ntHash().reveal());
      ObjectNode s3 = n.putObject("s3");
      s3.put("accessKeyId", u.s3().accessKeyId());
      s3.put("secretKey", u.s3().secretKey().reveal());
      ArrayNode tokens = n.putArray("tokens");
      for (ApiToken t : u.tokens()) {
        ObjectNode tn = tokens.addObject();
        tn.put("id", t.id());
        tn.put("sha256", t.sha256().reveal());
        tn.put("created", t.created().toString());
        tn.put("description", t.description());
      }
      ObjectNode vols = n.putObject("volumes");
      u.volumes().forEach((v, p) -> vols.put(v, p.name().toLowerCase(Locale.ROOT)));
      n.put("created", u.created().toString());
      ArrayNode ug = n.putArray("groups");
      u.groups().forEach(g -> ug.add(Integer.toUnsignedLong(g)));
      n.put("createBuckets", u.createBuckets());
    }
    try {
      return mapper.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException("users.json: cannot serialise", e);
    }
  }

  /**
   * Parses the file content.
   *
   * @param content UTF-8 JSON
   * @param source the file name for messages
   * @return what the file holds
   * @throws IOException naming the file, the user and the field at fault
   */
  public Content read(byte[] content, String source) throws IOException {
    JsonNode root;
    try {
      root = mapper.readTree(content);
    } catch (IOException e) {
      throw new IOException(source + ": not valid JSON (" + e.getMessage() + ")", e);
    }
    if (root == null || !root.isObject()) {
      throw new IOException(source + ": expected a JSON object");
    }
    int version = root.path("version").asInt(-1);
    if (version != 1 && version != VERSION) {
      throw new IOException(
          source + ": version " + root.path("version") + " (expected: 1 or " + VERSION + ")");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!TOP_FIELDS.contains(f)) {
        throw new IOException(source + ": unknown field '" + f + "' (expected: one of "
            + String.join(", ", TOP_FIELDS.stream().sorted().toList()) + ")");
      }
    }
    Sid domainSid = null;
    if (root.has("domainSid")) {
      try {
        domainSid = Sid.parse(text(root, "domainSid", source, "?"));
      } catch (IllegalArgumentException e) {
        throw new IOException(source + ": domainSid: " + e.getMessage(), e);
      }
    }
    long nextGid = root.path("nextGid").asLong(0);
    Set<Integer> retired = new TreeSet<>();
    for (JsonNode g : root.path("retiredGids")) {
      retired.add(idValue(g, source + ": retiredGids"));
    }
    Map<String, Integer> groups = new TreeMap<>();
    for (JsonNode g : root.path("groups")) {
      String gname = text(g, "name", source + ": group", "?");
      groups.put(gname, id(g, "gid", source + ": group '" + gname + "'"));
    }
    Map<String, List<NfsExportRule>> exports = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : root.path("nfsExports").properties()) {
      String where = source + ": nfsExports." + e.getKey();
      List<NfsExportRule> rules = new ArrayList<>();
      for (JsonNode r : e.getValue()) {
        try {
          String access = text(r, "access", where, "?");
          if (!access.equals("rw") && !access.equals("ro")) {
            throw new IllegalArgumentException("access: '" + access + "' (expected: rw or ro)");
          }
          rules.add(new NfsExportRule(ClientRange.parse(text(r, "clients", where, "?")),
              access.equals("rw"), NfsSquash.parse(text(r, "squash", where, "?")),
              id(r, "anonuid", where), id(r, "anongid", where)));
        } catch (IllegalArgumentException ex) {
          throw new IOException(where + ": " + ex.getMessage(), ex);
        }
      }
      exports.put(e.getKey(), rules);
    }
    OptionalLong nextUid = OptionalLong.empty();
    JsonNode mark = root.get("nextUid");
    if (mark != null) {
      if (!mark.canConvertToLong() || mark.asLong() < 0 || mark.asLong() > 0x1_0000_0000L) {
        throw new IOException(source + ": nextUid: " + mark + " (expected: 0-4294967296)");
      }
      nextUid = OptionalLong.of(mark.asLong());
    }
    List<User> users = new ArrayList<>();
    for (JsonNode n : root.path("users")) {
      String name = text(n, "name", source, "?");
      String where = source + ": user '" + name + "'";
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!USER_FIELDS.contains(f)) {
          throw new IOException(where + ": unknown field '" + f + "' (expected: one of "
              + String.join(", ", USER_FIELDS.stream().sorted().toList()) + ")");
        }
      }
      JsonNode s3 = n.path("s3");
      List<ApiToken> tokens = new ArrayList<>();
      for (JsonNode t : n.path("tokens")) {
        tokens.add(
            new ApiToken(
                text(t, "id", where, name),
                new Secret(text(t, "sha256", where, name)),
                instant(t, "created", where, name),
                t.path("description").asText("")));
      }
      Map<String, Permission> volumes = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : n.path("volumes").properties()) {
        try {
          volumes.put(e.getKey(), Permission.parse(e.getValue().asText()));
        } catch (IllegalArgumentException ex) {
          throw new IOException(where + ": volumes." + e.getKey() + ": " + ex.getMessage(), ex);
        }
      }
      users.add(
          new User(
              name,
              id(n, "uid", where),
              id(n, "gid", where),
              n.path("admin").asBoolean(false),
              new Secret(text(n, "password", where, name)),
              new Secret(text(n, "ntHash", where, name)),
              new S3Credentials(
                  text(s3, "accessKeyId", where, name), new Secret(text(s3, "secretKey", where, name))),
              tokens,
              volumes,
              instant(n, "created", where, name),
              userGroups(n, where),
              // Absent in files written before the right existed: every user could then.
              n.path("createBuckets").asBoolean(true)));
    }
    return new Content(domainSid, nextGid, retired, groups, exports, users, nextUid);
  }

  private static Set<Integer> userGroups(JsonNode n, String where) throws IOException {
    Set<Integer> out = new TreeSet<>();
    for (JsonNode g : n.path("groups")) {
      out.add(idValue(g, where + ": groups"));
    }
    return out;
  }

  private static int idValue(JsonNode v, String where) throws IOException {
    if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0
        || v.asLong() > 0xFFFF_FFFFL) {
      throw new IOException(where + ": " + v + " (expected: 0-4294967295)");
    }
    return (int) v.asLong();
  }

  private static String text(JsonNode n, String field, String where, String user)
      throws IOException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IOException(where + ": field '" + field + "' missing or not a string");
    }
    return v.asText();
  }

  private static int id(JsonNode n, String field, String where) throws IOException {
    JsonNode v = n.get(field);
    if (v == null || !v.canConvertToLong() || v.asLong() < 0 || v.asLong() > 0xFFFF_FFFFL) {
      throw new IOException(where + ": " + field + ": " + v + " (expected: 0-4294967295)");
    }
    return (int) v.asLong();
  }

  private static Instant instant(JsonNode n, String field, String where, String user)
      throws IOException {
    String s = text(n, field, where, user);
    try {
      return Instant.parse(s);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IOException(where + ": " + field + ": '" + s + "' (expected: an ISO-8601 instant)", e);
    }
  }
}
