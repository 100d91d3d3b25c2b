/** A private Podman API service for tests ({@link dev.estuary.testing.podman.PrivatePodman}). */
@NullMarked
package dev.estuary.testing.podman;

import org.jspecify.annotations.NullMarked;
