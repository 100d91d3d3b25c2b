package dev.estuary.core;

import static java.util.Objects.requireNonNull;

/**
 * One listener of a running frontend, as printed at start-up, e.g. {@code s3 http://127.0.0.1:9000}.
 *
 * @param name the frontend or listener name
 * @param url where clients connect, with the real port
 * @param note a short remark for people, possibly empty
 */
public record Endpoint(String name, String url, String note) {
  /** Validates the components. */
  public Endpoint {
    requireNonNull(name, "name");
    requireNonNull(url, "url");
    requireNonNull(note, "note");
  }

  /**
   * Returns the line printed at start-up: name, URL and note.
   *
   * @return for example {@code admin  http://127.0.0.1:9180 (/metrics, /health)}
   */
  public String line() {
    String s = String.format("%-7s %s", name, url);
    return note.isEmpty() ? s : s + " (" + note + ")";
  }
}
