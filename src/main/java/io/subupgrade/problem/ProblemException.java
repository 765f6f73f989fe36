package io.subupgrade.problem;

import java.util.List;

/**
 * A failure the caller can act on, with a stable code (e.g. {@link ProblemCode#UPGRADE_ALREADY_PENDING}); the HTTP
 * status comes from the code, so services name what went wrong, not how HTTP says it. Thrown by services and rules;
 * turned into problem+json by {@code web/ProblemMappers} only. This package depends on nothing else of the service,
 * so the pure rules can throw it without reaching into {@code web/}.
 */
public class ProblemException extends RuntimeException {
    private final ProblemCode code;
    private final List<FieldError> errors;

    public ProblemException(ProblemCode code, String detail) {
        this(code, detail, null);
    }

    public ProblemException(ProblemCode code, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.code = code;
        this.errors = errors;
    }

    public ProblemCode code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemCode.NOT_FOUND, what + " was not found.");
    }

    public static ProblemException invalid(String field, String message) {
        return new ProblemException(
                ProblemCode.VALIDATION_FAILED, "The request is not valid.", List.of(new FieldError(field, message)));
    }

    /** The failure again from its embedded form (a rejected batch record answered on its own). */
    public static ProblemException of(String wireCode, String detail, List<FieldError> errors) {
        return new ProblemException(ProblemCode.ofWireName(wireCode), detail, errors);
    }
}
