package org.touchpoint.kit.folding;

/**
 * Any string as a MongoDB field name: {@code %}, {@code .} and a leading {@code $} are percent-escaped, so that an
 * aggregate key such as a stage name or a currency can never become a path or an operator.
 */
final class FieldNames {

    /** The empty string (not a valid escape of anything else). */
    private static final String EMPTY = "%E";

    private FieldNames() {
    }

    static String escape(String s) {
        if (s.isEmpty()) {
            return EMPTY;
        }
        StringBuilder out = new StringBuilder(s.length() + 4);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' || c == '.' || (c == '$' && i == 0) || c == '\u0000') {
                out.append('%').append(String.format("%02X", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String unescape(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        if (s.equals(EMPTY)) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
