/** Credential derivation, hashing and the user store's file format. Not API. */
@NullMarked
package dev.estuary.core.internal.identity;

import org.jspecify.annotations.NullMarked;
