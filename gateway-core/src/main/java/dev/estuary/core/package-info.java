/**
 * The public face of Estuary's gateway core, shared by every protocol frontend: the typed
 * configuration ({@link dev.estuary.core.GatewayConfig}), identities and credentials ({@link
 * dev.estuary.core.UserStore}, {@link dev.estuary.core.User}, {@link dev.estuary.core.Principal}),
 * authorisation ({@link dev.estuary.core.Authorizer}, {@link dev.estuary.core.PosixAccess}) and the
 * frontend SPI ({@link dev.estuary.core.Frontend}) the launcher discovers with {@link
 * java.util.ServiceLoader}. See DESIGN §5 (identity) and §6 (deployment).
 */
@NullMarked
package dev.estuary.core;

import org.jspecify.annotations.NullMarked;
