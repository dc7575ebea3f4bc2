package org.chorale.music;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Small helpers for human-readable messages and for the text found in meta events. */
final class Text {
    private Text() {}

    /** "412 bytes", "3.5 KiB", "40 MiB". */
    static String size(long bytes) {
        if (bytes < 1024) return bytes + (bytes == 1 ? " byte" : " bytes");
        double kib = bytes / 1024.0;
        if (kib < 1024) return trim(kib) + " KiB";
        return trim(kib / 1024.0) + " MiB";
    }

    private static String trim(double v) {
        String s = String.format(java.util.Locale.ROOT, "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** Up to {@code n} bytes from {@code offset} as hex, e.g. {@code 6E 6F 74 20}. */
    static String hex(byte[] data, int offset, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = offset; i < Math.min(data.length, offset + n); i++) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(String.format("%02X", data[i] & 0xFF));
        }
        return sb.toString();
    }

    static String hexByte(int b) { return String.format("0x%02X", b & 0xFF); }

    /**
     * Text of a meta event: UTF-8 when the bytes are valid UTF-8, else ISO-8859-1 (what older files use); control
     * characters become spaces; at most {@code maxChars} characters.
     */
    static String decode(byte[] data, int offset, int length, int maxChars) {
        int n = Math.min(length, maxChars * 4);
        boolean ascii = true;
        for (int i = offset; i < offset + n && ascii; i++) ascii = data[i] >= 0;
        String s = ascii ? new String(data, offset, n, StandardCharsets.ISO_8859_1) : utf8OrLatin1(data, offset, n);
        StringBuilder sb = new StringBuilder(Math.min(s.length(), maxChars));
        for (int i = 0; i < s.length() && sb.length() < maxChars; i++) {
            char c = s.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return sb.toString().strip();
    }

    private static String utf8OrLatin1(byte[] data, int offset, int n) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data, offset, n)).toString();
        } catch (CharacterCodingException e) {
            return new String(data, offset, n, StandardCharsets.ISO_8859_1);
        }
    }
}
