/**
 * The NFSv4.1/4.2 frontend ({@code nfs}): {@link dev.estuary.nfs.NfsFrontend}, found by the launcher
 * through {@link java.util.ServiceLoader}. Everything else is in the module's {@code internal} packages.
 */
@NullMarked
package dev.estuary.nfs;

import org.jspecify.annotations.NullMarked;
