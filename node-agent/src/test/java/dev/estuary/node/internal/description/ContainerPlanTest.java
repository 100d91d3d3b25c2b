package dev.estuary.node.internal.description;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.node.internal.podman.SpecGenerator;
import org.junit.jupiter.api.Test;

class ContainerPlanTest {
  private static final String YAML = """
      name: n1
      dataDirectory: /srv/estuary
      bindAddress: 10.1.2.3
      engine: {image: localhost/estuary-engine:1, cpus: 1.5, memory: 2g}
      frontends:
        s3: {image: localhost/estuary-s3:1, port: 9100, adminPort: 9181, env: {A: b},
          args: [--log-level, debug]}
      """;

  private static NodeDescription node(String yaml) {
    return new DescriptionParser().parse(yaml, "t");
  }

  @Test
  void engineOwnsTheDataDirectoryAndServesTheSocket() {
    NodeDescription n = node(YAML);
    SpecGenerator e = ContainerPlan.spec(n, n.role(Role.ENGINE));
    assertThat(e.name()).isEqualTo("estuary-n1-engine");
    assertThat(e.image()).isEqualTo("localhost/estuary-engine:1");
    assertThat(e.command()).containsExactly("engine", "--data", "/data", "--socket",
        "/run/estuary/engine.sock");
    assertThat(e.env()).containsEntry("ESTUARY_ADMIN_TLS", "off")
        .containsEntry("ESTUARY_BIND", "0.0.0.0").containsEntry("ESTUARY_ADMIN_PORT", "9180");
    assertThat(e.mounts()).extracting(SpecGenerator.Mount::source, SpecGenerator.Mount::destination)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/srv/estuary", "/data"),
            org.assertj.core.groups.Tuple.tuple("/srv/estuary-node/socket", "/run/estuary"));
    assertThat(e.portmappings()).containsExactly(
        new SpecGenerator.PortMapping("127.0.0.1", 9180, 9180, "tcp"));
    assertThat(e.resourceLimits()).isEqualTo(new SpecGenerator.ResourceLimits(
        new SpecGenerator.Memory(2L << 30), new SpecGenerator.Cpu(150_000, 100_000)));
    assertThat(e.init()).isTrue();
    assertThat(e.labels()).containsEntry("dev.estuary.node", "n1")
        .containsEntry("dev.estuary.role", "engine").containsKey("dev.estuary.spec");
  }

  @Test
  void frontendReachesTheEngineThroughTheSocketOnly() {
    NodeDescription n = node(YAML);
    SpecGenerator s = ContainerPlan.spec(n, n.role(Role.S3));
    assertThat(s.command()).containsExactly("serve", "--backend",
        "unix:/run/estuary/engine.sock", "--frontends", "s3", "--log-level", "debug");
    assertThat(s.mounts()).extracting(SpecGenerator.Mount::source)
        .containsExactly("/srv/estuary-node/s3", "/srv/estuary-node/socket");
    assertThat(s.portmappings()).containsExactly(
        new SpecGenerator.PortMapping("10.1.2.3", 9100, 9000, "tcp"),
        new SpecGenerator.PortMapping("127.0.0.1", 9181, 9180, "tcp"));
    assertThat(s.env()).containsEntry("A", "b").containsEntry("ESTUARY_DATA", "/data");
    assertThat(s.resourceLimits()).isNull();
  }

  @Test
  void theSpecHashTellsWhatChanged() {
    NodeDescription n = node(YAML);
    String engine = ContainerPlan.spec(n, n.role(Role.ENGINE)).labels().get(Labels.SPEC);
    String s3 = ContainerPlan.spec(n, n.role(Role.S3)).labels().get(Labels.SPEC);
    NodeDescription same = node(YAML);
    assertThat(ContainerPlan.spec(same, same.role(Role.S3)).labels().get(Labels.SPEC))
        .isEqualTo(s3);
    NodeDescription more = node(YAML.replace("env: {A: b},", "env: {A: b}, memory: 1g,"));
    assertThat(ContainerPlan.spec(more, more.role(Role.S3)).labels().get(Labels.SPEC))
        .isNotEqualTo(s3);
    assertThat(ContainerPlan.spec(more, more.role(Role.ENGINE)).labels().get(Labels.SPEC))
        .isEqualTo(engine);
    NodeDescription upgraded = n.withImage(Role.S3, "localhost/estuary-s3:2");
    assertThat(ContainerPlan.spec(upgraded, upgraded.role(Role.S3)).labels().get(Labels.SPEC))
        .isNotEqualTo(s3);
  }
}
