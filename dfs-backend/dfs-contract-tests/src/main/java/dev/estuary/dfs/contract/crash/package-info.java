/**
 * The SIGKILL crash test's child side: {@link dev.estuary.dfs.contract.crash.CrashWriter} writes
 * and publishes objects and acknowledges each one in a ledger only after its sync returned; {@link
 * dev.estuary.dfs.contract.crash.CrashLedger} replays that ledger into the content every name must
 * have after the kill.
 */
@NullMarked
package dev.estuary.dfs.contract.crash;

import org.jspecify.annotations.NullMarked;
