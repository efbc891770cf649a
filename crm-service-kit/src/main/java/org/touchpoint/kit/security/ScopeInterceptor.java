package org.touchpoint.kit.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.touchpoint.kit.web.ProblemWriter;
import org.touchpoint.kit.web.Problems;

/**
 * Enforces {@link RequiresScope} on the platform's controllers. A controller in {@code org.touchpoint} that
 * declares no scope is refused: an endpoint is closed until it says what it needs, or says it is public
 * ({@link PublicEndpoint}, which only helps under {@code /public/**}: elsewhere the token filter still asks a token).
 */
public class ScopeInterceptor implements HandlerInterceptor {

    private static final String PLATFORM_PACKAGE = "org.touchpoint.";
    private final ProblemWriter problems;

    public ScopeInterceptor(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        if (!(handler instanceof HandlerMethod method) || !method.getBeanType().getName().startsWith(PLATFORM_PACKAGE)) {
            return true;
        }
        if (AnnotatedElementUtils.hasAnnotation(method.getMethod(), PublicEndpoint.class)
                || AnnotatedElementUtils.hasAnnotation(method.getBeanType(), PublicEndpoint.class)) {
            return true;
        }
        RequiresScope required = AnnotatedElementUtils.findMergedAnnotation(method.getMethod(), RequiresScope.class);
        if (required == null) {
            required = AnnotatedElementUtils.findMergedAnnotation(method.getBeanType(), RequiresScope.class);
        }
        CrmPrincipal principal = (CrmPrincipal) request.getAttribute(CrmPrincipal.ATTRIBUTE);
        if (required == null) {
            return deny(response, "this endpoint declares no scope and is closed");
        }
        if (principal == null || !principal.hasScope(required.value())) {
            return deny(response, "this operation needs scope " + required.value());
        }
        return true;
    }

    private boolean deny(HttpServletResponse response, String detail) throws Exception {
        problems.write(response, Problems.of(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden", detail));
        return false;
    }
}
