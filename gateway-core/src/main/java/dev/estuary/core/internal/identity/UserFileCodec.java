package dev.estuary.core.internal.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.estuary.core.ApiToken;
import dev.estuary.core.Permission;
import dev.estuary.core.S3Credentials;
import dev.estuary.core.Secret;
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

/**
 * The on-disk form of the user store, {@code users.json}: {@code {"version": 1, "nextUid": N,
 * "users": [...]}}. Reading is strict: an unknown or missing field is an error naming the user and
 * the field. {@code nextUid} is optional (files written before it existed lack it).
 */
public final class UserFileCodec {
  /**
   * The content of the file.
   *
   * @param users the users
   * @param nextUid the uid high-water mark, if the file has one: the next uid to give, above every
   *     uid and gid a user of this store has ever had
   */
  public record Contents(List<User> users, OptionalLong nextUid) {
    /** Copies the list. */
    public Contents {
      users = List.copyOf(users);
    }
  }

  /** The format version written. */
  static final int VERSION = 1;

  private static final Set<String> USER_FIELDS =
      Set.of("name", "uid", "gid", "admin", "password", "ntHash", "s3", "tokens", "volumes",
          "created");

  private final ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Creates a codec. */
  public UserFileCodec() {}

  /**
   * Serialises users.
   *
   * @param users the users in name order
   * @param nextUid the uid high-water mark
   * @return UTF-8 JSON
   */
  public byte[] write(List<User> users, long nextUid) {
    ObjectNode root = mapper.createObjectNode();
    root.put("version", VERSION);
    root.put("nextUid", nextUid);
    ArrayNode arr = root.putArray("users");
    for (User u : users) {
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
   * @return the users and the uid high-water mark
   * @throws IOException naming the file, the user and the field at fault
   */
  public Contents read(byte[] content, String source) throws IOException {
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
    if (version != VERSION) {
      throw new IOException(
          source + ": version " + root.path("version") + " (expected: " + VERSION + ")");
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
              instant(n, "created", where, name)));
    }
    return new Contents(users, nextUid);
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
