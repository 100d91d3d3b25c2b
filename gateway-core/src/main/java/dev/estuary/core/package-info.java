/**
 * The public face of Estuary's gateway core, shared by every protocol frontend: the typed
 * configuration ({@link dev.estuary.core.GatewayConfig}), identities and credentials ({@link
 * dev.estuary.core.UserStore}, {@link dev.estuary.core.User}, {@link dev.estuary.core.Principal}),
 * authorisation ({@link dev.estuary.core.Authorizer} for per-volume grants, {@link
 * dev.estuary.core.AccessChecker} for grants plus mode bits and ownership, applied to every backend
 * call by {@link dev.estuary.core.CheckedVolume}, with {@link dev.estuary.core.VolumeDefaults} for
 * what object protocols create) and the frontend SPI ({@link dev.estuary.core.Frontend}) the
 * launcher discovers with {@link java.util.ServiceLoader}. See DESIGN §5 (identity) and §6 (deployment).
 */
@NullMarked
package dev.estuary.core;

import org.jspecify.annotations.NullMarked;
