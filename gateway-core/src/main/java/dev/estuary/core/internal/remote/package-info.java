/**
 * Node mode's identity service (DESIGN §6.2): {@link
 * dev.estuary.core.internal.remote.IdentityGrpcService} serves the engine daemon's user store over
 * gRPC, {@link dev.estuary.core.internal.remote.RemoteIdentityService} is the {@link
 * dev.estuary.core.IdentityService} of frontend processes, caching answers per generation. Not API.
 */
@NullMarked
package dev.estuary.core.internal.remote;

import org.jspecify.annotations.NullMarked;
