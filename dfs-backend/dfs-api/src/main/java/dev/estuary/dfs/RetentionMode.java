package dev.estuary.dfs;

/**
 * How strictly a {@link Retention} protects an object until its date (the two modes of S3 Object
 * Lock, which the backend enforces for every protocol).
 */
public enum RetentionMode {
  /**
   * Nobody can delete or overwrite the object before the date, but a caller the frontend has found
   * entitled to bypass it (S3 {@code x-amz-bypass-governance-retention} with the {@code
   * s3:BypassGovernanceRetention} right) may shorten or remove the retention; see {@link
   * Volume#setRetention}.
   */
  GOVERNANCE,
  /**
   * Nobody can delete or overwrite the object, nor shorten or remove the retention, before the
   * date; the date can only move later.
   */
  COMPLIANCE
}
