package dev.estuary.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;

/** A self-signed EC certificate for 127.0.0.1 made with the JDK's keytool, as PEM files. */
record SelfSignedCert(Path cert, Path key) {
  private static final char[] PASSWORD = "changeit".toCharArray();

  static SelfSignedCert create(Path dir) throws Exception {
    Path ks = dir.resolve("tls.p12");
    Path keytool = Path.of(ProcessHandle.current().info().command().orElseThrow())
        .resolveSibling("keytool");
    Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "tls",
        "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", ks.toString(), "-storepass", "changeit", "-keypass", "changeit"))
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("keytool: %s", out).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(ks)) {
      store.load(in, PASSWORD);
    }
    SelfSignedCert pair = new SelfSignedCert(dir.resolve("tls.crt"), dir.resolve("tls.key"));
    Files.writeString(pair.cert(), pem("CERTIFICATE", store.getCertificate("tls").getEncoded()));
    Files.writeString(pair.key(), pem("PRIVATE KEY", ((PrivateKey) store.getKey("tls", PASSWORD))
        .getEncoded()));
    return pair;
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
