package dev.estuary.smb.internal.codec;

/**
 * Names as the backend holds them and as SMB carries them. [MS-FSCC] 2.1.5.2 forbids control characters
 * and {@code " * : < > ? \ |} in a file name, but S3 keys and NFS names may contain them: such a name is
 * sent with each forbidden character replaced by its Services-for-Macintosh private-use code point
 * (U+F001..U+F01F for 0x01..0x1F, then {@code "}→U+F020, {@code *}→U+F021, {@code :}→U+F022, {@code
 * <}→U+F023, {@code >}→U+F024, {@code ?}→U+F025, {@code \}→U+F026, {@code |}→U+F027), and a name a client
 * sends is mapped back. This is the mapping the macOS SMB client applies to the names its users type and
 * Samba's vfs_catia/vfs_fruit ({@code fruit:encoding = private}) apply on the server, so a Mac user's
 * {@code a:b} is the same object S3 and NFS see as {@code a:b}, and a Windows client lists, opens, renames
 * and deletes it without a name its path syntax cannot hold. A backend name that itself holds one of these
 * private-use code points is shown unchanged but cannot be opened by that name (the same limit as Samba's).
 * Trailing dots and spaces are legal NTFS names (only the Win32 layer strips them) and reserved DOS device
 * names ({@code CON}, {@code NUL}) are a Win32 client matter: both pass unchanged.
 */
public final class WireNames {
  private static final String SPECIAL = "\"*:<>?\\|";
  private static final char FIRST = '\uF000';

  private WireNames() {}

  /**
   * The name to send for a backend name.
   *
   * @param name a backend name
   * @return the name with every character Windows cannot hold mapped to private use; the same string when
   *     there is none
   */
  public static String toWire(String name) {
    int i = 0;
    while (i < name.length() && !forbidden(name.charAt(i))) {
      i++;
    }
    if (i == name.length()) {
      return name;
    }
    StringBuilder b = new StringBuilder(name.length()).append(name, 0, i);
    for (; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c >= 0x01 && c < 0x20) {
        b.append((char) (FIRST + c));
      } else {
        int k = SPECIAL.indexOf(c);
        b.append(k >= 0 ? (char) (FIRST + 0x20 + k) : c);
      }
    }
    return b.toString();
  }

  /**
   * The backend name a client's name stands for.
   *
   * @param name one path component as received (already checked for forbidden characters)
   * @return the name with the private-use code points of {@link #toWire} mapped back
   */
  public static String fromWire(String name) {
    int i = 0;
    while (i < name.length() && !mapped(name.charAt(i))) {
      i++;
    }
    if (i == name.length()) {
      return name;
    }
    StringBuilder b = new StringBuilder(name.length()).append(name, 0, i);
    for (; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!mapped(c)) {
        b.append(c);
      } else if (c < FIRST + 0x20) {
        b.append((char) (c - FIRST));
      } else {
        b.append(SPECIAL.charAt(c - FIRST - 0x20));
      }
    }
    return b.toString();
  }

  private static boolean forbidden(char c) {
    return (c >= 0x01 && c < 0x20) || SPECIAL.indexOf(c) >= 0;
  }

  private static boolean mapped(char c) {
    return c >= FIRST + 0x01 && c <= FIRST + 0x27;
  }
}
