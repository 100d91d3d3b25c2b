/** Implementation of the gateway core. Not API: frontends use {@link dev.estuary.core} only. */
@NullMarked
package dev.estuary.core.internal;

import org.jspecify.annotations.NullMarked;
