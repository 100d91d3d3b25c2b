package dev.estuary.nfs.internal.codec;

import java.util.Arrays;
import java.util.BitSet;

/** bitmap4 (RFC 8881 §3.3.7): a set of small numbers (attributes, operations) as 32-bit words. Immutable. */
public final class Bitmap {
    /** The empty bitmap (zero words). */
    public static final Bitmap EMPTY = new Bitmap(new int[0]);

    private final int[] words;

    private Bitmap(int[] words) {
        this.words = words;
    }

    /** @return a bitmap with exactly these words */
    public static Bitmap ofWords(int... words) {
        return words.length == 0 ? EMPTY : new Bitmap(words.clone());
    }

    /** @return the bitmap holding these bit numbers, in as few words as needed */
    public static Bitmap of(int... bits) {
        int max = -1;
        for (int b : bits) {
            if (b < 0) {
                throw new IllegalArgumentException("bit: " + b + " (expected: >= 0)");
            }
            max = Math.max(max, b);
        }
        if (max < 0) {
            return EMPTY;
        }
        int[] w = new int[max / 32 + 1];
        for (int b : bits) {
            w[b / 32] |= 1 << (b % 32);
        }
        return new Bitmap(w);
    }

    /** @return whether bit {@code n} is set */
    public boolean isSet(int n) {
        return n >= 0 && n / 32 < words.length && (words[n / 32] & (1 << (n % 32))) != 0;
    }

    /** @return the set bits in ascending order */
    public BitSet toBitSet() {
        BitSet s = new BitSet();
        for (int i = 0; i < words.length * 32; i++) {
            if (isSet(i)) {
                s.set(i);
            }
        }
        return s;
    }

    /** @return the number of 32-bit words */
    public int wordCount() {
        return words.length;
    }

    /** @return word {@code i} */
    public int word(int i) {
        return words[i];
    }

    /** @return this bitmap restricted to the bits also set in {@code other} (words trimmed to this length) */
    public Bitmap and(Bitmap other) {
        int[] w = new int[words.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = words[i] & (i < other.words.length ? other.words[i] : 0);
        }
        return new Bitmap(w);
    }

    /** Reads a bitmap4 (a variable-length array of words). */
    public static Bitmap decode(XdrReader in, String what) throws XdrException {
        int n = in.readCount(Integer.MAX_VALUE, 4, what);
        int[] w = new int[n];
        for (int i = 0; i < n; i++) {
            w[i] = in.readInt(what);
        }
        return n == 0 ? EMPTY : new Bitmap(w);
    }

    /** Writes this bitmap4. */
    public void encode(XdrWriter out) {
        out.writeInt(words.length);
        for (int w : words) {
            out.writeInt(w);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bitmap b && Arrays.equals(words, b.words);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return toBitSet().toString();
    }
}
