package org.chorale.schemas;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;

/**
 * Walks Avro binary data against its writer schema without building anything, and refuses lengths and item
 * counts the input could not possibly hold.
 *
 * <p>Why: Avro's decoder trusts the length prefixes it reads and allocates before it reads the data, so a
 * 20-byte record claiming a 2 GB byte string or a billion-item array can exhaust the heap of whoever decodes it.
 * A record that passes this walk asks for no allocation larger than a small multiple of its own size.
 */
final class EncodingBoundsCheck {

    /** Items of zero encoded size (arrays of null) are the only case not bounded by the input length. */
    private static final long MAX_ZERO_SIZE_ITEMS = 1 << 16;
    private static final int MAX_DEPTH = 256;

    private final byte[] data;
    private int position;
    private int depth;
    private final Map<Schema, Integer> minimumSizes = new IdentityHashMap<>();

    private EncodingBoundsCheck(byte[] data, int offset) {
        this.data = data;
        this.position = offset;
    }

    /** Empty when {@code data[offset..]} is exactly one well-formed datum of {@code writer}; else what is wrong. */
    static Optional<String> problemIn(Schema writer, byte[] data, int offset) {
        EncodingBoundsCheck check = new EncodingBoundsCheck(data, offset);
        try {
            check.walk(writer);
        } catch (Malformed e) {
            return Optional.of(e.getMessage());
        }
        int left = data.length - check.position;
        return left == 0 ? Optional.empty()
                : Optional.of(left + " bytes left over after a complete " + writer.getName());
    }

    private void walk(Schema schema) throws Malformed {
        if (++depth > MAX_DEPTH) {
            throw new Malformed("nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (schema.getType()) {
            case NULL -> { }
            case BOOLEAN -> {
                int b = readByte();
                if (b > 1) {
                    throw new Malformed("boolean byte " + b + " at " + (position - 1));
                }
            }
            case INT -> readVarLong(5);
            case LONG -> readVarLong(10);
            case FLOAT -> skip(4, "float");
            case DOUBLE -> skip(8, "double");
            case STRING, BYTES -> skip(readLength(schema.getType().getName()), schema.getType().getName());
            case FIXED -> skip(schema.getFixedSize(), "fixed " + schema.getName());
            case ENUM -> {
                long index = readVarLong(5);
                if (index < 0 || index >= schema.getEnumSymbols().size()) {
                    throw new Malformed("enum " + schema.getName() + " index " + index + " out of range");
                }
            }
            case UNION -> {
                long branch = readVarLong(5);
                if (branch < 0 || branch >= schema.getTypes().size()) {
                    throw new Malformed("union branch " + branch + " out of range at " + position);
                }
                walk(schema.getTypes().get((int) branch));
            }
            case RECORD -> {
                for (Schema.Field field : schema.getFields()) {
                    walk(field.schema());
                }
            }
            case ARRAY -> walkBlocks(schema.getElementType(), 0, "array");
            case MAP -> walkBlocks(schema.getValueType(), 1, "map");
        }
        depth--;
    }

    /** Arrays and maps come in blocks: a count (negative: followed by the block's byte size), items, ..., 0. */
    private void walkBlocks(Schema item, int keyBytes, String kind) throws Malformed {
        long itemSize = keyBytes + minimumSize(item);
        while (true) {
            long count = readVarLong(10);
            if (count == 0) {
                return;
            }
            if (count < 0) {
                count = -count; // Long.MIN_VALUE stays negative and fails the check below
                readLength(kind + " block size");
            }
            long limit = itemSize > 0 ? remaining() / itemSize : MAX_ZERO_SIZE_ITEMS;
            if (count < 0 || count > limit) {
                throw new Malformed(kind + " declares " + count + " items at " + position + ", but only "
                        + remaining() + " bytes remain");
            }
            for (long i = 0; i < count; i++) {
                if (keyBytes > 0) {
                    skip(readLength("map key"), "map key");
                }
                walk(item);
            }
        }
    }

    /** The fewest bytes one datum of this schema can take; bounds item counts by the bytes that remain. */
    private long minimumSize(Schema schema) {
        Integer known = minimumSizes.get(schema);
        if (known != null) {
            return known;
        }
        minimumSizes.put(schema, 0); // a recursive record counts as 0 inside itself
        long size = switch (schema.getType()) {
            case NULL -> 0;
            case FLOAT -> 4;
            case DOUBLE -> 8;
            case FIXED -> schema.getFixedSize();
            case RECORD -> schema.getFields().stream().mapToLong(f -> minimumSize(f.schema())).sum();
            default -> 1; // varints, lengths, union and enum indexes, block terminators: at least one byte
        };
        int bounded = (int) Math.min(size, Integer.MAX_VALUE);
        minimumSizes.put(schema, bounded);
        return bounded;
    }

    private long readLength(String what) throws Malformed {
        int at = position;
        long length = readVarLong(10);
        if (length < 0 || length > remaining()) {
            throw new Malformed(what + " of " + length + " bytes declared at " + at + ", but only " + remaining()
                    + " bytes remain");
        }
        return length;
    }

    /** Zig-zag varint, as Avro writes int and long. */
    private long readVarLong(int maxBytes) throws Malformed {
        long raw = 0;
        for (int i = 0; i < maxBytes; i++) {
            int b = readByte();
            raw |= (long) (b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        throw new Malformed("varint longer than " + maxBytes + " bytes at " + position);
    }

    private int readByte() throws Malformed {
        if (position >= data.length) {
            throw new Malformed("truncated: data ends at byte " + data.length);
        }
        return data[position++] & 0xff;
    }

    private void skip(long count, String what) throws Malformed {
        if (count > remaining()) {
            throw new Malformed("truncated: " + what + " needs " + count + " bytes at " + position + ", only "
                    + remaining() + " remain");
        }
        position += (int) count;
    }

    private long remaining() {
        return data.length - position;
    }

    /** Internal signal; carries the explanation out of the recursion. */
    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
