package dev.estuary.s3.internal.codec;

import java.util.List;

/** The DeleteObjects response ({@code DeleteResult}). */
public final class DeleteResultXml {
  private DeleteResultXml() {}

  /**
   * One key that could not be deleted.
   *
   * @param key the key
   * @param code the S3 error code
   * @param message why
   */
  public record Failure(String key, String code, String message) {}

  /**
   * Encodes the document.
   *
   * @param deleted the keys deleted (empty in quiet mode)
   * @param failures the keys not deleted
   * @return the XML
   */
  public static String encode(List<String> deleted, List<Failure> failures) {
    XmlDoc d = new XmlDoc("DeleteResult");
    for (String k : deleted) {
      d.open("Deleted").el("Key", k).close("Deleted");
    }
    for (Failure f : failures) {
      d.open("Error").el("Key", f.key()).el("Code", f.code()).el("Message", f.message())
          .close("Error");
    }
    return d.end("DeleteResult");
  }
}
