package org.touchpoint.gateway.problem;

/** Thrown to answer with a specific {@link Problem}; rendered by the gateway's error handler. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
