/** The HTTP side: addressing, routing a request to its operation, authentication, authorisation, body streaming, request ids, error documents and metrics. */
@NullMarked
package dev.estuary.s3.internal.server;

import org.jspecify.annotations.NullMarked;
