package dev.estuary.testing.linuxguest;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A workload for the guest: a script run as root by the guest's init, and input files.
 *
 * <p>The script runs with its working directory {@code $GUEST_OUT} ({@code /io/out}); files it
 * writes there come back as {@link GuestResult#outputDir()}. It finds the input files in {@code
 * /io/in}, the host at {@code $GUEST_HOST} (10.0.2.2: qemu's user-mode network turns a connection to
 * 10.0.2.2:PORT into one to the host's 127.0.0.1:PORT) and a per-boot identity in {@code $GUEST_ID}.
 * Without a {@code #!} line it is run by {@code /bin/sh} (dash); {@code #!/bin/bash} works too.
 *
 * @param text the script
 * @param inputs files copied to {@code /io/in} before the boot, by plain file name
 */
public record GuestScript(String text, Map<String, byte[]> inputs) {

  /** Checks the file names and copies the map. */
  public GuestScript {
    Objects.requireNonNull(text, "text");
    for (String name : inputs.keySet()) {
      if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
        throw new IllegalArgumentException(
            "input file name: \"" + name + "\" (expected: a plain file name, no '/', not . or ..)");
      }
    }
    inputs = Map.copyOf(inputs);
  }

  /**
   * A script without input files.
   *
   * @param text the script
   * @return the script
   */
  public static GuestScript of(String text) {
    return new GuestScript(text, Map.of());
  }

  /**
   * This script with one more input file.
   *
   * @param name plain file name under {@code /io/in}
   * @param content the file's bytes
   * @return a new script
   */
  public GuestScript withInput(String name, byte[] content) {
    Map<String, byte[]> more = new LinkedHashMap<>(inputs);
    more.put(name, content.clone());
    return new GuestScript(text, more);
  }
}
