package org.touchpoint.analytics.fold;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/** Tolerant reads of a touch's free-form attributes: a missing or malformed value is null, never a failure. */
final class Attrs {

    private Attrs() {
    }

    static String str(Map<String, ?> attrs, String key) {
        Object v = attrs == null ? null : attrs.get(key);
        if (v == null) {
            return null;
        }
        String s = v.toString();
        return s.isBlank() ? null : s;
    }

    static Integer integer(Map<String, ?> attrs, String key) {
        BigDecimal d = decimal(attrs, key);
        try {
            return d == null ? null : d.intValue();
        } catch (ArithmeticException e) {
            return null;
        }
    }

    static BigDecimal decimal(Map<String, ?> attrs, String key) {
        Object v = attrs == null ? null : attrs.get(key);
        if (v == null) {
            return null;
        }
        try {
            return v instanceof BigDecimal b ? b : new BigDecimal(v.toString().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static LocalDate date(Map<String, ?> attrs, String key) {
        String s = str(attrs, key);
        if (s == null) {
            return null;
        }
        try {
            return s.length() > 10 ? Instant.parse(s).atZone(java.time.ZoneOffset.UTC).toLocalDate() : LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static Instant instant(Map<String, ?> attrs, String key) {
        String s = str(attrs, key);
        if (s == null) {
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> listOfMaps(Map<String, ?> attrs, String key) {
        Object v = attrs == null ? null : attrs.get(key);
        if (!(v instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(Map.class::isInstance).map(m -> (Map<String, Object>) m).toList();
    }
}
