package org.touchpoint.kit.web;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.List;
import java.util.Map;

/**
 * Validates {@link SafeKeys}: rejects what could reach MongoDB as an operator or a path ({@code $}, {@code .}), what
 * the object mapper would read as metadata ({@code _class}, {@code _id}: any key starting with {@code _}), numbers
 * BSON cannot hold, and maps large or deep enough to blow up a document.
 */
public class SafeKeysValidator implements ConstraintValidator<SafeKeys, Map<?, ?>> {

    static final int MAX_DEPTH = 4;
    static final int MAX_ENTRIES = 50;
    static final int MAX_KEY_LENGTH = 64;
    static final int MAX_STRING_LENGTH = 4000;

    @Override
    public boolean isValid(Map<?, ?> value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        String problem = check(value, 1);
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(problem.replace("{", "\\{").replace("$", "\\$")).addConstraintViolation();
        return false;
    }

    /** A message naming the first offending key, or null when the map is safe. */
    static String check(Map<?, ?> map, int depth) {
        if (depth > MAX_DEPTH) {
            return "nested deeper than " + MAX_DEPTH + " levels";
        }
        if (map.size() > MAX_ENTRIES) {
            return "more than " + MAX_ENTRIES + " entries";
        }
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key) || key.isBlank()) {
                return "keys must be non-blank strings";
            }
            if (key.startsWith("$") || key.startsWith("_") || key.contains(".") || key.indexOf('\0') >= 0) {
                return "key '" + key + "' must not start with '$' or '_' or contain '.'";
            }
            if (key.length() > MAX_KEY_LENGTH) {
                return "key '" + key.substring(0, 20) + "...' is longer than " + MAX_KEY_LENGTH + " characters";
            }
            String inner = checkValue(key, e.getValue(), depth);
            if (inner != null) {
                return inner;
            }
        }
        return null;
    }

    private static String checkValue(String key, Object v, int depth) {
        return switch (v) {
            case null -> null;
            case String s -> s.length() > MAX_STRING_LENGTH ? "value of '" + key + "' is longer than " + MAX_STRING_LENGTH + " characters" : null;
            case java.math.BigInteger big -> big.bitLength() > 63 ? "number '" + key + "' is out of range" : null;
            case java.math.BigDecimal big -> "number '" + key + "' has too many digits";
            case Number n -> null;
            case Boolean b -> null;
            case Map<?, ?> m -> check(m, depth + 1);
            case List<?> l -> {
                if (l.size() > MAX_ENTRIES) {
                    yield "list '" + key + "' has more than " + MAX_ENTRIES + " items";
                }
                for (Object item : l) {
                    String p = checkValue(key, item, depth + 1);
                    if (p != null) {
                        yield p;
                    }
                }
                yield null;
            }
            default -> "value of '" + key + "' has an unsupported type";
        };
    }
}
