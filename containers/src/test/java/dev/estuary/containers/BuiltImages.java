package dev.estuary.containers;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives every IT class of this module the SAME private Podman service with the images built
 * once by {@code containers/build} (tag {@value #TAG}): the build takes minutes, so it runs once
 * per test run, not once per class. The service lives in JUnit's root store, which closes it (an
 * AutoCloseable, JUnit 5.13+; the store is deleted) when the whole run ends.
 */
final class BuiltImages implements ParameterResolver {
  /** The tag the test build gives every image. */
  static final String TAG = "it";

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PodmanService.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getRoot().getStore(ExtensionContext.Namespace.create(BuiltImages.class))
        .getOrComputeIfAbsent("podman", k -> build(), PodmanService.class);
  }

  /** The directory of the oci-archives the build writes. */
  static Path archives() {
    return Path.of("target/it-oci").toAbsolutePath();
  }

  /** The distribution's jars ({@code estuary.lib}). */
  static Path lib() throws java.io.IOException {
    return Path.of(property("estuary.lib")).toRealPath();
  }

  /** The source tree ({@code estuary.repo}). */
  static Path repo() throws java.io.IOException {
    return Path.of(property("estuary.repo")).toRealPath();
  }

  private static PodmanService build() {
    if (!ProcessHandle.current().info().user().orElse("").equals("root")) {
      throw new AssertionError("the image ITs drive root Podman (containers/build needs root for"
          + " mmdebstrap and the store); running as "
          + ProcessHandle.current().info().user().orElse("?"));
    }
    try {
      Path lib = lib();
      if (!Files.isDirectory(lib)) {
        throw new AssertionError("estuary.lib: " + lib + " (expected: distribution/target/lib)");
      }
      return PodmanService.buildAndStart(repo(), lib, TAG, archives());
    } catch (Exception e) {
      throw new AssertionError("building the images failed", e);
    }
  }

  static String property(String name) {
    String v = System.getProperty(name);
    if (v == null) {
      throw new IllegalStateException("system property " + name + " is not set (run through Failsafe)");
    }
    return v;
  }
}
