package dev.estuary.core.internal.admin;

import dev.estuary.core.ServerTls;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trust in exactly one server certificate, named by its SHA-256 fingerprint: how the CLI reaches
 * the admin port of the server on its own data directory. The fingerprint comes from {@code
 * run/admin.json}, which only the user running the server can read, so it is a stronger check than
 * a CA chain plus host name: a certificate is accepted when it IS the one the server wrote there,
 * whatever names it carries (a configured certificate need not name the loopback address the CLI
 * connects to). Being an {@link X509ExtendedTrustManager}, it also takes over the host-name check
 * JSSE would otherwise add (JSSE reference guide, "X509ExtendedTrustManager").
 */
final class PinnedCertificate extends X509ExtendedTrustManager {
  private final String fingerprint;

  private PinnedCertificate(String fingerprint) {
    this.fingerprint = fingerprint;
  }

  /**
   * Returns a TLS context trusting only the certificate with this fingerprint.
   *
   * @param fingerprint {@link ServerTls#fingerprint()} of the server's leaf certificate
   * @return the context
   */
  static SSLContext context(String fingerprint) {
    try {
      SSLContext c = SSLContext.getInstance("TLS");
      c.init(null, new TrustManager[] {new PinnedCertificate(fingerprint)}, null);
      return c;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS: no TLS context available (" + e.getMessage() + ")", e);
    }
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("admin port: no server certificate (expected: SHA-256 "
          + fingerprint + ")");
    }
    String got = ServerTls.fingerprint(chain[0]);
    if (!got.equalsIgnoreCase(fingerprint)) {
      throw new CertificateException("admin port: certificate SHA-256 " + got
          + " (expected: " + fingerprint + " from run/admin.json)");
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    throw new CertificateException("client certificates: not used by the CLI");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw new CertificateException("client certificates: not used by the CLI");
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw new CertificateException("client certificates: not used by the CLI");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return new X509Certificate[0];
  }
}
