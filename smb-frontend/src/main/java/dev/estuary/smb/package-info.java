/**
 * The SMB 2/3 frontend (issue 12). This step holds only the library the protocol handlers build on:
 * the wire codec ({@code internal.codec}), SPNEGO and NTLMSSP ({@code internal.auth}) and the SMB 3.x
 * key derivation, signing and encryption ({@code internal.crypto}). No {@code Frontend} is registered yet.
 */
@NullMarked
package dev.estuary.smb;

import org.jspecify.annotations.NullMarked;
