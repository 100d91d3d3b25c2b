package dev.estuary.core;

/**
 * The owner and NT hash of a user, for NTLMv2 verification.
 *
 * @param principal the user
 * @param ntHash 16 bytes as lower-case hex
 */
public record NtIdentity(Principal principal, Secret ntHash) {}
