package org.touchpoint.gateway.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.touchpoint.events.ProblemTypes;

/**
 * An RFC 9457 problem the gateway answers itself. Rendered by {@link ProblemWriter}; extra members
 * (e.g. {@code errors}) are added to the JSON object after the standard ones.
 */
public record Problem(HttpStatusCode status, String title, @Nullable String detail, Map<String, Object> extensions,
                      HttpHeaders headers) {

    public static final String WWW_AUTHENTICATE_API_KEY = "ApiKey realm=\"touchpoint\", header=\"X-API-Key\"";

    public static Problem of(HttpStatusCode status, String title, @Nullable String detail) {
        return new Problem(status, title, detail, Map.of(), new HttpHeaders());
    }

    public static Problem unauthorized(String detail) {
        Problem problem = of(HttpStatusCode.valueOf(401), "Unauthorized", detail);
        problem.headers().set(HttpHeaders.WWW_AUTHENTICATE, WWW_AUTHENTICATE_API_KEY);
        return problem;
    }

    public static Problem forbidden(String detail) {
        return of(HttpStatusCode.valueOf(403), "Forbidden", detail);
    }

    public static Problem notFound(String detail) {
        return of(HttpStatusCode.valueOf(404), "Not found", detail);
    }

    /** A 400 listing the offending fields, each as {@code {"field": ..., "message": ...}}. */
    public static Problem badRequest(String detail, List<FieldError> errors) {
        return new Problem(HttpStatusCode.valueOf(400), "Bad request", detail,
                Map.of("errors", errors), new HttpHeaders());
    }

    public Problem withHeader(String name, String value) {
        headers.set(name, value);
        return this;
    }

    Map<String, Object> body(String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemTypes.forStatus(status.value()));
        body.put("title", title);
        body.put("status", status.value());
        if (detail != null) {
            body.put("detail", detail);
        }
        body.put("instance", instance);
        body.putAll(extensions);
        return body;
    }

    /** One offending input field of a 400. */
    public record FieldError(String field, String message) {
    }
}
