/** The SMB benchmark's servers, clients and workloads. */
@NullMarked
package dev.estuary.bench.smb.internal;

import org.jspecify.annotations.NullMarked;
