package org.touchpoint.kit.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** Problem type URIs (RFC 9457) used across the platform, and a small factory. */
public final class Problems {

    public static final URI VALIDATION = URI.create("urn:touchpoint:problem:validation");
    public static final URI MALFORMED = URI.create("urn:touchpoint:problem:malformed-request");
    public static final URI NOT_FOUND = URI.create("urn:touchpoint:problem:not-found");
    public static final URI CONFLICT = URI.create("urn:touchpoint:problem:conflict");
    public static final URI PRECONDITION_FAILED = URI.create("urn:touchpoint:problem:precondition-failed");
    public static final URI PAYLOAD_TOO_LARGE = URI.create("urn:touchpoint:problem:payload-too-large");
    public static final URI UNSUPPORTED_MEDIA_TYPE = URI.create("urn:touchpoint:problem:unsupported-media-type");
    public static final URI UNPROCESSABLE = URI.create("urn:touchpoint:problem:unprocessable");
    public static final URI UNAUTHORIZED = URI.create("urn:touchpoint:problem:unauthorized");
    public static final URI FORBIDDEN = URI.create("urn:touchpoint:problem:forbidden");
    public static final URI INTERNAL = URI.create("urn:touchpoint:problem:internal");

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(type);
        p.setTitle(title);
        return p;
    }
}
