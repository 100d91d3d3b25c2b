package dev.estuary.smb;

import dev.estuary.core.AccessChecker;
import dev.estuary.core.ClientSession;
import dev.estuary.core.Endpoint;
import dev.estuary.core.Frontend;
import dev.estuary.core.FrontendContext;
import dev.estuary.core.FrontendOption;
import dev.estuary.core.RunningFrontend;
import dev.estuary.smb.internal.auth.NtlmServer;
import dev.estuary.smb.internal.codec.CodecLimits;
import dev.estuary.smb.internal.crypto.CryptoWarmup;
import dev.estuary.smb.internal.ops.ServerServices;
import dev.estuary.smb.internal.server.SmbServer;
import dev.estuary.smb.internal.state.Oplocks;
import dev.estuary.smb.internal.state.SmbSettings;
import dev.estuary.smb.internal.state.TimerScheduler;
import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMB 2/3 frontend ({@code smb}, default port 445): every volume a user has a grant on is a share of
 * the same name, plus IPC$ with srvsvc for share browsing. Sessions authenticate with NTLMv2 against the
 * identity service's NT hashes and are signed (unless {@code signing-required} is turned off); encryption
 * is required per share
 * ({@code encrypt-shares}) or for every session ({@code encryption-required}). The ServerGuid is drawn once
 * per installation and kept in {@code <data>/smb/server-guid}, so clients see the same server across
 * restarts ([MS-SMB2] 3.3.1.5). Options are documented in gateway-core CONFIG.md.
 */
public final class SmbFrontend implements Frontend {
  /** The frontend name. */
  public static final String NAME = "smb";
  /** The default port: Direct TCP ([MS-SMB2] 2.1), the only port Windows connects to by default. */
  public static final int DEFAULT_PORT = 445;

