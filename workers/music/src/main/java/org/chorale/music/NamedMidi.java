package org.chorale.music;

import java.util.Objects;

/** A MIDI file's bytes with the name it goes by. */
public record NamedMidi(String name, byte[] bytes) {
    public NamedMidi {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bytes, "bytes");
    }

    @Override public byte[] bytes() { return bytes.clone(); }

    @Override public boolean equals(Object o) {
        return o instanceof NamedMidi m && name.equals(m.name) && java.util.Arrays.equals(bytes, m.bytes);
    }

    @Override public int hashCode() { return 31 * name.hashCode() + java.util.Arrays.hashCode(bytes); }

    @Override public String toString() { return "NamedMidi[" + name + ", " + bytes.length + " bytes]"; }
}
