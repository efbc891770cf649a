package org.touchpoint.kit.web;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A client-facing failure with its HTTP status and problem type. Services throw the subclasses; the
 * kit's advice renders them as application/problem+json.
 */
public class CrmApiException extends RuntimeException {

    private final HttpStatus status;
    private final URI type;
    private final String title;
    private final List<FieldError> errors;

    public CrmApiException(HttpStatus status, URI type, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** One offending field of a request: {@code {"field": "emails[0]", "message": "must be a well-formed email address"}}. */
    public record FieldError(String field, String message) {
    }

    public static CrmApiException notFound(String what, String id) {
        return new CrmApiException(HttpStatus.NOT_FOUND, Problems.NOT_FOUND, "Not found", what + " " + id + " does not exist", null);
    }

    public static CrmApiException conflict(String detail) {
        return new CrmApiException(HttpStatus.CONFLICT, Problems.CONFLICT, "Conflict", detail, null);
    }

    /** 410: the resource existed and is used up or expired for good (an answered survey, an expired link). */
    public static CrmApiException gone(String detail) {
        return new CrmApiException(HttpStatus.GONE, Problems.GONE, "Gone", detail, null);
    }

    public static CrmApiException preconditionFailed(String detail) {
        return new CrmApiException(HttpStatus.PRECONDITION_FAILED, Problems.PRECONDITION_FAILED, "Precondition failed", detail, null);
    }

    public static CrmApiException badRequest(String field, String message) {
        return new CrmApiException(HttpStatus.BAD_REQUEST, Problems.VALIDATION, "Invalid request",
                field + ": " + message, List.of(new FieldError(field, message)));
    }

    public static CrmApiException unprocessable(String field, String message) {
        return new CrmApiException(HttpStatus.UNPROCESSABLE_CONTENT, Problems.UNPROCESSABLE, "Unprocessable request",
                field == null ? message : field + ": " + message, field == null ? null : List.of(new FieldError(field, message)));
    }

    public static CrmApiException payloadTooLarge(long limit) {
        return new CrmApiException(HttpStatus.CONTENT_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE, "Payload too large",
                "the request body exceeds " + limit + " bytes", null);
    }
}
