package dev.estuary.core;

/**
 * Wraps and unwraps the per-object data keys of S3 SSE-S3 under the appliance's master keys. The
 * master keys never leave the implementation: {@link MasterKeys} keeps them in the data directory;
 * in node mode the frontend process asks the engine daemon, which owns that file.
 */
public interface KeyWrapper {
  /**
   * Wraps a data key under the current master key, creating the first one if there is none.
   *
   * @param dataKey the data key
   * @return the wrapped key and the master key's id
   */
  MasterKeys.Wrapped wrap(byte[] dataKey);

  /**
   * Unwraps a data key.
   *
   * @param wrapped what {@link #wrap} returned
   * @return the data key
   * @throws IllegalStateException when the master key is gone or the wrapped key was altered
   */
  byte[] unwrap(MasterKeys.Wrapped wrapped);
}
