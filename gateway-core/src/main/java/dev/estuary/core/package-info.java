/**
 * The public face of Estuary's gateway core, shared by every protocol frontend: the typed
 * configuration ({@link dev.estuary.core.GatewayConfig}), identities and credentials through the
 * {@link dev.estuary.core.IdentityService} interface (users as {@link dev.estuary.core.Principal},
 * {@link dev.estuary.core.Group}s, Windows {@link dev.estuary.core.Sid}s mapped by {@link
 * dev.estuary.core.SidMapping}, NFS export rules resolved by {@link dev.estuary.core.NfsExports}),
 * with {@link dev.estuary.core.UserStore} as its file-backed implementation; authorisation ({@link
 * dev.estuary.core.Authorizer} for per-volume grants, {@link dev.estuary.core.AccessChecker} for
 * grants plus mode bits and ownership, applied to every backend call by {@link
 * dev.estuary.core.CheckedVolume}, with {@link dev.estuary.core.VolumeDefaults} for what object
 * protocols create); the shared request metrics ({@link dev.estuary.core.RequestMetrics}); and the
 * frontend SPI ({@link dev.estuary.core.Frontend}, with its declared {@link
 * dev.estuary.core.FrontendOption}s) the launcher discovers with {@link java.util.ServiceLoader}.
 * See DESIGN §5 (identity) and §6 (deployment).
 */
@NullMarked
package dev.estuary.core;

import org.jspecify.annotations.NullMarked;
