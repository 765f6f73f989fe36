package io.subupgrade.web;

import java.util.List;

/**
 * A failure the caller can act on, with a stable code (e.g. {@code upgrade-already-pending}).
 * Thrown by services; turned into problem+json by {@link ProblemMappers} only.
 */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String code;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String code, String detail) {
        this(status, code, detail, null);
    }

    public ProblemException(int status, String code, String detail, List<Problem.FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = errors;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", what + " was not found.");
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(
                400, "validation-failed", "The request is not valid.", List.of(new Problem.FieldError(field, message)));
    }
}