  static final FrontendOption NETBIOS_NAME = FrontendOption.text("netbios-name", "ESTUARY",
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,14}"), "1-15 letters, digits or -, starting with a letter or digit",
      "Server name announced in the NTLM challenge and by srvsvc (NetrServerGetInfo); upper-cased.");
  static final FrontendOption WORKGROUP = FrontendOption.text("workgroup", "WORKGROUP",
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,14}"), "1-15 letters, digits or -, starting with a letter or digit",
      "NetBIOS domain (workgroup) announced in the NTLM challenge; upper-cased.");
  static final FrontendOption ENCRYPT_SHARES = FrontendOption.text("encrypt-shares", "(none)",
      Pattern.compile("[^,\\s]+(,[^,\\s]+)*"), "volume names separated by commas",
      "Volumes whose shares require encryption (SMB 3.x with a common cipher); other clients are refused at"
          + " TREE_CONNECT with STATUS_ACCESS_DENIED.");
  static final FrontendOption ENCRYPTION_REQUIRED = FrontendOption.text("encryption-required", "false",
      Pattern.compile("true|false"), "true or false",
      "Every session must encrypt: clients that cannot (SMB 2.x, no common cipher) are refused at SESSION_SETUP"
          + " and unencrypted requests are refused.");
  static final FrontendOption SIGNING_REQUIRED = FrontendOption.text("signing-required", "true",
      Pattern.compile("true|false"), "true or false",
      "Every session must sign every message (Windows 11 24H2 expects it). false lets clients that do not ask"
          + " for signing send unsigned requests; signed requests are still verified and answered signed.");
  static final FrontendOption MAX_CONNECTIONS = FrontendOption.integer("max-connections", "1024", 1, 1_000_000,
      "Most connections served at once; further ones are closed on accept.");
  static final FrontendOption MAX_SESSIONS = FrontendOption.integer("max-sessions", "64", 1, 65_535,
      "Most sessions one connection may hold (STATUS_INSUFFICIENT_RESOURCES beyond).");
  static final FrontendOption MAX_TREES = FrontendOption.integer("max-trees", "256", 1, 65_535,
      "Most tree connects one session may hold (STATUS_INSUFFICIENT_RESOURCES beyond).");
  static final FrontendOption MAX_OPENS = FrontendOption.integer("max-opens", "65520", 1, 1_000_000,
      "Most opens (files and pipes) one session may hold (STATUS_INSUFFICIENT_RESOURCES beyond).");
  static final FrontendOption MAX_CREDITS = FrontendOption.integer("max-credits", "8192", 1, 8192,
      "Most credits a client may hold, so how many requests it may have in flight (Samba's smb2 max credits).");

  static final FrontendOption BREAK_TIMEOUT_MS = FrontendOption.integer("oplock-break-timeout-ms", "35000", 1,
      600_000, "How long an oplock or lease break waits for the client's acknowledgment before the waiting"
      + " open goes on anyway (milliseconds; Windows waits 35 s).");

  private static final List<FrontendOption> OPTIONS = List.of(NETBIOS_NAME, WORKGROUP, ENCRYPT_SHARES,
      ENCRYPTION_REQUIRED, SIGNING_REQUIRED, MAX_CONNECTIONS, MAX_SESSIONS, MAX_TREES, MAX_OPENS, MAX_CREDITS,
      BREAK_TIMEOUT_MS);

  private static final Logger log = LoggerFactory.getLogger(SmbFrontend.class);

  /** How long {@code estuary status} waits for the connections' session views. */
  private static final Duration SESSIONS_BOUND = Duration.ofSeconds(2);

  /** Frames one connection may have waiting before its socket stops being read. */
  private static final int MAX_QUEUED_FRAMES = 64;

  /** Creates the frontend (used by {@link java.util.ServiceLoader}); it does nothing until {@link #start}. */
  public SmbFrontend() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int defaultPort() {
    return DEFAULT_PORT;
  }

  @Override
  public List<FrontendOption> options() {
    return OPTIONS;
  }

  @Override
  public RunningFrontend start(FrontendContext context) throws Exception {
    SmbSettings settings = settings(context.config().optionsOf(NAME),
        ServerGuidFile.load(context.config().dataDirectory().resolve(Path.of("smb", "server-guid")),
            new SecureRandom()));
    TimerScheduler timer = new TimerScheduler();
    Oplocks oplocks = new Oplocks(timer, Duration.ofMillis(intValue(context.config().optionsOf(NAME),
        BREAK_TIMEOUT_MS)));
    ServerServices services = ServerServices.of(context.identity(), new AccessChecker(context.authorizer()),
        context.dfs(), context.clock(), new SecureRandom(), settings, oplocks);
    SmbServer server;
    try {
      server = SmbServer.start(services, context.requestMetrics(NAME), context.executor(), context.bindAddress(),
          context.port());
    } catch (Exception e) {
      if (e instanceof SocketException) {
        // 445 is below 1024: name the way out instead of a bare "Permission denied".
        throw new IOException("smb port " + context.port() + " on " + context.bindAddress().getHostAddress() + ": "
            + e.getMessage() + " (expected: a free port this process may bind; ports below 1024 need root or"
            + " CAP_NET_BIND_SERVICE, --smb-port picks another)", e);
      }
      timer.close();
      throw e;
    }
    // Compiles the signing and sealing code before the first transfer needs it (see CryptoWarmup), on the
    // gateway's executor so the server is serving meanwhile.
    context.executor().execute(() -> {
      try {
        CryptoWarmup.run();
      } catch (RuntimeException e) {
        log.warn("smb crypto warm-up failed (signing and sealing run cold until compiled)", e);
      }
    });
    String host = context.bindAddress().getHostAddress();
    String url = "smb://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + server.address().getPort();
    List<Endpoint> endpoints = List.of(new Endpoint(NAME, url, "SMB 2.0.2-3.1.1"
        + (settings.signingRequired() ? ", signing required" : "") + (settings.encryptSessions()
        ? ", encryption required" : "")));
    return new RunningFrontend() {
      @Override
      public List<Endpoint> endpoints() {
        return endpoints;
      }

      @Override
      public List<ClientSession> sessions() {
        return server.sessions(SESSIONS_BOUND);
      }

      @Override
      public void stop(Duration drain) {
        server.stop(drain);
        timer.close();
      }
    };
  }

  /** The settings from the configured options (already validated by the launcher) and the ServerGuid. */
  static SmbSettings settings(Map<String, String> options, dev.estuary.smb.internal.codec.Bytes serverGuid) {
    String netbios = value(options, NETBIOS_NAME).toUpperCase(Locale.ROOT);
    String workgroup = value(options, WORKGROUP).toUpperCase(Locale.ROOT);
    String shares = options.get(ENCRYPT_SHARES.name());
    Set<String> encrypted = shares == null ? Set.of()
        : Arrays.stream(shares.split(",")).collect(Collectors.toUnmodifiableSet());
    return new SmbSettings(serverGuid, new NtlmServer.Names(netbios, workgroup, netbios.toLowerCase(Locale.ROOT),
        workgroup.toLowerCase(Locale.ROOT)), CodecLimits.DEFAULT, intValue(options, MAX_CONNECTIONS),
        intValue(options, MAX_CREDITS), intValue(options, MAX_SESSIONS), intValue(options, MAX_TREES),
        MAX_QUEUED_FRAMES, encrypted, intValue(options, MAX_OPENS),
        Boolean.parseBoolean(value(options, ENCRYPTION_REQUIRED)), Boolean.parseBoolean(value(options,
        SIGNING_REQUIRED)));
  }

  private static String value(Map<String, String> options, FrontendOption o) {
    return options.getOrDefault(o.name(), o.defaultValue()).strip();
  }

  private static int intValue(Map<String, String> options, FrontendOption o) {
    return Integer.parseInt(value(options, o));
  }
}
