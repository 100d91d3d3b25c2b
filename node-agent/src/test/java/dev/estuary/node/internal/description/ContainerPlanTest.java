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
        s3: {image: localhost/estuary-s3:1, port: 9000, adminPort: 9181, env: {A: b}}
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
    assertThat(e.command()).containsExactly("engine", "--data", "/var/lib/estuary", "--socket",
        "/run/estuary/engine.sock", "--bind", "0.0.0.0", "--admin-port", "9180", "--admin-tls",
        "off");
    assertThat(e.mounts()).extracting(SpecGenerator.Mount::source, SpecGenerator.Mount::destination)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("/srv/estuary", "/var/lib/estuary"),
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
    assertThat(s.command()).containsExactly("serve", "--data", "/var/lib/estuary", "--backend",
        "unix:/run/estuary/engine.sock", "--frontends", "s3", "--s3-port", "9000", "--bind",
        "0.0.0.0", "--admin-port", "9181", "--admin-tls", "off");
    assertThat(s.mounts()).extracting(SpecGenerator.Mount::source)
        .containsExactly("/srv/estuary-node/s3", "/srv/estuary-node/socket");
    assertThat(s.portmappings()).containsExactly(
        new SpecGenerator.PortMapping("10.1.2.3", 9000, 9000, "tcp"),
        new SpecGenerator.PortMapping("127.0.0.1", 9181, 9181, "tcp"));
    assertThat(s.env()).containsEntry("A", "b");
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
    NodeDescription more = node(YAML.replace("env: {A: b}", "env: {A: b}, memory: 1g"));
    assertThat(ContainerPlan.spec(more, more.role(Role.S3)).labels().get(Labels.SPEC))
        .isNotEqualTo(s3);
    assertThat(ContainerPlan.spec(more, more.role(Role.ENGINE)).labels().get(Labels.SPEC))
        .isEqualTo(engine);
    NodeDescription upgraded = n.withImage(Role.S3, "localhost/estuary-s3:2");
    assertThat(ContainerPlan.spec(upgraded, upgraded.role(Role.S3)).labels().get(Labels.SPEC))
        .isNotEqualTo(s3);
  }
}
