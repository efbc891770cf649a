package org.touchpoint.kit.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.filter.OncePerRequestFilter;
import org.touchpoint.events.InternalTokenContract;
import org.touchpoint.kit.web.ProblemWriter;
import org.touchpoint.kit.web.Problems;

/** Every request except the public paths must carry a valid internal token from the gateway, or gets 401. */
public class InternalTokenFilter extends OncePerRequestFilter {

    private final InternalTokenVerifier verifier;
    private final List<String> publicPaths;
    private final ProblemWriter problems;
    private final AntPathMatcher matcher = new AntPathMatcher();

    public InternalTokenFilter(InternalTokenVerifier verifier, List<String> publicPaths, ProblemWriter problems) {
        this.verifier = verifier;
        this.publicPaths = publicPaths;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return publicPaths.stream().anyMatch(p -> matcher.match(p, path));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(InternalTokenContract.HEADER);
        if (header == null || !header.regionMatches(true, 0, InternalTokenContract.BEARER_PREFIX, 0, InternalTokenContract.BEARER_PREFIX.length())) {
            reject(response, "this service is reached through the gateway; no internal token was presented");
            return;
        }
        CrmPrincipal principal;
        try {
            principal = verifier.verify(header.substring(InternalTokenContract.BEARER_PREFIX.length()).trim());
        } catch (InternalTokenVerifier.InvalidTokenException e) {
            reject(response, e.getMessage());
            return;
        }
        request.setAttribute(CrmPrincipal.ATTRIBUTE, principal);
        chain.doFilter(request, response);
    }

    private void reject(HttpServletResponse response, String detail) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        problems.write(response, Problems.of(HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED, "Unauthorized", detail));
    }
}
