package dev.estuary.core.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.FrontendSelection;
import dev.estuary.core.GatewayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path tmp;

  private Path yaml(String text) throws IOException {
    Path f = tmp.resolve("estuary.yaml");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void defaultsWithoutAnyLayer() {
    GatewayConfig c = ConfigLoader.load(null, Map.of(), Map.of(), List.of());
    assertThat(c).isEqualTo(GatewayConfig.defaults());
    assertThat(c.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(c.adminPort()).isEqualTo(9180);
    assertThat(c.backend().name()).isEqualTo("engine");
    assertThat(c.frontends()).isEqualTo(FrontendSelection.ALL);
    assertThat(c.dataDirectory()).isEqualTo(Path.of("estuary-data"));
  }

  @Test
  void yamlOverridesDefaults() throws IOException {
    Path f = yaml("""
        data: /srv/estuary
        bind: 0.0.0.0
        admin:
          port: 9999
        backend:
          name: remote
          options:
            socket: /run/engine.sock
            cache: 64
        frontends:
          enabled: [s3, nfs]
          s3:
            port: 9001
        log:
          level: DEBUG
        """);
    GatewayConfig c = ConfigLoader.load(f, Map.of(), Map.of(), List.of());
    assertThat(c.dataDirectory()).isEqualTo(Path.of("/srv/estuary"));
    assertThat(c.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(c.adminPort()).isEqualTo(9999);
    assertThat(c.backend().name()).isEqualTo("remote");
    assertThat(c.backend().options()).containsExactlyInAnyOrderEntriesOf(
        Map.of("socket", "/run/engine.sock", "cache", "64"));
    assertThat(c.frontends().names()).containsExactly("nfs", "s3");
    assertThat(c.frontendPorts()).containsExactlyEntriesOf(Map.of("s3", 9001));
    assertThat(c.logLevel()).isEqualTo("debug");
  }

  @Test
  void environmentOverridesYamlAndFlagsOverrideEnvironment() throws IOException {
    Path f = yaml("admin:\n  port: 9001\nbind: 10.0.0.1\nbackend:\n  options: {a: 1, b: 2}\n");
    Map<String, String> env = Map.of("ESTUARY_ADMIN_PORT", "9002", "ESTUARY_BIND", "10.0.0.2",
        "ESTUARY_BACKEND_OPTIONS", "b=env,c=env", "ESTUARY_S3_PORT", "7000",
        "ESTUARY_FRONTENDS", "none");
    GatewayConfig fromEnv = ConfigLoader.load(f, env, Map.of(), List.of());
    assertThat(fromEnv.adminPort()).isEqualTo(9002);
    assertThat(fromEnv.bindAddress()).isEqualTo("10.0.0.2");
    assertThat(fromEnv.frontends()).isEqualTo(FrontendSelection.NONE);
    assertThat(fromEnv.frontendPorts()).containsEntry("s3", 7000);
    assertThat(fromEnv.backend().options())
        .containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "env", "c", "env"));

    GatewayConfig fromFlags = ConfigLoader.load(f, env,
        Map.of(ConfigKey.ADMIN_PORT, "9003", ConfigKey.FRONTENDS, "smb"),
        List.of("c=flag"), List.of(), Map.of("s3", "0"), Map.of());
    assertThat(fromFlags.adminPort()).isEqualTo(9003);
    assertThat(fromFlags.bindAddress()).isEqualTo("10.0.0.2");
    assertThat(fromFlags.frontendPorts()).containsEntry("s3", 0);
    assertThat(fromFlags.frontends().names()).containsExactly("smb");
    assertThat(fromFlags.backend().options()).containsEntry("c", "flag").containsEntry("a", "1");
  }

  @Test
  void frontendOptionsLayerKeyByKeyAndNeedAKnownFrontend() throws IOException {
    Path f = yaml("""
        frontends:
          options:
            dataset:
              tls-cert: /etc/c.pem
              tls-key: /etc/k.pem
            s3.region: eu-1
        """);
    GatewayConfig c = ConfigLoader.load(f, Map.of("ESTUARY_FRONTEND_OPTIONS", "dataset.tls-key=/env/k.pem"),
        Map.of(), List.of(), List.of("dataset.max-batch-paths=8"));
    assertThat(c.frontendOptions()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "dataset.tls-cert", "/etc/c.pem", "dataset.tls-key", "/env/k.pem",
        "dataset.max-batch-paths", "8", "s3.region", "eu-1"));
    assertThat(c.optionsOf("dataset")).containsExactlyInAnyOrderEntriesOf(Map.of(
        "tls-cert", "/etc/c.pem", "tls-key", "/env/k.pem", "max-batch-paths", "8"));
    assertThat(GatewayConfig.defaults().optionsOf("dataset")).isEmpty();
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of(), List.of(), List.of("ftp.x=1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("frontends.options: 'ftp.x' (from flag --frontend-option; expected: frontend.key");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of(), List.of(), List.of("dataset")))
        .hasMessageContaining("expected: frontend.key=value");
  }

  @Test
  void frontendKeysAreGenericAndKeepTheirOldSpellings() throws IOException {
    // frontends.<f>.<option> in YAML, ESTUARY_<F>_<OPTION> for declared options, --<f>-port.
    Path f = yaml("frontends:\n  s3:\n    port: 9000\n    region: eu-west-1\n");
    Map<String, java.util.Set<String>> declared =
        Map.of("s3", java.util.Set.of("region", "domain"), "dataset", java.util.Set.of("io-threads"));
    GatewayConfig c = ConfigLoader.load(f, Map.of("ESTUARY_S3_DOMAIN", "s3.example.com",
        "ESTUARY_DATASET_IO_THREADS", "12", "ESTUARY_DATASET_PORT", "9191"),
        Map.of(), List.of(), List.of(), Map.of(), declared);
    assertThat(c.frontendOption("s3", "region")).hasValue("eu-west-1");
    assertThat(c.frontendOption("s3", "domain")).hasValue("s3.example.com");
    assertThat(c.frontendOption("dataset", "io-threads")).hasValue("12");
    assertThat(c.frontendPorts()).containsExactlyInAnyOrderEntriesOf(
        Map.of("s3", 9000, "dataset", 9191));
    // Flags win over the environment, which wins over the file.
    GatewayConfig flags = ConfigLoader.load(f, Map.of("ESTUARY_S3_REGION", "eu-2"), Map.of(),
        List.of(), List.of("s3.region=ap-south-1"), Map.of("s3", "7000"), declared);
    assertThat(flags.frontendOption("s3", "region")).hasValue("ap-south-1");
    assertThat(flags.frontendPorts()).containsEntry("s3", 7000);
    assertThat(ConfigLoader.load(f, Map.of("ESTUARY_S3_REGION", "eu-2"), Map.of(), List.of(),
        List.of(), Map.of(), declared).frontendOption("s3", "region")).hasValue("eu-2");
    // An undeclared option has no environment variable.
    assertThat(ConfigLoader.load(null, Map.of("ESTUARY_S3_COLOUR", "blue"), Map.of(), List.of(),
        List.of(), Map.of(), declared).frontendOptions()).isEmpty();
    assertThat(GatewayConfig.defaults().frontendOption("s3", "region")).isEmpty();
    assertThat(ConfigLoader.envName("dataset", "max-batch-paths"))
        .isEqualTo("ESTUARY_DATASET_MAX_BATCH_PATHS");
    Path bad = yaml("frontends:\n  s3: 9000\n");
    assertThatThrownBy(() -> ConfigLoader.load(bad, Map.of(), Map.of(), List.of()))
        .hasMessageContaining("frontends.s3 is not a mapping");
    Path unknown = yaml("frontends:\n  ftp:\n    port: 21\n");
    assertThatThrownBy(() -> ConfigLoader.load(unknown, Map.of(), Map.of(), List.of()))
        .hasMessageContaining("unknown key 'frontends.ftp'")
        .hasMessageContaining("frontends.<frontend>.port");
  }

  @Test
  void unknownYamlKeyNamesTheKey() throws IOException {
    Path f = yaml("admin:\n  prot: 9000\n");
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of(), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'admin.prot'")
        .hasMessageContaining("admin.port");
    Path g = yaml("colour: blue\n");
    assertThatThrownBy(() -> ConfigLoader.load(g, Map.of(), Map.of(), List.of()))
        .hasMessageContaining("unknown key 'colour'");
  }

  @Test
  void anEngineDaemonsAddressIsTheRemoteBackendFromEveryLayer() throws IOException {
    Path f = yaml("backend:\n  name: unix:/srv/estuary/run/engine.sock\n");
    GatewayConfig fromYaml = ConfigLoader.load(f, Map.of(), Map.of(), List.of());
    assertThat(fromYaml.backend().name()).isEqualTo("remote");
    assertThat(fromYaml.backend().options())
        .containsEntry("endpoint", "unix:/srv/estuary/run/engine.sock");
    GatewayConfig fromEnv = ConfigLoader.load(null,
        Map.of("ESTUARY_BACKEND", "tcp://10.0.0.5:9190",
            "ESTUARY_BACKEND_OPTIONS", "token-file=/etc/estuary/token"), Map.of(), List.of());
    assertThat(fromEnv.backend().name()).isEqualTo("remote");
    assertThat(fromEnv.backend().options()).containsEntry("endpoint", "tcp://10.0.0.5:9190")
        .containsEntry("token-file", "/etc/estuary/token");
    GatewayConfig fromFlag = ConfigLoader.load(f, Map.of(),
        Map.of(ConfigKey.BACKEND, "unix:/run/other.sock"), List.of());
    assertThat(fromFlag.backend().options()).containsEntry("endpoint", "unix:/run/other.sock");
    // Two different endpoints in one configuration is a contradiction, not a silent choice.
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(),
        Map.of(ConfigKey.BACKEND, "unix:/a.sock"), List.of("endpoint=unix:/b.sock")))
        .hasMessageContaining("unix:/a.sock").hasMessageContaining("endpoint=unix:/b.sock");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(),
        Map.of(ConfigKey.BACKEND, "Engine!"), List.of()))
        .hasMessageContaining("'Engine!'").hasMessageContaining("unix:/path");
  }

  @Test
  void badPortNamesKeyValueSourceAndExpectation() {
    assertThatThrownBy(() ->
        ConfigLoader.load(null, Map.of("ESTUARY_ADMIN_PORT", "abc"), Map.of(), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("admin.port: 'abc' (from environment ESTUARY_ADMIN_PORT; expected: a port"
            + " number 0-65535)");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of(), List.of(), List.of(),
        Map.of("nfs", "70000"), Map.of()))
        .hasMessage("frontends.nfs.port: '70000' (from flag --nfs-port; expected: a port number"
            + " 0-65535)");
    assertThatThrownBy(() ->
        ConfigLoader.load(null, Map.of("ESTUARY_S3_PORT", "x"), Map.of(), List.of()))
        .hasMessage("frontends.s3.port: 'x' (from environment ESTUARY_S3_PORT; expected: a port"
            + " number 0-65535)");
  }

  @Test
  void unknownFrontendIsNamed() throws IOException {
    Path f = yaml("frontends:\n  enabled: [s3, ftp]\n");
    assertThatThrownBy(() -> ConfigLoader.load(f, Map.of(), Map.of(), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown frontend 'ftp'")
        .hasMessageContaining("dataset, nfs, s3, smb");
  }

  @Test
  void badLogLevelBackendOptionAndFile() throws IOException {
    assertThatThrownBy(() ->
        ConfigLoader.load(null, Map.of("ESTUARY_LOG_LEVEL", "loud"), Map.of(), List.of()))
        .hasMessageContaining("log.level: 'loud'")
        .hasMessageContaining("error, warn, info, debug, trace");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of(), Map.of(), List.of("novalue")))
        .hasMessageContaining("backend.options: 'novalue' (from flag --backend-option; expected:"
            + " key=value)");
    assertThatThrownBy(() ->
        ConfigLoader.load(tmp.resolve("missing.yaml"), Map.of(), Map.of(), List.of()))
        .hasMessageContaining("missing.yaml does not exist");
    Path bad = yaml("admin: [unclosed\n");
    assertThatThrownBy(() -> ConfigLoader.load(bad, Map.of(), Map.of(), List.of()))
        .hasMessageContaining("is not valid YAML");
    Path nested = yaml("bind:\n  host: x\n");
    assertThatThrownBy(() -> ConfigLoader.load(nested, Map.of(), Map.of(), List.of()))
        .hasMessageContaining("bind (expected: a single value, not object)");
  }

  @Test
  void emptyYamlConfiguresNothing() throws IOException {
    assertThat(ConfigLoader.load(yaml(""), Map.of(), Map.of(), List.of()))
        .isEqualTo(GatewayConfig.defaults());
  }
}
