package dev.estuary.core;

/**
 * The owner and secret of an S3 access key, for SigV4 verification.
 *
 * @param principal the owner
 * @param secretKey the secret access key
 */
public record S3Identity(Principal principal, Secret secretKey) {}
