/** The SMB benchmark: our SMB frontend vs Samba (bench/README.md, "SMB benchmark"). */
@NullMarked
package dev.estuary.bench.smb;

import org.jspecify.annotations.NullMarked;
