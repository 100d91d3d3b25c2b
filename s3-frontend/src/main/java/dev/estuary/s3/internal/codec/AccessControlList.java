package dev.estuary.s3.internal.codec;

import static java.util.Objects.requireNonNull;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An S3 access control list: its owner and grants, as the {@code AccessControlPolicy} document of
 * Get/Put{Bucket,Object}Acl carries it (S3 API Reference, "AccessControlPolicy", "Grant",
 * "Grantee"). The same document is what this server stores (bucket ACL on the volume root,
 * object ACL on the object).
 *
 * @param ownerId the owner's canonical id (here: the decimal uid of a user)
 * @param ownerName the owner's display name (the user name)
 * @param grants the grants, in order
 */
public record AccessControlList(String ownerId, String ownerName, List<Grant> grants) {
  /** The group of every caller, anonymous ones included. */
  public static final String ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
  /** The group of every signed caller. */
  public static final String AUTHENTICATED_USERS =
      "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";
  /** The log-delivery group (accepted in grants; no caller of this server belongs to it). */
  public static final String LOG_DELIVERY = "http://acs.amazonaws.com/groups/s3/LogDelivery";
  /** AWS caps an ACL at 100 grants (S3 User Guide, "ACL overview"). */
  public static final int MAX_GRANTS = 100;
  /** The largest AccessControlPolicy body accepted. */
  public static final int MAX_BYTES = 64 * 1024;

  /** Copies the grants. */
  public AccessControlList {
    requireNonNull(ownerId, "ownerId");
    requireNonNull(ownerName, "ownerName");
    grants = List.copyOf(grants);
  }

  /**
   * Who a grant is to.
   *
   * @param id the canonical id of a user, or null for a group
   * @param displayName the user's display name, or null
   * @param uri the group URI, or null for a user
   */
  public record Grantee(@Nullable String id, @Nullable String displayName, @Nullable String uri) {
    /**
     * A user grantee.
     *
     * @param id the canonical id
     * @param name the display name
     * @return the grantee
     */
    public static Grantee user(String id, @Nullable String name) {
      return new Grantee(id, name, null);
    }

    /**
     * A group grantee.
     *
     * @param uri the group URI
     * @return the grantee
     */
    public static Grantee group(String uri) {
      return new Grantee(null, null, uri);
    }

    /**
     * Returns whether this is the AllUsers or AuthenticatedUsers group, which makes a grant
     * public (S3 User Guide, "Blocking public access", "The meaning of public").
     *
     * @return whether the grant is public
     */
    public boolean isPublic() {
      return ALL_USERS.equals(uri) || AUTHENTICATED_USERS.equals(uri);
    }
  }

  /**
   * One grant.
   *
   * @param grantee who
   * @param permission what
   */
  public record Grant(Grantee grantee, AclPermission permission) {}

  /**
   * Returns the ACL that gives only the owner full control ({@code private}).
   *
   * @param ownerId the owner's canonical id
   * @param ownerName the owner's name
   * @return the ACL
   */
  public static AccessControlList ownerOnly(String ownerId, String ownerName) {
    return new AccessControlList(ownerId, ownerName,
        List.of(new Grant(Grantee.user(ownerId, ownerName), AclPermission.FULL_CONTROL)));
  }

  /**
   * Returns whether any grant is to AllUsers or AuthenticatedUsers.
   *
   * @return whether the ACL is public
   */
  public boolean isPublic() {
    return grants.stream().anyMatch(g -> g.grantee().isPublic());
  }

  /**
   * Encodes the {@code AccessControlPolicy} document.
   *
   * @return the XML
   */
  public String encode() {
    XmlDoc d = new XmlDoc("AccessControlPolicy");
    d.open("Owner").el("ID", ownerId).el("DisplayName", ownerName).close("Owner");
    d.open("AccessControlList");
    for (Grant g : grants) {
      Grantee e = g.grantee();
      d.open("Grant").raw("<Grantee xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
          + " xsi:type=\"" + (e.uri() != null ? "Group" : "CanonicalUser") + "\">");
      if (e.uri() != null) {
        d.el("URI", e.uri());
      } else {
        d.el("ID", requireNonNull(e.id()));
        d.opt("DisplayName", e.displayName());
      }
      d.raw("</Grantee>").el("Permission", g.permission().name()).close("Grant");
    }
    d.close("AccessControlList");
    return d.end("AccessControlPolicy");
  }

