/**
 * Server side of SPNEGO (RFC 4178) and NTLMSSP with NTLMv2 ([MS-NLMP]); the NT hash comes from the caller.
 */
@NullMarked
package dev.estuary.smb.internal.auth;

import org.jspecify.annotations.NullMarked;
