package dev.estuary.bench.s3.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark's operations, the same requests for every server: timed with
 * {@link System#nanoTime()}, failing on any unexpected status or length (a fast wrong answer is
 * not a result).
 */
public final class Workloads {
  private static final Pattern TOKEN = Pattern.compile("<NextContinuationToken>([^<]*)</NextContinuationToken>");
  private static final Pattern TRUNCATED = Pattern.compile("<IsTruncated>true</IsTruncated>");

  private final PrintStream progress;

  /** @param progress where progress lines go (stderr) */
  public Workloads(PrintStream progress) {
    this.progress = progress;
  }

  /** One operation on object {@code i} over a worker's connection. */
  @FunctionalInterface
  public interface Op {
    void run(HttpConnection c, int i) throws IOException;
  }

  /** Creates the bucket (200, or 409 if it exists already). */
  public void createBucket(Endpoint e) throws IOException {
    try (HttpConnection c = e.connect()) {
      HttpConnection.Response r = c.exchange("PUT", e.head("PUT", e.path(""), ""), new byte[0], true);
      if (r.status() != 200 && r.status() != 409) {
        throw new IOException(e.name() + ": CreateBucket " + e.bucket() + " answered " + r.status() + ": "
            + new String(r.body(), StandardCharsets.UTF_8));
      }
    }
  }

  /**
   * Configures the bucket with a sub-resource document ({@code PUT /bucket?versioning},
   * {@code ?encryption}), sent with its Content-MD5 (which some of these operations require).
   */
  public void configureBucket(Endpoint e, String subresource, String xml) throws IOException {
    byte[] body = xml.getBytes(StandardCharsets.UTF_8);
    String md5;
    try {
      md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body));
    } catch (NoSuchAlgorithmException ex) {
      throw new IllegalStateException("MD5 is a required JDK algorithm", ex);
    }
    try (HttpConnection c = e.connect()) {
      HttpConnection.Response r = c.exchange("PUT", e.head("PUT", e.path(""), subresource)
          + "Content-MD5: " + md5 + "\r\n", body, true);
      check(e, "PUT " + e.path("") + "?" + subresource, r, 200, -1);
    }
  }

  /** One streamed PUT of {@code size} bytes; returns seconds. */
  public double largePut(Endpoint e, String key, long size, byte[] block) throws IOException {
    try (HttpConnection c = e.connect()) {
      String path = e.path(key);
      long t0 = System.nanoTime();
      HttpConnection.Response r = c.streamPut(e.head("PUT", path, ""), size, block);
      long t1 = System.nanoTime();
      check(e, "PUT " + path, r, 200, -1);
      return (t1 - t0) / 1e9;
    }
  }

  /** One GET of {@code path}, reading (and dropping) {@code size} bytes; returns seconds. */
  public double largeGet(Endpoint e, String path, long size) throws IOException {
    try (HttpConnection c = e.connect()) {
      long t0 = System.nanoTime();
      HttpConnection.Response r = c.exchange("GET", e.head("GET", path, ""), new byte[0], false);
      long t1 = System.nanoTime();
      check(e, "GET " + path, r, 200, size);
      return (t1 - t0) / 1e9;
    }
  }

  /** A 4 KiB-class PUT of object {@code i}. */
  public Op smallPut(Endpoint e, String prefix, byte[] body) {
    return (c, i) -> {
      String path = e.path(prefix + String.format("%08d", i));
      check(e, "PUT " + path, c.exchange("PUT", e.head("PUT", path, ""), body, false), 200, -1);
    };
  }

  /** A GET of object {@code i}, expecting {@code size} bytes. */
  public Op smallGet(Endpoint e, String prefix, int size) {
    return (c, i) -> {
      String path = e.path(prefix + String.format("%08d", i));
      check(e, "GET " + path, c.exchange("GET", e.head("GET", path, ""), new byte[0], false), 200, size);
    };
  }

  /** Runs {@code op} for i in 0..n-1 over {@code connections} connections; returns seconds. */
  public double parallel(Endpoint e, String what, int n, int connections, Op op) throws IOException {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    List<Future<?>> fs = new ArrayList<>();
    long t0 = System.nanoTime();
    for (int w = 0; w < connections; w++) {
      fs.add(pool.submit(() -> {
        try (HttpConnection c = e.connect()) {
          for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            op.run(c, i);
            int d = done.incrementAndGet();
            if (n >= 10 && d % (n / 10) == 0) {
              progress.printf("  %s %s: %d/%d%n", e.name(), what, d, n);
            }
          }
        }
        return null;
      }));
    }
    try {
      for (Future<?> f : fs) {
        f.get();
      }
    } catch (ExecutionException ex) {
      pool.shutdownNow();
      throw ex.getCause() instanceof IOException io ? io : new IOException(ex.getCause());
    } catch (InterruptedException ex) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", ex);
    } finally {
      pool.shutdown();
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /**
   * Lists every key under {@code prefix} with ListObjectsV2 pages of 1000, following continuation
   * tokens; fails unless exactly {@code expected} keys come back. Returns seconds.
   */
  public double listAll(Endpoint e, String prefix, int expected) throws IOException {
    try (HttpConnection c = e.connect()) {
      long t0 = System.nanoTime();
      int keys = 0;
      String token = null;
      do {
        String q = "list-type=2&max-keys=1000&prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8)
            + (token == null ? "" : "&continuation-token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
        HttpConnection.Response r = c.exchange("GET", e.head("GET", e.path(""), q), new byte[0], true);
        check(e, "ListObjectsV2 " + prefix, r, 200, -1);
        String xml = new String(r.body(), StandardCharsets.UTF_8);
        keys += count(xml, "<Key>");
        Matcher m = TOKEN.matcher(xml);
        token = TRUNCATED.matcher(xml).find() && m.find() ? unescape(m.group(1)) : null;
      } while (token != null);
      long t1 = System.nanoTime();
      if (keys != expected) {
        throw new IOException(e.name() + ": listing " + prefix + " gave " + keys + " keys (expected: " + expected + ")");
      }
      return (t1 - t0) / 1e9;
    }
  }

  private static int count(String s, String what) {
    int n = 0;
    for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + what.length())) {
      n++;
    }
    return n;
  }

  private static String unescape(String xml) {
    return xml.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
  }

  private static void check(Endpoint e, String what, HttpConnection.Response r, int status, long length)
      throws IOException {
    if (r.status() != status || length >= 0 && r.bodyLength() != length) {
      throw new IOException(e.name() + ": " + what + " answered " + r.status() + " with " + r.bodyLength()
          + " bytes (expected: " + status + (length >= 0 ? " with " + length + " bytes" : "") + ")"
          + (r.body().length > 0 ? ": " + new String(r.body(), 0, Math.min(500, r.body().length), StandardCharsets.UTF_8) : ""));
    }
  }
}
