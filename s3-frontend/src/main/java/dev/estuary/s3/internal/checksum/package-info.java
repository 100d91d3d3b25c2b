/** The S3 object checksums (CRC32, CRC32C, CRC64NVME, SHA-1, SHA-256, MD5): incremental hashers, header names, multipart composition. */
@NullMarked
package dev.estuary.s3.internal.checksum;

import org.jspecify.annotations.NullMarked;
