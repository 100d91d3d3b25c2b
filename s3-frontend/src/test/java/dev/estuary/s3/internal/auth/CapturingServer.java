package dev.estuary.s3.internal.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTP listener on 127.0.0.1 that records every request exactly as received (raw path and
 * query, headers, body) and answers 200 with a minimal body, so that a real S3 client can be
 * made to send its signed requests. It implements no S3 behaviour.
 */
final class CapturingServer implements AutoCloseable {
  record Captured(SigV4Request request, byte[] body) {}

  private final HttpServer server;
  final List<Captured> requests = new CopyOnWriteArrayList<>();

  CapturingServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    Map<String, List<String>> headers = new TreeMap<>();
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k, List.copyOf(v)));
    URI uri = ex.getRequestURI();
    requests.add(new Captured(new SigV4Request(ex.getRequestMethod(), uri.getRawPath(),
        uri.getRawQuery() == null ? "" : uri.getRawQuery(), headers), body));
    byte[] answer = new byte[0];
    if ("GET".equals(ex.getRequestMethod()) && uri.getRawQuery() != null && uri.getRawQuery().contains("list-type=2")) {
      answer = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
          + "<Name>b</Name><KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>")
          .getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().add("Content-Type", "application/xml");
    }
    ex.getResponseHeaders().add("ETag", "\"d41d8cd98f00b204e9800998ecf8427e\"");
    ex.getResponseHeaders().add("x-amz-request-id", "capture");
    if ("HEAD".equals(ex.getRequestMethod())) {
      ex.getResponseHeaders().add("Content-Length", "0");
      ex.sendResponseHeaders(200, -1);
    } else {
      ex.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
      ex.getResponseBody().write(answer);
    }
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
