package dev.estuary.core;

/**
 * A freshly created API token, shown once; only its SHA-256 is stored.
 *
 * @param id the token's public id
 * @param token the bearer token itself
 */
public record IssuedToken(String id, Secret token) {}
