/**
 * SMB2/3 wire codec on Netty buffers: Direct-TCP framing, the SMB2 header, compounding, the SMB1 negotiate
 * probe and one immutable record per request and response ([MS-SMB2] 2.2). Never imports the backend.
 */
@NullMarked
package dev.estuary.smb.internal.codec;

import org.jspecify.annotations.NullMarked;
