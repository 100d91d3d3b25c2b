package dev.estuary.smb.internal.crypto;

import org.jspecify.annotations.Nullable;

/** Encryption algorithms of SMB 3.x ([MS-SMB2] 2.2.3.1.2 Ciphers). */
public enum Cipher {
  AES_128_CCM(0x0001, 16, 11),
  AES_128_GCM(0x0002, 16, 12),
  AES_256_CCM(0x0003, 32, 11),
  AES_256_GCM(0x0004, 32, 12);

  private final int id;
  private final int keyBytes;
  private final int nonceBytes;

  Cipher(int id, int keyBytes, int nonceBytes) {
    this.id = id;
    this.keyBytes = keyBytes;
    this.nonceBytes = nonceBytes;
  }

  /** The cipher id on the wire. */
  public int id() {
    return id;
  }

  /** Key length. */
  public int keyBytes() {
    return keyBytes;
  }

  /** Nonce length used out of the 16-byte Nonce field (CCM 11, GCM 12; 2.2.41). */
  public int nonceBytes() {
    return nonceBytes;
  }

  /** Whether this is a GCM cipher. */
  public boolean isGcm() {
    return this == AES_128_GCM || this == AES_256_GCM;
  }

  /** The cipher with wire id {@code id}, or null. */
  public static @Nullable Cipher of(int id) {
    for (Cipher c : values()) {
      if (c.id == id) {
        return c;
      }
    }
    return null;
  }
}