  /**
   * Encodes the document as bytes.
   *
   * @return the UTF-8 XML
   */
  public byte[] toBytes() {
    return encode().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses an {@code AccessControlPolicy} body. Grantees are told apart by what they carry (an
   * {@code ID}, a {@code URI} or an {@code EmailAddress}); e-mail grantees are returned with the
   * address as display name and no id, for the caller to resolve.
   *
   * @param body the body
   * @return the ACL as sent (owner and grantees not yet checked)
   * @throws S3Exception {@code MalformedACLError}
   */
  public static Parsed parse(byte[] body) {
    XmlTree root;
    try {
      root = XmlTree.parse(body, "AccessControlPolicy", MAX_BYTES, 4 * MAX_GRANTS + 16);
    } catch (S3Exception e) {
      throw malformed(e.getMessage());
    }
    XmlTree owner = root.optional("Owner").orElse(null);
    String ownerId = owner == null ? null : owner.optionalText("ID").map(String::strip)
        .orElse(null);
    XmlTree list = root.optional("AccessControlList")
        .orElseThrow(() -> malformed("<AccessControlPolicy> lacks <AccessControlList>"));
    List<XmlTree> grants = list.all("Grant");
    if (grants.size() > MAX_GRANTS) {
      throw malformed(grants.size() + " grants (expected: at most " + MAX_GRANTS + ")");
    }
    List<ParsedGrant> out = new ArrayList<>();
    for (XmlTree g : grants) {
      XmlTree grantee = g.optional("Grantee").orElseThrow(() -> malformed("<Grant> lacks"
          + " <Grantee>"));
      String perm = g.optionalText("Permission").map(String::strip)
          .orElseThrow(() -> malformed("<Grant> lacks <Permission>"));
      AclPermission p;
      try {
        p = AclPermission.parse(perm);
      } catch (IllegalArgumentException e) {
        throw malformed(e.getMessage());
      }
      String id = grantee.optionalText("ID").map(String::strip).orElse(null);
      String uri = grantee.optionalText("URI").map(String::strip).orElse(null);
      String email = grantee.optionalText("EmailAddress").map(String::strip).orElse(null);
      int kinds = (id != null ? 1 : 0) + (uri != null ? 1 : 0) + (email != null ? 1 : 0);
      if (kinds != 1) {
        throw malformed("<Grantee> with " + (kinds == 0 ? "none" : "more than one") + " of <ID>,"
            + " <URI>, <EmailAddress> (expected: exactly one)");
      }
      out.add(new ParsedGrant(id, uri, email, p));
    }
    return new Parsed(ownerId, out);
  }

  /**
   * An ACL as a request sent it.
   *
   * @param ownerId the {@code Owner/ID} sent, or null
   * @param grants the grants
   */
  public record Parsed(@Nullable String ownerId, List<ParsedGrant> grants) {
    /** Copies the grants. */
    public Parsed {
      grants = List.copyOf(grants);
    }
  }

  /**
   * A grant as sent: exactly one of id, uri and email is set.
   *
   * @param id a canonical user id
   * @param uri a group URI
   * @param email an e-mail address
   * @param permission the permission
   */
  public record ParsedGrant(@Nullable String id, @Nullable String uri, @Nullable String email,
      AclPermission permission) {}

  /**
   * Reads a stored ACL back.
   *
   * @param stored the bytes {@link #toBytes} wrote
   * @return the ACL
   * @throws IllegalArgumentException when the bytes are not such a document
   */
  public static AccessControlList decode(byte[] stored) {
    XmlTree root = XmlTree.parse(stored, "AccessControlPolicy", MAX_BYTES * 4,
        8 * MAX_GRANTS + 16);
    XmlTree owner = root.optional("Owner").orElseThrow(() -> new IllegalArgumentException(
        "stored ACL without <Owner>"));
    List<Grant> grants = new ArrayList<>();
    for (XmlTree g : root.optional("AccessControlList").map(l -> l.all("Grant"))
        .orElse(List.of())) {
      XmlTree e = g.optional("Grantee").orElseThrow(() -> new IllegalArgumentException(
          "stored grant without <Grantee>"));
      Grantee grantee = e.optionalText("URI").map(Grantee::group)
          .orElseGet(() -> Grantee.user(e.requiredText("ID"),
              e.optionalText("DisplayName").orElse(null)));
      grants.add(new Grant(grantee, AclPermission.parse(g.requiredText("Permission"))));
    }
    return new AccessControlList(owner.requiredText("ID"),
        owner.optionalText("DisplayName").orElse(""), grants);
  }

  private static S3Exception malformed(String why) {
    return new S3Exception(S3ErrorCode.MALFORMED_ACL,
        S3ErrorCode.MALFORMED_ACL.defaultMessage() + " (" + why + ")");
  }
}
