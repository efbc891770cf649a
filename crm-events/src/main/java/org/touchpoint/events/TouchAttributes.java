package org.touchpoint.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed, bounded access to a touch's attributes, as {@link TouchContract} declares them for its kind.
 *
 * <p>Asking for an attribute the kind does not declare, or as another type, is a programming error
 * ({@link IllegalArgumentException}): consumers read the contract, not guesses. A value that is absent, or that
 * does not conform on the wire (a tolerant reader never fails a whole touch for one field), reads as null.
 * Decimals are bounded ({@link #MAX_INTEGER_DIGITS} integer digits, {@link #MAX_SCALE} decimals), so no value
 * from the log can expand into a huge number.
 */
public final class TouchAttributes {

    /** Integer digits a decimal attribute may have: up to a trillion and beyond, never an exponent bomb. */
    public static final int MAX_INTEGER_DIGITS = 18;
    /** Decimal places a decimal attribute may have. */
    public static final int MAX_SCALE = 8;
    /** Longest text kept in a decimal attribute before it is parsed. */
    private static final int MAX_DECIMAL_TEXT = 40;

    private final Touch touch;
    private final TouchContract.Kind kind;

    TouchAttributes(Touch touch) {
        this.touch = touch;
        this.kind = TouchContract.kind(touch.kind()).orElse(null);
    }

    public static TouchAttributes of(Touch touch) {
        return new TouchAttributes(touch);
    }

    /** The kind's declared attributes, or empty for a kind the contract does not know. */
    public boolean known() {
        return kind != null;
    }

    public String text(String name) {
        Object v = raw(name, TouchContract.Type.TEXT);
        return v instanceof String s ? s : null;
    }

    public Integer integer(String name) {
        return asInteger(raw(name, TouchContract.Type.INTEGER));
    }

    public BigDecimal decimal(String name) {
        return asDecimal(raw(name, TouchContract.Type.DECIMAL));
    }

    public Boolean bool(String name) {
        return raw(name, TouchContract.Type.BOOLEAN) instanceof Boolean b ? b : null;
    }

    public Instant instant(String name) {
        return asInstant(raw(name, TouchContract.Type.INSTANT));
    }

    public LocalDate date(String name) {
        return asDate(raw(name, TouchContract.Type.DATE));
    }

    /** A list of strings; non-string elements are skipped; empty when absent. */
    public List<String> texts(String name) {
        List<String> out = new ArrayList<>();
        if (raw(name, TouchContract.Type.TEXT_LIST) instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** The line items of the attribute (of type {@code LINE_ITEMS}); items without a product code are skipped. */
    public List<LineItem> lineItems(String name) {
        List<LineItem> out = new ArrayList<>();
        if (raw(name, TouchContract.Type.LINE_ITEMS) instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> m && m.get("productCode") instanceof String code && !code.isBlank()) {
                    out.add(new LineItem(code, m.get("name") instanceof String n ? n : null,
                            m.get("category") instanceof String c ? c : null, asDecimal(m.get("quantity")),
                            asDecimal(m.get("unitPrice")), asInteger(m.get("termMonths"))));
                }
            }
        }
        return out;
    }

    private Object raw(String name, TouchContract.Type type) {
        if (kind == null) {
            throw new IllegalArgumentException("kind " + touch.kind() + " is not in the touch contract");
        }
        TouchContract.Type declared = kind.attributes().get(name);
        if (declared == null) {
            throw new IllegalArgumentException("kind " + touch.kind() + " has no attribute " + name);
        }
        if (declared != type) {
            throw new IllegalArgumentException("attribute " + name + " of " + touch.kind() + " is a " + declared + ", not a " + type);
        }
        return touch.attributes().get(name);
    }

    /**
     * One line of a purchase.
     *
     * @param quantity  bounded decimal, null when absent or out of bounds
     * @param unitPrice in the deal's currency; bounded decimal, null when absent or out of bounds
     */
    public record LineItem(String productCode, String name, String category, BigDecimal quantity, BigDecimal unitPrice,
                           Integer termMonths) {

        /** quantity × unitPrice (a missing quantity counts as 1), or null without a price. */
        public BigDecimal total() {
            if (unitPrice == null) {
                return null;
            }
            return unitPrice.multiply(quantity == null ? BigDecimal.ONE : quantity);
        }
    }

    // ------------------------------------------------------------------ conversions (also used by the contract check)

    static boolean conforms(TouchContract.Type type, Object value) {
        if (value == null) {
            return true;
        }
        return switch (type) {
            case TEXT -> value instanceof String;
            case INTEGER -> asInteger(value) != null && !(value instanceof String);
            case DECIMAL -> value instanceof String && asDecimal(value) != null;
            case BOOLEAN -> value instanceof Boolean;
            case INSTANT -> value instanceof String && asInstant(value) != null;
            case DATE -> value instanceof String && asDate(value) != null;
            case TEXT_LIST -> value instanceof List<?> l && l.stream().allMatch(String.class::isInstance);
            case LINE_ITEMS -> value instanceof List<?> l && l.stream().allMatch(TouchAttributes::conformingLineItem);
        };
    }

    private static boolean conformingLineItem(Object o) {
        if (!(o instanceof Map<?, ?> m) || !(m.get("productCode") instanceof String)) {
            return false;
        }
        return (m.get("quantity") == null || asDecimal(m.get("quantity")) != null)
                && (m.get("unitPrice") == null || asDecimal(m.get("unitPrice")) != null)
                && (m.get("termMonths") == null || asInteger(m.get("termMonths")) != null);
    }

    static Integer asInteger(Object o) {
        if (o instanceof Integer i) {
            return i;
        }
        if (o instanceof Long l && l >= Integer.MIN_VALUE && l <= Integer.MAX_VALUE) {
            return l.intValue();
        }
        if (o instanceof Short s) {
            return (int) s;
        }
        if (o instanceof String s && s.length() <= 11) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A bounded decimal from a string or a number; null when absent, malformed or out of bounds. */
    public static BigDecimal asDecimal(Object o) {
        BigDecimal d;
        if (o instanceof String s) {
            if (s.isEmpty() || s.length() > MAX_DECIMAL_TEXT) {
                return null;
            }
            try {
                d = new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                return null;
            }
        } else if (o instanceof Integer || o instanceof Long || o instanceof Short) {
            d = BigDecimal.valueOf(((Number) o).longValue());
        } else if (o instanceof BigDecimal b) {
            d = b;
        } else if (o instanceof Double x && Double.isFinite(x)) {
            d = BigDecimal.valueOf(x);
        } else {
            return null;
        }
        return withinBounds(d) ? d : null;
    }

    /** True when the decimal has at most {@link #MAX_INTEGER_DIGITS} integer digits and {@link #MAX_SCALE} decimals. */
    public static boolean withinBounds(BigDecimal d) {
        // precision - scale is the number of integer digits, computed without expanding the number
        return d.scale() <= MAX_SCALE && (long) d.precision() - d.scale() <= MAX_INTEGER_DIGITS;
    }

    private static Instant asInstant(Object o) {
        if (o instanceof String s && s.length() <= 40) {
            try {
                return Instant.parse(s);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }

    private static LocalDate asDate(Object o) {
        if (o instanceof String s && s.length() == 10) {
            try {
                return LocalDate.parse(s);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }
}
