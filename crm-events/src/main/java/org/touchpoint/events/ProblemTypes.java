package org.touchpoint.events;

/**
 * RFC 9457 problem {@code type} URIs, the same whichever component answers (gateway or service), so a
 * client can act on the type rather than parse the text.
 */
public final class ProblemTypes {

    private static final String PREFIX = "urn:touchpoint:problem:";

    public static final String VALIDATION = PREFIX + "validation";
    public static final String MALFORMED = PREFIX + "malformed-request";
    public static final String UNAUTHORIZED = PREFIX + "unauthorized";
    public static final String FORBIDDEN = PREFIX + "forbidden";
    public static final String NOT_FOUND = PREFIX + "not-found";
    public static final String METHOD_NOT_ALLOWED = PREFIX + "method-not-allowed";
    public static final String CONFLICT = PREFIX + "conflict";
    public static final String PRECONDITION_FAILED = PREFIX + "precondition-failed";
    public static final String GONE = PREFIX + "gone";
    public static final String PAYLOAD_TOO_LARGE = PREFIX + "payload-too-large";
    public static final String UNSUPPORTED_MEDIA_TYPE = PREFIX + "unsupported-media-type";
    public static final String UNPROCESSABLE = PREFIX + "unprocessable";
    public static final String TOO_MANY_REQUESTS = PREFIX + "too-many-requests";
    public static final String INTERNAL = PREFIX + "internal";
    public static final String SERVICE_UNAVAILABLE = PREFIX + "service-unavailable";
    public static final String GATEWAY_TIMEOUT = PREFIX + "gateway-timeout";
    public static final String OTHER = "about:blank";

    private ProblemTypes() {
    }

    /** The default type for a status, where the answering code has nothing more specific. */
    public static String forStatus(int status) {
        return switch (status) {
            case 400 -> VALIDATION;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 409 -> CONFLICT;
            case 410 -> GONE;
            case 412 -> PRECONDITION_FAILED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 422 -> UNPROCESSABLE;
            case 429 -> TOO_MANY_REQUESTS;
            case 500 -> INTERNAL;
            case 503 -> SERVICE_UNAVAILABLE;
            case 504 -> GATEWAY_TIMEOUT;
            default -> OTHER;
        };
    }
}
