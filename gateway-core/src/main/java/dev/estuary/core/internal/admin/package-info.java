/**
 * Administrative operations (volumes, users, keys, tokens, status), one interface with two
 * implementations: {@link dev.estuary.core.internal.admin.LocalAdmin} on an open backend and user
 * store (a stopped data directory, or inside the server behind the admin API) and {@link
 * dev.estuary.core.internal.admin.RemoteAdmin} over a running server's admin API.
 */
@NullMarked
package dev.estuary.core.internal.admin;

import org.jspecify.annotations.NullMarked;
