package dev.estuary.smb.internal.crypto;

import org.jspecify.annotations.Nullable;

/** Signing algorithms ([MS-SMB2] 2.2.3.1.7 SigningAlgorithms; 3.1.4.1). */
public enum SigningAlgorithm {
  HMAC_SHA256(0x0000),
  AES_CMAC(0x0001),
  AES_GMAC(0x0002);

  private final int id;

  SigningAlgorithm(int id) {
    this.id = id;
  }

  /** The id on the wire. */
  public int id() {
    return id;
  }

  /** The algorithm with wire id {@code id}, or null. */
  public static @Nullable SigningAlgorithm of(int id) {
    for (SigningAlgorithm a : values()) {
      if (a.id == id) {
        return a;
      }
    }
    return null;
  }
}
