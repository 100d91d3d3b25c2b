package dev.estuary.s3.internal.codec;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The DeleteObjects response ({@code DeleteResult}). */
public final class DeleteResultXml {
  private DeleteResultXml() {}

  /**
   * One key (or version) deleted.
   *
   * @param key the key
   * @param versionId the version named in the request, or null
   * @param deleteMarker whether a delete marker was created or removed
   * @param deleteMarkerVersionId the marker's version id when one was, else null
   */
  public record Deleted(String key, @Nullable String versionId, boolean deleteMarker,
      @Nullable String deleteMarkerVersionId) {
    /**
     * A key deleted in a bucket without versioning.
     *
     * @param key the key
     */
    public Deleted(String key) {
      this(key, null, false, null);
    }
  }

  /**
   * One key that could not be deleted.
   *
   * @param key the key
   * @param versionId the version named in the request, or null
   * @param code the S3 error code
   * @param message why
   */
  public record Failure(String key, @Nullable String versionId, String code, String message) {
    /**
     * A failure for a key named without a version.
     *
     * @param key the key
     * @param code the S3 error code
     * @param message why
     */
    public Failure(String key, String code, String message) {
      this(key, null, code, message);
    }
  }

  /**
   * Encodes the document.
   *
   * @param deleted the keys deleted (empty in quiet mode)
   * @param failures the keys not deleted
   * @return the XML
   */
  public static String encode(List<Deleted> deleted, List<Failure> failures) {
    XmlDoc d = new XmlDoc("DeleteResult");
    for (Deleted k : deleted) {
      d.open("Deleted").el("Key", k.key()).opt("VersionId", k.versionId());
      if (k.deleteMarker()) {
        d.el("DeleteMarker", true).opt("DeleteMarkerVersionId", k.deleteMarkerVersionId());
      }
      d.close("Deleted");
    }
    for (Failure f : failures) {
      d.open("Error").el("Key", f.key()).opt("VersionId", f.versionId()).el("Code", f.code())
          .el("Message", f.message()).close("Error");
    }
    return d.end("DeleteResult");
  }
}
