package org.touchpoint.kit.web;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.touchpoint.events.ProblemTypes;

/** Problem type URIs (RFC 9457, from the shared {@link ProblemTypes}) and a small factory. */
public final class Problems {

    public static final URI VALIDATION = URI.create(ProblemTypes.VALIDATION);
    public static final URI MALFORMED = URI.create(ProblemTypes.MALFORMED);
    public static final URI NOT_FOUND = URI.create(ProblemTypes.NOT_FOUND);
    public static final URI CONFLICT = URI.create(ProblemTypes.CONFLICT);
    public static final URI GONE = URI.create(ProblemTypes.GONE);
    public static final URI PRECONDITION_FAILED = URI.create(ProblemTypes.PRECONDITION_FAILED);
    public static final URI PAYLOAD_TOO_LARGE = URI.create(ProblemTypes.PAYLOAD_TOO_LARGE);
    public static final URI UNSUPPORTED_MEDIA_TYPE = URI.create(ProblemTypes.UNSUPPORTED_MEDIA_TYPE);
    public static final URI UNPROCESSABLE = URI.create(ProblemTypes.UNPROCESSABLE);
    public static final URI UNAUTHORIZED = URI.create(ProblemTypes.UNAUTHORIZED);
    public static final URI FORBIDDEN = URI.create(ProblemTypes.FORBIDDEN);
    public static final URI INTERNAL = URI.create(ProblemTypes.INTERNAL);
    public static final URI SERVICE_UNAVAILABLE = URI.create(ProblemTypes.SERVICE_UNAVAILABLE);

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setType(type);
        p.setTitle(title);
        return p;
    }
}
