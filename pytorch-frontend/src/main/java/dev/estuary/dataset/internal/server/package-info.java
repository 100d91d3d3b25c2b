/**
 * The gRPC server of the dataset service: Netty (shaded) listener, optional TLS, bearer-token
 * authentication, metrics, and flow-controlled streaming of what the handlers produce.
 */
@NullMarked
package dev.estuary.dataset.internal.server;

import org.jspecify.annotations.NullMarked;
