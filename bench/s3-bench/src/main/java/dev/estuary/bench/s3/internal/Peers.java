package dev.estuary.bench.s3.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts the three servers of the benchmark, each as its own process on a free loopback port. */
public final class Peers {
  private Peers() {}

  /**
   * Our frontend: {@code <repo>/estuary serve} with a fresh data directory, only the S3 frontend,
   * the admin credentials set to the benchmark's keys. Waits until the port listens (the script
   * may first build the distribution).
   */
  public static ServerProcess estuary(Path repo, Path data, int port, String accessKey, String secretKey,
      String javaOpts) throws IOException, InterruptedException {
    List<String> cmd = List.of(repo.resolve("estuary").toString(), "serve", "--data", data.toString(),
        "--s3-port", Integer.toString(port), "--admin-port", "0", "--frontends", "s3", "--log-level", "warn");
    ServerProcess p = ServerProcess.start("estuary", cmd, Map.of(
        "ESTUARY_ADMIN_ACCESS_KEY", accessKey, "ESTUARY_ADMIN_SECRET_KEY", secretKey,
        "ESTUARY_JAVA_OPTS", javaOpts), data.resolveSibling("estuary.log"));
    p.awaitPort(port, Duration.ofMinutes(10));
    return p;
  }

  /**
   * Node mode: an {@code estuary engine} daemon on {@code data} (it holds the identities, so it
   * gets the admin keys) and an {@code estuary serve --backend unix:<socket>} frontend process
   * serving S3 on {@code port} through it, both with the same JVM options; one {@link ServerProcess}
   * whose CPU time is both processes'.
   */
  public static ServerProcess estuaryNode(Path repo, Path data, int port, String accessKey, String secretKey,
      String javaOpts) throws IOException, InterruptedException {
    Path socket = data.resolve("run").resolve("engine.sock");
    ServerProcess engine = ServerProcess.start("estuary engine", List.of(repo.resolve("estuary").toString(),
        "engine", "--data", data.toString(), "--admin-port", "0", "--log-level", "warn"), Map.of(
        "ESTUARY_ADMIN_ACCESS_KEY", accessKey, "ESTUARY_ADMIN_SECRET_KEY", secretKey,
        "ESTUARY_JAVA_OPTS", javaOpts), data.resolveSibling("engine.log"));
    try {
      engine.awaitFile(socket, Duration.ofMinutes(10));
      List<String> cmd = List.of(repo.resolve("estuary").toString(), "serve", "--backend", "unix:" + socket,
          "--data", data.resolveSibling("frontend-state").toString(), "--s3-port", Integer.toString(port),
          "--admin-port", "0", "--frontends", "s3", "--log-level", "warn");
      // S3_BENCH_NODE_BACKEND_OPTIONS (k=v,k2=v2) reaches the frontend's remote backend only, e.g.
      // direct-minimum=off for the gRPC data path as it was before descriptor passing.
      Map<String, String> env = new java.util.HashMap<>(Map.of("ESTUARY_JAVA_OPTS", javaOpts));
      String remoteOptions = System.getenv("S3_BENCH_NODE_BACKEND_OPTIONS");
      if (remoteOptions != null && !remoteOptions.isBlank()) {
        env.put("ESTUARY_BACKEND_OPTIONS", remoteOptions);
      }
      ServerProcess front = ServerProcess.start("estuary serve --backend unix:", cmd, env,
          data.resolveSibling("estuary.log"));
      ServerProcess node = ServerProcess.pair(front, engine);
      node.awaitPort(port, Duration.ofMinutes(10));
      return node;
    } catch (IOException | InterruptedException | RuntimeException e) {
      engine.close();
      throw e;
    }
  }

  /**
   * s3proxy 4.1.0 from its jar-with-dependencies, filesystem backend under {@code dir}, SigV2/V4
   * authentication with the benchmark's keys (s3proxy README and {@code S3ProxyConstants}; 4.x
   * keeps the {@code jclouds.*} property names without jclouds).
   */
  public static ServerProcess s3proxy(Path java, Path jar, Path dir, int port, String accessKey, String secretKey,
      String javaOpts) throws IOException, InterruptedException {
    Path blobs = Files.createDirectories(dir.resolve("blobs"));
    Path conf = dir.resolve("s3proxy.conf");
    Files.writeString(conf, String.join("\n",
        "s3proxy.endpoint=http://127.0.0.1:" + port,
        "s3proxy.authorization=aws-v2-or-v4",
        "s3proxy.identity=" + accessKey,
        "s3proxy.credential=" + secretKey,
        // A single 1 GiB PUT must be accepted (the default cap is 128 MiB for non-chunked SigV4 bodies).
        "s3proxy.v4-max-non-chunked-request-size=" + (8L << 30),
        "jclouds.provider=filesystem",
        "jclouds.filesystem.basedir=" + blobs,
        "jclouds.identity=" + accessKey,
        "jclouds.credential=" + secretKey,
        ""), StandardCharsets.UTF_8);
    List<String> cmd = new ArrayList<>(List.of(java.toString()));
    if (!javaOpts.isBlank()) {
      cmd.addAll(List.of(javaOpts.strip().split("\\s+")));
    }
    cmd.addAll(List.of("-jar", jar.toString(), "--properties", conf.toString()));
    ServerProcess p = ServerProcess.start("s3proxy", cmd, Map.of(), dir.resolve("s3proxy.log"));
    p.awaitPort(port, Duration.ofMinutes(2));
    return p;
  }

  /**
   * nginx (Debian) serving {@code www} on the port: static files with sendfile, no access log,
   * keep-alive: the loopback ceiling for a large GET.
   */
  public static ServerProcess nginx(Path nginx, Path dir, Path www, int port) throws IOException, InterruptedException {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    boolean root = "root".equals(System.getProperty("user.name"));
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, String.join("\n",
        root ? "user root;" : "",
        "worker_processes auto;",
        "daemon off;",
        "pid " + dir.resolve("nginx.pid") + ";",
        "error_log " + dir.resolve("error.log") + " warn;",
        "events { worker_connections 1024; }",
        "http {",
        "  access_log off;",
        "  sendfile on;",
        "  tcp_nopush on;",
        "  keepalive_requests 1000000;",
        "  client_body_temp_path " + tmp + "/body;",
        "  proxy_temp_path " + tmp + "/proxy;",
        "  fastcgi_temp_path " + tmp + "/fastcgi;",
        "  uwsgi_temp_path " + tmp + "/uwsgi;",
        "  scgi_temp_path " + tmp + "/scgi;",
        "  types { application/octet-stream bin; }",
        "  server {",
        "    listen 127.0.0.1:" + port + ";",
        "    root " + www + ";",
        "  }",
        "}",
        ""), StandardCharsets.UTF_8);
    ServerProcess p = ServerProcess.start("nginx",
        List.of(nginx.toString(), "-p", dir.toString(), "-c", conf.toString()), Map.of(), dir.resolve("nginx.out"));
    p.awaitPort(port, Duration.ofSeconds(30));
    return p;
  }
}
