package dev.estuary.nfs.internal.codec;

import dev.estuary.nfs.internal.codec.Types.Fattr4;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A typed, immutable set of attribute values: what fattr4 carries (RFC 8881 §3.3.13, §5). Values are
 * encoded in ascending attribute number, as the RFC requires, and decoding refuses anything else that
 * is not exactly the values the mask announces.
 */
public final class FileAttrs {
    /** No attributes. */
    public static final FileAttrs EMPTY = new FileAttrs(new TreeMap<>());

    private final Map<Integer, Object> values;

    private FileAttrs(TreeMap<Integer, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** @return a builder starting empty */
    public static Builder builder() {
        return new Builder(new TreeMap<>());
    }

    /** @return the value of {@code attr}, or null when absent */
    @SuppressWarnings("unchecked")
    public <T> @Nullable T get(FileAttr<T> attr) {
        return (T) values.get(attr.number());
    }

    /** @return whether {@code attr} is present */
    public boolean has(FileAttr<?> attr) {
        return values.containsKey(attr.number());
    }

    /** @return the mask of the attributes present */
    public Bitmap mask() {
        return Bitmap.of(values.keySet().stream().mapToInt(Integer::intValue).toArray());
    }

    /** @return the number of attributes present */
    public int size() {
        return values.size();
    }

    /** @return only the attributes whose bit is set in {@code request} (a GETATTR answer) */
    public FileAttrs select(Bitmap request) {
        TreeMap<Integer, Object> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (request.isSet(k)) {
                out.put(k, v);
            }
        });
        return new FileAttrs(out);
    }

    /** Encodes as fattr4: the mask, then the values in ascending attribute order. */
    public Fattr4 encode() {
        XdrWriter out = new XdrWriter();
        for (Map.Entry<Integer, Object> e : values.entrySet()) {
            write(out, FileAttr.of(e.getKey()), e.getValue());
        }
        return new Fattr4(mask(), Bytes.wrap(out.toByteArray()));
    }

    @SuppressWarnings("unchecked")
    private static <T> void write(XdrWriter out, @Nullable FileAttr<T> attr, Object value) {
        if (attr == null) {
            throw new IllegalStateException("unmodelled attribute in FileAttrs");
        }
        attr.codec().write(out, (T) value);
    }

    /**
     * Decodes an fattr4.
     *
     * @throws AttrNotSupportedException when the mask names an attribute the codec does not model
     * @throws XdrException when the values are truncated, malformed or followed by extra bytes
     */
    public static FileAttrs decode(Fattr4 fattr, XdrLimits limits) throws XdrException {
        byte[] vals = fattr.values().array();
        XdrReader in = new XdrReader(vals, limits);
        TreeMap<Integer, Object> out = new TreeMap<>();
        Bitmap mask = fattr.mask();
        for (int w = 0; w < mask.wordCount(); w++) {
            int word = mask.word(w);
            for (int b = 0; b < 32; b++) {
                if ((word & (1 << b)) == 0) {
                    continue;
                }
                int n = w * 32 + b;
                FileAttr<?> attr = FileAttr.of(n);
                if (attr == null) {
                    throw new AttrNotSupportedException(n);
                }
                out.put(n, attr.codec().read(in));
            }
        }
        in.expectEnd("attr_vals");
        return new FileAttrs(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FileAttrs f && values.equals(f.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        values.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append(FileAttr.of(k)).append('=').append(v));
        return sb.append('}').toString();
    }

    /** Collects values; each {@link #set} replaces an earlier value of the same attribute. */
    public static final class Builder {
        private final TreeMap<Integer, Object> values;

        private Builder(TreeMap<Integer, Object> values) {
            this.values = values;
        }

        /** Sets {@code attr} to {@code value}. */
        public <T> Builder set(FileAttr<T> attr, T value) {
            Object v = java.util.Objects.requireNonNull(value, attr.name());
            // Lists (acl, fs_layout_type) are copied so the set stays immutable.
            values.put(attr.number(), v instanceof List<?> list ? List.copyOf(list) : v);
            return this;
        }

        /** @return the immutable attributes */
        public FileAttrs build() {
            return new FileAttrs(new TreeMap<>(values));
        }
    }
}
