package dev.estuary.core.testing;

import dev.estuary.core.ClientSession;
import dev.estuary.core.Endpoint;
import dev.estuary.core.Frontend;
import dev.estuary.core.FrontendContext;
import dev.estuary.core.FrontendOption;
import dev.estuary.core.RunningFrontend;
import dev.estuary.dfs.VolumeInfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A test-only frontend with a tiny line protocol, registered in the test resources' {@code
 * META-INF/services}, to prove the SPI end to end: {@code volumes} answers the volume names of
 * the backend it was given, {@code auth USER PASSWORD} answers the principal from the identity service,
 * {@code motd} answers its one declared option, {@code sick} makes it report unhealthy, {@code hold USER}
 * adds a client session of USER with one open file to {@link RunningFrontend#sessions()} ({@code release USER}
 * removes it), {@code brokensessions} makes {@code sessions()} throw. It listens on the context's address and port for real.
 */
public final class LineFrontend implements Frontend {
  /** Creates the frontend (ServiceLoader). */
  public LineFrontend() {}

  @Override
  public String name() {
    return "line";
  }

  @Override
  public int defaultPort() {
    return 0;
  }

  @Override
  public List<FrontendOption> options() {
    return List.of(FrontendOption.text("motd", "hello", Pattern.compile("[a-z ]{1,40}"),
        "1-40 lower-case letters and spaces", "What the motd command answers."));
  }

  @Override
  public RunningFrontend start(FrontendContext ctx) throws IOException {
    ServerSocket server = new ServerSocket();
    server.bind(new InetSocketAddress(ctx.bindAddress(), ctx.port()));
    Running running = new Running(server, ctx);
    ctx.executor().execute(running::acceptLoop);
    return running;
  }

  private static final class Running implements RunningFrontend {
    private final ServerSocket server;
    private final FrontendContext ctx;
    private volatile boolean healthy = true;
    private volatile boolean brokenSessions;
    private final java.util.Map<String, ClientSession> held = new java.util.concurrent.ConcurrentHashMap<>();

    Running(ServerSocket server, FrontendContext ctx) {
      this.server = server;
      this.ctx = ctx;
    }

    void acceptLoop() {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          ctx.executor().execute(() -> serve(s));
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serve(Socket s) {
      try (s;
          BufferedReader in = new BufferedReader(
              new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
          PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8)) {
        String line;
        while ((line = in.readLine()) != null) {
          String[] w = line.split(" ");
          switch (w[0]) {
            case "volumes" -> out.println(ctx.dfs().listVolumes().stream()
                .map(VolumeInfo::name).collect(Collectors.joining(",")));
            case "auth" -> {
              Optional<?> p = ctx.identity().authenticatePassword(w[1], w[2])
                  .map(pr -> pr.name() + " uid=" + pr.uid() + " admin=" + pr.admin());
              out.println(p.map(Object::toString).orElse("denied"));
            }
            case "motd" -> out.println(
                ctx.config().frontendOption("line", "motd").orElse("hello"));
            case "sick" -> {
              healthy = false;
              out.println("ok");
            }
            case "hold" -> {
              held.put(w[1], new ClientSession(w[1], s.getInetAddress().getHostAddress() + ":" + s.getPort(),
                  "line/1", "none", ctx.clock().instant(),
                  List.of(new ClientSession.OpenFile("line", "held\\" + w[1], "read", "-", 0))));
              out.println("ok");
            }
            case "release" -> {
              held.remove(w[1]);
              out.println("ok");
            }
            case "brokensessions" -> {
              brokenSessions = true;
              out.println("ok");
            }
            default -> out.println("unknown " + w[0]);
          }
        }
      } catch (IOException e) {
        // connection closed
      }
    }

    @Override
    public List<Endpoint> endpoints() {
      return List.of(new Endpoint("line", "tcp://" + ctx.bindAddress().getHostAddress() + ":"
          + server.getLocalPort(), "test frontend"));
    }

    @Override
    public boolean healthy() {
      return healthy;
    }

    @Override
    public List<ClientSession> sessions() {
      if (brokenSessions) {
        throw new IllegalStateException("line: sessions cannot be read (the test asked for it)");
      }
      return List.copyOf(held.values());
    }

    @Override
    public void stop(Duration drain) {
      try {
        server.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }
}
