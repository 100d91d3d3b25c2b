package dev.estuary.s3.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What every (method, target, sub-resource) of S3 must be answered with, written down
 * independently of the server's route table: the operations this server implements, the ones S3
 * offers and this server answers NotImplemented (from the AWS SDK for Java 2.56 service model:
 * each operation's method and request URI), and MethodNotAllowed for every other cell.
 */
public final class RouteExpectations {
  /** The methods S3 uses. */
  public static final List<String> METHODS = List.of("GET", "HEAD", "PUT", "POST", "DELETE");

  /** The targets. */
  public static final List<String> TARGETS = List.of("SERVICE", "BUCKET", "OBJECT");

  /** Every sub-resource of the S3 API; "" is the plain target. */
  public static final List<String> SUB_RESOURCES = List.of("",
      "abac", "accelerate", "acl", "analytics", "annotation", "attributes", "cors", "delete",
      "encryption", "intelligent-tiering", "inventory", "legal-hold", "lifecycle", "location",
      "logging", "metadataAnnotationTable", "metadataConfiguration", "metadataInventoryTable",
      "metadataJournalTable", "metadataTable", "metrics", "notification", "object-lock",
      "ownershipControls", "policy", "policyStatus", "publicAccessBlock", "renameObject",
      "replication", "requestPayment", "restore", "retention", "select", "session", "tagging",
      "torrent", "uploadId", "uploads", "versioning", "versions", "website");

  /** Parameters shaped like sub-resources that S3 does not (yet) have. */
  public static final List<String> UNKNOWN = List.of("newFeature", "ACL", "x-version");

  /** Implemented: "TARGET METHOD sub-resource" (- for none) to the operation's enum name. */
  private static final Map<String, String> IMPLEMENTED = parse("""
      SERVICE GET - LIST_BUCKETS
      BUCKET PUT - CREATE_BUCKET
      BUCKET DELETE - DELETE_BUCKET
      BUCKET HEAD - HEAD_BUCKET
      BUCKET GET - LIST_OBJECTS
      BUCKET GET location GET_BUCKET_LOCATION
      BUCKET GET versioning GET_BUCKET_VERSIONING
      BUCKET PUT versioning PUT_BUCKET_VERSIONING
      BUCKET GET cors GET_BUCKET_CORS
      BUCKET PUT cors PUT_BUCKET_CORS
      BUCKET DELETE cors DELETE_BUCKET_CORS
      BUCKET GET tagging GET_BUCKET_TAGGING
      BUCKET PUT tagging PUT_BUCKET_TAGGING
      BUCKET DELETE tagging DELETE_BUCKET_TAGGING
      BUCKET GET encryption GET_BUCKET_ENCRYPTION
      BUCKET PUT encryption PUT_BUCKET_ENCRYPTION
      BUCKET DELETE encryption DELETE_BUCKET_ENCRYPTION
      BUCKET GET object-lock GET_OBJECT_LOCK_CONFIGURATION
      BUCKET PUT object-lock PUT_OBJECT_LOCK_CONFIGURATION
      BUCKET GET lifecycle GET_BUCKET_LIFECYCLE
      BUCKET PUT lifecycle PUT_BUCKET_LIFECYCLE
      BUCKET DELETE lifecycle DELETE_BUCKET_LIFECYCLE
      BUCKET GET uploads LIST_MULTIPART_UPLOADS
      BUCKET GET versions LIST_OBJECT_VERSIONS
      BUCKET GET acl GET_BUCKET_ACL
      BUCKET PUT acl PUT_BUCKET_ACL
      BUCKET GET ownershipControls GET_BUCKET_OWNERSHIP_CONTROLS
      BUCKET PUT ownershipControls PUT_BUCKET_OWNERSHIP_CONTROLS
      BUCKET DELETE ownershipControls DELETE_BUCKET_OWNERSHIP_CONTROLS
      BUCKET GET policy GET_BUCKET_POLICY
      BUCKET PUT policy PUT_BUCKET_POLICY
      BUCKET DELETE policy DELETE_BUCKET_POLICY
      BUCKET GET policyStatus GET_BUCKET_POLICY_STATUS
      BUCKET GET publicAccessBlock GET_PUBLIC_ACCESS_BLOCK
      BUCKET PUT publicAccessBlock PUT_PUBLIC_ACCESS_BLOCK
      BUCKET DELETE publicAccessBlock DELETE_PUBLIC_ACCESS_BLOCK
      BUCKET POST delete DELETE_OBJECTS
      BUCKET POST - POST_OBJECT
      OBJECT PUT - PUT_OBJECT
      OBJECT GET - GET_OBJECT
      OBJECT HEAD - HEAD_OBJECT
      OBJECT DELETE - DELETE_OBJECT
      OBJECT GET acl GET_OBJECT_ACL
      OBJECT PUT acl PUT_OBJECT_ACL
      OBJECT GET tagging GET_OBJECT_TAGGING
      OBJECT PUT tagging PUT_OBJECT_TAGGING
      OBJECT DELETE tagging DELETE_OBJECT_TAGGING
      OBJECT GET attributes GET_OBJECT_ATTRIBUTES
      OBJECT GET retention GET_OBJECT_RETENTION
      OBJECT PUT retention PUT_OBJECT_RETENTION
      OBJECT GET legal-hold GET_OBJECT_LEGAL_HOLD
      OBJECT PUT legal-hold PUT_OBJECT_LEGAL_HOLD
      OBJECT POST uploads CREATE_MULTIPART_UPLOAD
      OBJECT PUT uploadId UPLOAD_PART
      OBJECT GET uploadId LIST_PARTS
      OBJECT POST uploadId COMPLETE_MULTIPART_UPLOAD
      OBJECT DELETE uploadId ABORT_MULTIPART_UPLOAD
      """);

  /** Offered by S3 and not by this server (NotImplemented). */
  private static final Set<String> S3_ONLY = new TreeSet<>(parse("""
      BUCKET GET abac x
      BUCKET PUT abac x
      BUCKET GET accelerate x
      BUCKET PUT accelerate x
      BUCKET GET analytics x
      BUCKET PUT analytics x
      BUCKET DELETE analytics x
      BUCKET GET intelligent-tiering x
      BUCKET PUT intelligent-tiering x
      BUCKET DELETE intelligent-tiering x
      BUCKET GET inventory x
      BUCKET PUT inventory x
      BUCKET DELETE inventory x
      BUCKET GET logging x
      BUCKET PUT logging x
      BUCKET PUT metadataAnnotationTable x
      BUCKET GET metadataConfiguration x
      BUCKET POST metadataConfiguration x
      BUCKET DELETE metadataConfiguration x
      BUCKET PUT metadataInventoryTable x
      BUCKET PUT metadataJournalTable x
      BUCKET GET metadataTable x
      BUCKET POST metadataTable x
      BUCKET DELETE metadataTable x
      BUCKET GET metrics x
      BUCKET PUT metrics x
      BUCKET DELETE metrics x
      BUCKET GET notification x
      BUCKET PUT notification x
      BUCKET GET replication x
      BUCKET PUT replication x
      BUCKET DELETE replication x
      BUCKET GET requestPayment x
      BUCKET PUT requestPayment x
      BUCKET GET session x
      BUCKET GET website x
      BUCKET PUT website x
      BUCKET DELETE website x
      OBJECT GET annotation x
      OBJECT PUT annotation x
      OBJECT DELETE annotation x
      OBJECT PUT encryption x
      OBJECT PUT renameObject x
      OBJECT POST restore x
      OBJECT POST select x
      OBJECT GET torrent x
      """).keySet());

  private RouteExpectations() {}

  /**
   * One cell and its expected answer.
   *
   * @param target SERVICE, BUCKET or OBJECT
   * @param method the method
   * @param subResource the sub-resource, "" for none
   * @param operation the operation's enum name when implemented, else null
   * @param status 501 or 405 when refused, 0 when implemented
   * @param code the S3 error code when refused
   */
  public record Cell(String target, String method, String subResource, String operation,
      int status, String code) {
    /** Whether the server must refuse the request. */
    public boolean refused() {
      return operation == null;
    }

    @Override
    public String toString() {
      return method + " " + target + (subResource.isEmpty() ? "" : " ?" + subResource);
    }
  }

  /**
   * Every cell: the methods × targets × (sub-resources, unknown sub-resources).
   *
   * @return the cells
   */
  public static List<Cell> all() {
    List<Cell> out = new ArrayList<>();
    List<String> subs = new ArrayList<>(SUB_RESOURCES);
    subs.addAll(UNKNOWN);
    for (String t : TARGETS) {
      for (String m : METHODS) {
        for (String s : subs) {
          String k = t + " " + m + " " + (s.isEmpty() ? "-" : s);
          String op = IMPLEMENTED.get(k);
          if (op != null) {
            out.add(new Cell(t, m, s, op, 0, null));
          } else if (S3_ONLY.contains(k) || UNKNOWN.contains(s)) {
            out.add(new Cell(t, m, s, null, 501, "NotImplemented"));
          } else {
            out.add(new Cell(t, m, s, null, 405, "MethodNotAllowed"));
          }
        }
      }
    }
    return out;
  }

  private static Map<String, String> parse(String table) {
    Map<String, String> m = new TreeMap<>();
    for (String line : table.strip().split("\n")) {
      String[] f = line.strip().split(" ");
      if (m.put(f[0] + " " + f[1] + " " + f[2], f[3]) != null) {
        throw new IllegalStateException("expectation twice: " + line);
      }
    }
    return m;
  }
}
