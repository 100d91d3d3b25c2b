package dev.estuary.nfs.internal.codec;

import java.util.HexFormat;

/** Hex with spaces, newlines and {@code #} comments, for golden bytes written out by hand. */
final class Hex {
    private Hex() {
    }

    static byte[] parse(String annotated) {
        StringBuilder sb = new StringBuilder();
        for (String line : annotated.split("\n")) {
            int hash = line.indexOf('#');
            sb.append((hash >= 0 ? line.substring(0, hash) : line).replaceAll("\\s+", ""));
        }
        return HexFormat.of().parseHex(sb);
    }
}
