package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.internal.identity.SecureFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jspecify.annotations.Nullable;

/**
 * The certificate and private key a TLS listener (the S3 port, the admin port) presents: either
 * PEM files an administrator configured, or a self-signed certificate Estuary generated into the
 * data directory at first start and reuses afterwards. Clients trust the generated one by its
 * SHA-256 fingerprint (printed at start-up and by {@code estuary status}) or by importing the file
 * ({@code aws --ca-bundle <data>/tls/estuary.crt}).
 *
 * @param certificateChain the certificate chain, leaf first
 * @param privateKey the leaf's private key
 * @param certificateFile where the chain was read from (what clients import)
 * @param generated whether Estuary generated the certificate
 */
public record ServerTls(List<X509Certificate> certificateChain, PrivateKey privateKey,
    Path certificateFile, boolean generated) {

  /** The file name of the generated certificate under {@link #directory(Path)}. */
  public static final String GENERATED_CERTIFICATE = "estuary.crt";
  /** The file name of the generated private key (mode 0600) under {@link #directory(Path)}. */
  public static final String GENERATED_KEY = "estuary.key";

  /** The names every generated certificate carries: a loopback client always verifies. */
  private static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "::1");
  /**
   * Life of a generated certificate. 825 days is the longest the CA/Browser Forum ever allowed a
   * TLS server certificate; it is renewed at start once less than {@link #RENEW_BEFORE} is left.
   */
  private static final Duration LIFETIME = Duration.ofDays(825);
  private static final Duration RENEW_BEFORE = Duration.ofDays(30);
  private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

  /** Whether a listener speaks TLS, as configured ({@code auto}, {@code on}, {@code off}). */
  public enum Mode {
    /**
     * TLS unless the listener is bound to a loopback address: nothing leaves the host in clear
     * text unless an administrator says {@code off}, and a local development run stays plain
     * HTTP so the quick start needs no certificate.
     */
    AUTO,
    /** Always TLS. */
    ON,
    /** Never TLS (plain HTTP even on a public address; the administrator's explicit choice). */
    OFF;

    /**
     * Parses a configured value.
     *
     * @param value {@code auto}, {@code on} or {@code off} (also {@code true}/{@code false})
     * @return the mode
     * @throws IllegalArgumentException naming the value and what was expected
     */
    public static Mode parse(String value) {
      return switch (value.strip().toLowerCase(Locale.ROOT)) {
        case "auto" -> AUTO;
        case "on", "true" -> ON;
        case "off", "false" -> OFF;
        default -> throw new IllegalArgumentException(
            "TLS mode: '" + value + "' (expected: auto, on or off)");
      };
    }

    /**
     * Returns whether a listener on this address speaks TLS.
     *
     * @param bind the listening address
     * @return true for TLS
     */
    public boolean enabledOn(InetAddress bind) {
      return switch (this) {
        case ON -> true;
        case OFF -> false;
        case AUTO -> !bind.isLoopbackAddress();
      };
    }
  }

  /**
   * The TLS configuration of one listener.
   *
   * @param mode whether it speaks TLS
   * @param certificate a configured PEM certificate chain, or null for a generated one
   * @param key the configured PEM private key of that certificate, or null
   */
  public record Settings(Mode mode, @Nullable Path certificate, @Nullable Path key) {
    /** TLS off loopback with a generated certificate: the default. */
    public static final Settings AUTO = new Settings(Mode.AUTO, null, null);

    /** Validates the components. */
    public Settings {
      requireNonNull(mode, "mode");
    }
  }

  /** Validates and copies the components. */
  public ServerTls {
    certificateChain = List.copyOf(certificateChain);
    requireNonNull(privateKey, "privateKey");
    requireNonNull(certificateFile, "certificateFile");
    if (certificateChain.isEmpty()) {
      throw new IllegalArgumentException("certificateChain: empty (expected: the leaf first)");
    }
  }

  /**
   * Returns where generated certificates live in a data directory.
   *
   * @param dataDirectory the data directory
   * @return {@code <data>/tls}
   */
  public static Path directory(Path dataDirectory) {
    return dataDirectory.resolve("tls");
  }

  /**
   * Decides the TLS material of one listener from its configuration.
   *
   * @param what the listener for messages, e.g. {@code s3} or {@code admin}
   * @param mode whether to use TLS
   * @param certificate a configured PEM certificate chain, or null
   * @param key a configured PEM private key, or null
   * @param bind the listening address
   * @param dataDirectory where a generated certificate lives
   * @param hostNames further names a generated certificate must carry (the bind address and
   *     loopback names are always in it)
   * @param clock the time source of a generated certificate's validity
   * @return the material, or empty for plain HTTP
   * @throws IllegalArgumentException when only one of certificate and key is given, or they
   *     cannot be used (naming the file and what was expected)
   */
  public static Optional<ServerTls> forListener(String what, Mode mode, @Nullable Path certificate,
      @Nullable Path key, InetAddress bind, Path dataDirectory, Collection<String> hostNames,
      Clock clock) {
    if ((certificate == null) != (key == null)) {
      throw new IllegalArgumentException(what + ": TLS certificate and key: only "
          + (certificate == null ? "the key" : "the certificate")
          + " is configured (expected: both tls-cert and tls-key, or neither)");
    }
    if (!mode.enabledOn(bind)) {
      return Optional.empty();
    }
    if (certificate != null && key != null) {
      return Optional.of(fromFiles(certificate, key));
    }
    Set<String> names = new LinkedHashSet<>(hostNames);
    if (!bind.isAnyLocalAddress()) {
      names.add(bind.getHostAddress());
    }
    return Optional.of(generated(directory(dataDirectory), names, clock, new SecureRandom()));
  }

  /**
   * Reads a configured certificate chain and private key (PEM; the key PKCS#8, PKCS#1 or SEC1)
   * and checks that the key belongs to the certificate.
   *
   * @param certificate the PEM certificate chain, leaf first
   * @param key the PEM private key
   * @return the material
   * @throws IllegalArgumentException naming the file and what was expected
   */
  public static ServerTls fromFiles(Path certificate, Path key) {
    List<X509Certificate> chain = readCertificates(certificate);
    PrivateKey pk = readKey(key);
    if (!matches(pk, chain.getFirst())) {
      throw new IllegalArgumentException("TLS key: " + key + " does not belong to the certificate"
          + " in " + certificate + " (expected: the private key of its first certificate)");
    }
    return new ServerTls(chain, pk, certificate, false);
  }

  /**
   * Returns the generated self-signed certificate of a directory, generating it when there is
   * none, when it lacks one of {@code names}, or when it expires within 30 days. A new one
   * carries the loopback names, {@code names} and the names of the one it replaces.
   *
   * @param dir the directory ({@link #directory(Path)}), created 0700 if missing
   * @param names the host names and addresses the certificate must carry
   * @param clock the time source of its validity
   * @param random the randomness of the key and serial number
   * @return the material
   * @throws IllegalStateException if the files cannot be read or written
   */
  public static synchronized ServerTls generated(Path dir, Collection<String> names, Clock clock,
      SecureRandom random) {
    Path certFile = dir.resolve(GENERATED_CERTIFICATE);
    Path keyFile = dir.resolve(GENERATED_KEY);
    Set<String> wanted = new LinkedHashSet<>();
    for (String n : LOOPBACK_NAMES) {
      wanted.add(normalise(n));
    }
    for (String n : names) {
      wanted.add(normalise(n));
    }
    Instant now = clock.instant();
    if (Files.exists(certFile) && Files.exists(keyFile)) {
      ServerTls existing = fromFiles(certFile, keyFile);
      Set<String> has = subjectAltNames(existing.leaf());
      boolean fresh = existing.leaf().getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE));
      if (fresh && has.containsAll(wanted)) {
        return new ServerTls(existing.certificateChain(), existing.privateKey(), certFile, true);
      }
      has.addAll(wanted);
      wanted = has;
    }
    try {
      SecureFiles.ensurePrivateDirectory(dir);
      KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
      gen.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair pair = gen.generateKeyPair();
      X509Certificate cert = selfSign(pair, wanted, now, random);
      // The key first: a certificate on disk without its key would be unusable at next start.
      SecureFiles.writeAtomically(keyFile, pem(pair.getPrivate()));
      SecureFiles.writeAtomically(certFile, pem(cert));
      return new ServerTls(List.of(cert), pair.getPrivate(), certFile, true);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "TLS: cannot generate a certificate in " + dir + " (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Returns the SHA-256 fingerprint of the certificate generated in a data directory, if there is
   * one (for {@code estuary status}, also while no server runs).
   *
   * @param dataDirectory the data directory
   * @return the fingerprint, or empty when none was generated or it cannot be read
   */
  public static Optional<String> generatedFingerprint(Path dataDirectory) {
    Path cert = directory(dataDirectory).resolve(GENERATED_CERTIFICATE);
    if (!Files.isReadable(cert)) {
      return Optional.empty();
    }
    try {
      return Optional.of(fingerprint(readCertificates(cert).getFirst()));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * Returns the leaf certificate.
   *
   * @return the first certificate of the chain
   */
  public X509Certificate leaf() {
    return certificateChain.getFirst();
  }

  /**
   * Returns the SHA-256 fingerprint of the leaf certificate as {@code openssl x509 -fingerprint
   * -sha256} prints it.
   *
   * @return e.g. {@code 3A:F1:...} (32 bytes, upper-case hex, colon separated)
   */
  public String fingerprint() {
    return fingerprint(leaf());
  }

  /**
   * Returns the SHA-256 fingerprint of a certificate.
   *
   * @param certificate the certificate
   * @return upper-case hex bytes separated by colons
   */
  public static String fingerprint(X509Certificate certificate) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 or certificate encoding unavailable", e);
    }
  }

  /**
   * Returns the note printed next to a TLS endpoint.
   *
   * @return e.g. {@code TLS, self-signed certificate <data>/tls/estuary.crt SHA-256 3A:F1:...}
   */
  public String describe() {
    return "TLS, " + (generated ? "self-signed certificate " : "certificate ") + certificateFile
        + " SHA-256 " + fingerprint();
  }

  @Override
  public String toString() {
    return "ServerTls[certificateFile=" + certificateFile + ", generated=" + generated
        + ", sha256=" + fingerprint() + ", privateKey=<redacted>]";
  }

  private static X509Certificate selfSign(KeyPair pair, Set<String> names, Instant now,
      SecureRandom random) throws GeneralSecurityException, IOException {
    X500Name subject = new X500Name("CN=Estuary self-signed");
    List<GeneralName> alt = new ArrayList<>();
    for (String n : names) {
      alt.add(isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n)
          : new GeneralName(GeneralName.dNSName, n));
    }
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject,
        new BigInteger(127, random).add(BigInteger.ONE),
        // An hour back: a client whose clock is slightly behind still accepts it.
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(LIFETIME)), subject,
        pair.getPublic());
    // RFC 6125 §6.4.4: clients match names against subjectAltName only once it is present.
    b.addExtension(Extension.subjectAlternativeName, false,
        new GeneralNames(alt.toArray(GeneralName[]::new)));
    b.addExtension(Extension.subjectKeyIdentifier, false,
        ext.createSubjectKeyIdentifier(pair.getPublic()));
    b.addExtension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
    try {
      X509CertificateHolder h = b.build(
          new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
      return new JcaX509CertificateConverter().getCertificate(h);
    } catch (org.bouncycastle.operator.OperatorCreationException e) {
      throw new GeneralSecurityException(e.getMessage(), e);
    }
  }

  private static List<X509Certificate> readCertificates(Path file) {
    try (InputStream in = new ByteArrayInputStream(Files.readAllBytes(file))) {
      List<X509Certificate> out = new ArrayList<>();
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException("TLS certificate: " + file
            + " holds no certificate (expected: PEM -----BEGIN CERTIFICATE-----)");
      }
      return out;
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("TLS certificate: " + file
          + " does not exist (expected: a PEM certificate chain)", e);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("TLS certificate: " + file + " cannot be read ("
          + e.getMessage() + "; expected: a PEM certificate chain)", e);
    }
  }

  private static PrivateKey readKey(Path file) {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
        PEMParser p = new PEMParser(r)) {
      Object o = p.readObject();
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      if (o instanceof PrivateKeyInfo info) {
        return conv.getPrivateKey(info);
      }
      if (o instanceof PEMKeyPair kp) {
        return conv.getKeyPair(kp).getPrivate();
      }
      throw new IllegalArgumentException("TLS key: " + file + " holds "
          + (o == null ? "no PEM object" : o.getClass().getSimpleName())
          + " (expected: an unencrypted PEM private key, -----BEGIN PRIVATE KEY-----)");
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("TLS key: " + file
          + " does not exist (expected: a PEM private key)", e);
    } catch (IOException e) {
      throw new IllegalArgumentException("TLS key: " + file + " cannot be read ("
          + e.getMessage() + "; expected: an unencrypted PEM private key)", e);
    }
  }

  /** Whether the key signs what the certificate's public key verifies. */
  private static boolean matches(PrivateKey key, X509Certificate cert) {
    String alg = switch (key.getAlgorithm()) {
      case "EC", "ECDSA" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> null;
    };
    if (alg == null) {
      return true; // an algorithm this check does not know is left to the TLS stack to refuse
    }
    try {
      byte[] probe = "estuary key check".getBytes(StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(alg);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(alg);
      v.initVerify(cert.getPublicKey());
      v.update(probe);
      return v.verify(sig);
    } catch (GeneralSecurityException e) {
      return false; // e.g. an RSA key with an EC certificate
    }
  }

  private static Set<String> subjectAltNames(X509Certificate cert) {
    Set<String> out = new LinkedHashSet<>();
    try {
      Collection<List<?>> alt = cert.getSubjectAlternativeNames();
      if (alt != null) {
        for (List<?> entry : alt) {
          out.add(normalise(String.valueOf(entry.get(1))));
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      // no names: the certificate is replaced
    }
    return out;
  }

  /** Host names compare case-insensitively; IPv6 literals in Java's full form (as in SANs). */
  private static String normalise(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    if (n.startsWith("[") && n.endsWith("]")) {
      n = n.substring(1, n.length() - 1);
    }
    if (n.contains(":")) {
      try {
        return InetAddress.ofLiteral(n).getHostAddress();
      } catch (IllegalArgumentException e) {
        return n;
      }
    }
    return n;
  }

  private static boolean isIpLiteral(String n) {
    return n.contains(":") || IPV4.matcher(n).matches();
  }

  private static byte[] pem(Object o) throws IOException {
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      if (o instanceof PrivateKey k) {
        // PKCS#8 ("BEGIN PRIVATE KEY"): what Netty, curl and openssl all read.
        pw.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null));
      } else {
        pw.writeObject(o);
      }
    }
    return w.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
