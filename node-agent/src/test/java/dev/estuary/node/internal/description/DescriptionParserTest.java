package dev.estuary.node.internal.description;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DescriptionParserTest {
  private static final String MINIMAL = """
      name: n1
      dataDirectory: /srv/estuary
      engine: {image: localhost/estuary-engine:1}
      frontends:
        s3: {image: localhost/estuary-s3:1}
        dataset: {image: localhost/estuary-dataset:1}
      """;

  private static NodeDescription parse(String yaml) {
    return new DescriptionParser().parse(yaml, "t.yaml");
  }

  private static void refused(String yaml, String message) {
    assertThatThrownBy(() -> parse(yaml)).isInstanceOf(DescriptionException.class)
        .hasMessage("node description t.yaml: " + message);
  }

  @Test
  void defaults() {
    NodeDescription n = parse(MINIMAL);
    assertThat(n.name()).isEqualTo("n1");
    assertThat(n.stateDirectory()).isEqualTo(Path.of("/srv/estuary-node"));
    assertThat(n.socketDirectory()).isEqualTo(Path.of("/srv/estuary-node/socket"));
    assertThat(n.podmanSocket()).isEqualTo(Path.of("/run/podman/podman.sock"));
    assertThat(n.bindAddress()).isEqualTo("0.0.0.0");
    assertThat(n.agentBind()).isEqualTo("127.0.0.1");
    assertThat(n.agentPort()).isEqualTo(9470);
    assertThat(n.roles()).extracting(NodeDescription.RoleSpec::role)
        .containsExactly(Role.ENGINE, Role.S3, Role.DATASET);
    NodeDescription.RoleSpec s3 = n.role(Role.S3);
    assertThat(s3).isNotNull();
    assertThat(s3.port()).isEqualTo(9000);
    assertThat(s3.adminPort()).isEqualTo(9181);
    assertThat(n.role(Role.DATASET).port()).isEqualTo(9190);
    assertThat(n.role(Role.ENGINE).port()).isZero();
    assertThat(n.role(Role.ENGINE).adminPort()).isEqualTo(9180);
    assertThat(n.supervision().backoffInitial()).isEqualTo(Duration.ofSeconds(1));
    assertThat(n.supervision().backoffMax()).isEqualTo(Duration.ofSeconds(60));
    assertThat(n.role(Role.SMB)).isNull();
  }

  @Test
  void everyField() {
    NodeDescription n = parse("""
        name: node-2
        dataDirectory: /data/e
        stateDirectory: /var/lib/estuary-node
        podmanSocket: /tmp/p.sock
        bindAddress: 10.0.0.5
        agent: {bind: 0.0.0.0, port: 9500}
        supervision: {probeInterval: 500ms, probeTimeout: 2s, unhealthyAfter: 5, startGrace: 2m,
          backoffInitial: 2s, backoffMax: 1h, backoffReset: 10m, stopTimeout: 30s}
        engine: {image: e:1, adminPort: 9300, cpus: 2.5, memory: 4g, env: {JAVA_OPTS: -Xmx2g}}
        frontends:
          nfs: {image: n:1, port: 2050, adminPort: 9301, memory: 512MiB, args: [--log-level, debug]}
          smb: {image: s:1, command: [serve, --x], mounts: {/etc/ssl: /tls}}
        """);
    assertThat(n.stateDirectory()).isEqualTo(Path.of("/var/lib/estuary-node"));
    assertThat(n.supervision().backoffMax()).isEqualTo(Duration.ofHours(1));
    assertThat(n.supervision().probeInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(n.role(Role.ENGINE).cpus()).isEqualTo(2.5);
    assertThat(n.role(Role.ENGINE).memoryBytes()).isEqualTo(4L << 30);
    assertThat(n.role(Role.ENGINE).env()).containsEntry("JAVA_OPTS", "-Xmx2g");
    assertThat(n.role(Role.NFS).memoryBytes()).isEqualTo(512L << 20);
    assertThat(n.role(Role.NFS).args()).containsExactly("--log-level", "debug");
    assertThat(n.role(Role.SMB).command()).containsExactly("serve", "--x");
    assertThat(n.role(Role.SMB).port()).isEqualTo(445);
    assertThat(n.role(Role.SMB).mounts()).containsEntry("/etc/ssl", "/tls");
    assertThat(n.roles()).extracting(NodeDescription.RoleSpec::role)
        .containsExactly(Role.ENGINE, Role.SMB, Role.NFS);
  }

  @Test
  void unknownFrontendOrField() {
    refused(MINIMAL + "  ftp: {image: x}\n",
        "frontends: unknown frontend 'ftp' (expected: s3, dataset, smb or nfs)");
    assertThatThrownBy(() -> parse(MINIMAL + "colour: red\n"))
        .hasMessageStartingWith("node description t.yaml: unknown field 'colour' (expected one of:")
        .hasMessageContaining("dataDirectory");
    refused(MINIMAL.replace("engine: {image: localhost/estuary-engine:1}",
        "engine: {image: e, port: 1}"), "engine.port: 1 (expected: none; the engine serves the"
        + " frontends on a unix socket)");
  }

  @Test
  void portClashes() {
    refused(MINIMAL.replace("s3: {image: localhost/estuary-s3:1}",
        "s3: {image: s, port: 9190}"), "port 9190: both frontends.s3.port and"
        + " frontends.dataset.port (expected: one role per port)");
    refused(MINIMAL.replace("s3: {image: localhost/estuary-s3:1}",
        "s3: {image: s, adminPort: 9470}"), "port 9470: both agent.port and"
        + " frontends.s3.adminPort (expected: one role per port)");
    refused(MINIMAL.replace("s3: {image: localhost/estuary-s3:1}",
        "s3: {image: s, port: 9180}"), "port 9180: both engine.adminPort and frontends.s3.port"
        + " (expected: one role per port)");
    refused(MINIMAL.replace("s3: {image: localhost/estuary-s3:1}",
        "s3: {image: s, port: 70000}"), "frontends.s3.port: 70000 (expected: 1 to 65535)");
  }

  @Test
  void badValues() {
    refused(MINIMAL.replace("name: n1", "name: N 1"), "name: 'N 1' (expected: 1 to 31 of a-z,"
        + " 0-9 and '-', starting with a letter or digit)");
    refused(MINIMAL.replace("/srv/estuary", "srv"), "dataDirectory: 'srv' (expected: an"
        + " absolute path)");
    refused(MINIMAL + "stateDirectory: /srv/estuary/node\n", "stateDirectory: /srv/estuary/node"
        + " (expected: outside dataDirectory /srv/estuary, and not containing it)");
    refused(MINIMAL.replace("s3: {image: localhost/estuary-s3:1}", "s3: {image: s, memory: 1x}"),
        "frontends.s3.memory: '1x' (expected: bytes, or a number with k, m, g or t, such as 512m)");
    refused(MINIMAL.replace("s3: {image: localhost/estuary-s3:1}", "s3: {image: s, memory: 1m}"),
        "frontends.s3.memory: '1m' (expected: at least 6m and at most 8191t)");
    refused(MINIMAL.replace("s3: {image: localhost/estuary-s3:1}", "s3: {image: s, cpus: -1}"),
        "frontends.s3.cpus: -1.0 (expected: 0.01 to 1024, or 0 for no limit)");
    refused(MINIMAL + "supervision: {probeInterval: 2 seconds}\n", "supervision.probeInterval:"
        + " '2 seconds' (expected: a number with ms, s, m or h, such as 2s)");
    refused(MINIMAL + "supervision: {backoffInitial: 10s, backoffMax: 1s}\n",
        "supervision.backoffMax: PT1S (expected: at least backoffInitial PT10S)");
    refused(MINIMAL + "bindAddress: example.com\n", "bindAddress: 'example.com' (expected: an IP"
        + " address such as 0.0.0.0 or 127.0.0.1)");
    refused(MINIMAL.replace("s3: {image: localhost/estuary-s3:1}",
        "s3: {image: s, args: [a], command: [b]}"), "frontends.s3.args: given with command"
        + " (expected: one of them; command replaces the generated arguments, args adds to them)");
    refused(MINIMAL.replace("s3: {image: localhost/estuary-s3:1}", "s3: {port: 1}"),
        "frontends.s3.image: missing (expected: an image reference such as"
        + " localhost/estuary-s3:<tag>)");
    refused(MINIMAL.replace("engine: {image: localhost/estuary-engine:1}\n", ""),
        "engine: missing (expected: engine: {image: ...}; the engine owns the data directory)");
    refused("", "empty (expected: name, dataDirectory, engine and frontends)");
  }
}
