package org.chorale.music;

import java.util.Arrays;

/** A growable list of longs, to hold notes and tempo events without boxing. */
final class LongList {
    private long[] values = new long[16];
    private int size;

    void add(long v) {
        if (size == values.length) values = Arrays.copyOf(values, size * 2);
        values[size++] = v;
    }

    long get(int i) { return values[i]; }
    int size() { return size; }
    long[] toArray() { return Arrays.copyOf(values, size); }

    int[] toIntArray() {
        int[] out = new int[size];
        for (int i = 0; i < size; i++) out[i] = (int) values[i];
        return out;
    }
}
