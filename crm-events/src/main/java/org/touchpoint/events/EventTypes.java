package org.touchpoint.events;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * CloudEvents {@code type} values. A touch of kind {@code opportunity.won} travels as
 * {@code crm.touch.opportunity.won.v1}; a breaking change would be a new {@code .v2} type, which v1
 * consumers ignore.
 */
public final class EventTypes {

    public static final String TOUCH_PREFIX = "crm.touch.";
    public static final String TOUCH_V1_SUFFIX = ".v1";
    public static final String CUSTOMER_PROFILE_V1 = "crm.customer.profile.v1";
    public static final String SPEC_VERSION = "1.0";
    public static final String DATA_CONTENT_TYPE = "application/json";

    private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");

    private EventTypes() {
    }

    public static String touchV1(String kind) {
        if (!isValidKind(kind)) {
            throw new IllegalArgumentException("not a touch kind: " + kind);
        }
        return TOUCH_PREFIX + kind + TOUCH_V1_SUFFIX;
    }

    /** The touch kind of a v1 touch type, or empty for any other type (which a v1 consumer ignores). */
    public static Optional<String> kindOfTouchV1(String type) {
        if (type == null || !type.startsWith(TOUCH_PREFIX) || !type.endsWith(TOUCH_V1_SUFFIX)) {
            return Optional.empty();
        }
        String kind = type.substring(TOUCH_PREFIX.length(), type.length() - TOUCH_V1_SUFFIX.length());
        return isValidKind(kind) ? Optional.of(kind) : Optional.empty();
    }

    public static boolean isValidKind(String kind) {
        return kind != null && kind.length() <= 100 && KIND.matcher(kind).matches();
    }

    /** The CloudEvents source of a service: {@code /crm/customer-service}. */
    public static String source(String serviceName) {
        return "/crm/" + serviceName;
    }
}
