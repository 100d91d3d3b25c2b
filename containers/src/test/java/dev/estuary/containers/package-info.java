/** Tests of the role images built by {@code containers/build}, on a private Podman service. */
@NullMarked
package dev.estuary.containers;

import org.jspecify.annotations.NullMarked;
