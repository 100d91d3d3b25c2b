/**
 * SMB 3.x key derivation, message signing, transform-header encryption and the 3.1.1 preauth integrity hash
 * ([MS-SMB2] 3.1.4).
 */
@NullMarked
package dev.estuary.smb.internal.crypto;

import org.jspecify.annotations.NullMarked;
