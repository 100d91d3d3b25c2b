/** Loading {@link dev.estuary.core.GatewayConfig} from defaults, YAML, environment and flags. Not API. */
@NullMarked
package dev.estuary.core.internal.config;

import org.jspecify.annotations.NullMarked;
