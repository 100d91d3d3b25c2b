package dev.estuary.s3.internal.codec;

import java.time.Instant;
import java.util.List;

/** The ListBuckets response (S3 API Reference, ListBuckets: {@code ListAllMyBucketsResult}). */
public final class ListAllMyBucketsResultXml {
  private ListAllMyBucketsResultXml() {}

  /**
   * One bucket.
   *
   * @param name the name
   * @param created when it was created
   */
  public record Bucket(String name, Instant created) {}

  /**
   * Encodes the document.
   *
   * @param ownerId the owner id
   * @param ownerName the owner display name
   * @param buckets the buckets in name order
   * @param region the region to report per bucket
   * @return the XML
   */
  public static String encode(String ownerId, String ownerName, List<Bucket> buckets,
      String region) {
    return encode(ownerId, ownerName, buckets, region, null, null);
  }

  /**
   * Encodes one page of the document.
   *
   * @param ownerId the owner id
   * @param ownerName the owner display name
   * @param buckets the buckets of the page in name order
   * @param region the region to report per bucket
   * @param continuationToken the token of the next page, or null for the last page
   * @param prefix the {@code prefix} asked for, or null
   * @return the XML
   */
  public static String encode(String ownerId, String ownerName, List<Bucket> buckets,
      String region, @org.jspecify.annotations.Nullable String continuationToken,
      @org.jspecify.annotations.Nullable String prefix) {
    XmlDoc d = new XmlDoc("ListAllMyBucketsResult");
    d.open("Owner").el("ID", ownerId).el("DisplayName", ownerName).close("Owner");
    d.open("Buckets");
    for (Bucket bk : buckets) {
      d.open("Bucket").el("Name", bk.name()).date("CreationDate", bk.created())
          .el("BucketRegion", region).close("Bucket");
    }
    d.close("Buckets");
    d.opt("ContinuationToken", continuationToken).opt("Prefix", prefix);
    return d.end("ListAllMyBucketsResult");
  }
}
