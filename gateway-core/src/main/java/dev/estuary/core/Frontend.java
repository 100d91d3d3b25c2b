package dev.estuary.core;

/**
 * A protocol frontend (S3, SMB, NFS, the dataset service), discovered by the launcher with {@link
 * java.util.ServiceLoader}: each frontend module lists its implementation in {@code
 * META-INF/services/dev.estuary.core.Frontend}. Implementations need a public no-argument
 * constructor and must not do work before {@link #start}.
 */
public interface Frontend {

  /**
   * Returns the name administrators enable the frontend by.
   *
   * @return one of {@code s3}, {@code smb}, {@code nfs}, {@code dataset} (see {@link
   *     GatewayConfig#KNOWN_FRONTENDS})
   */
  String name();

  /**
   * Returns the port used when the configuration names none.
   *
   * @return a TCP port
   */
  int defaultPort();

  /**
   * Declares the options the frontend reads from {@link GatewayConfig#optionsOf(String)}. The
   * launcher refuses any other option of this frontend, naming the known ones, and checks every
   * configured value with {@link FrontendOption#validator()} before starting anything.
   * gateway-core's CONFIG.md documents them (each frontend module tests that it does).
   *
   * @return the options, in the order to document them; empty when the frontend has none
   */
  default java.util.List<FrontendOption> options() {
    return java.util.List.of();
  }

  /**
   * Starts serving: binds {@link FrontendContext#bindAddress()} and {@link FrontendContext#port()}
   * and returns once the listener accepts connections.
   *
   * @param context everything the frontend may use
   * @return the running frontend
   * @throws Exception if it cannot start; the launcher stops the frontends already started and
   *     exits with the message
   */
  RunningFrontend start(FrontendContext context) throws Exception;
}
