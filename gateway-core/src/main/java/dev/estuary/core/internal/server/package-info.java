/** The server runtime behind {@code estuary serve}: data directory, backend, frontends, admin HTTP. */
@NullMarked
package dev.estuary.core.internal.server;

import org.jspecify.annotations.NullMarked;
