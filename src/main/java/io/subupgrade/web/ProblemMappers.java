package io.subupgrade.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.subupgrade.problem.FieldError;
import io.subupgrade.problem.ProblemCode;
import io.subupgrade.problem.ProblemException;
import io.subupgrade.security.SigningKeysUnavailableException;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become RFC 9457 problem+json. Messages are written here, never
 * copied from exceptions, so no class name or stack trace reaches a client.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    static final String UNAUTHENTICATED = "A valid bearer token is required.";
    static final String FORBIDDEN = "Your role does not allow this operation.";

    @Inject
    Routes routes;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri, HttpHeaders headers) {
        return respond(e.code(), e.getMessage(), e.errors(), uri, headers);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri, HttpHeaders headers) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return respond(ProblemCode.VALIDATION_FAILED, "The request is not valid.", errors, uri, headers);
    }

    // Declared for MismatchedInputException too: Quarkus ships a mapper for that exact type.
    @ServerExceptionMapper({JsonMappingException.class, MismatchedInputException.class})
    public Response unreadable(JsonMappingException e, UriInfo uri, HttpHeaders headers) {
        // Jackson wraps syntax errors met inside an object with the path where they happened.
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof JsonParseException parse) {
                return malformed(parse, uri, headers);
            }
        }
        return respond(
                ProblemCode.VALIDATION_FAILED,
                "The request body does not match the expected structure.",
                List.of(new FieldError(pathOf(e), messageOf(e))),
                uri,
                headers);
    }

    @ServerExceptionMapper
    public Response malformed(JsonParseException e, UriInfo uri, HttpHeaders headers) {
        if (isDuplicateKey(e)) {
            // Well-formed, but ambiguous (RFC 8259 section 4): the client must say which value it means.
            return respond(
                    ProblemCode.VALIDATION_FAILED,
                    "The request body gives a field more than once.",
                    List.of(new FieldError(pathOf(e), "is given more than once")),
                    uri,
                    headers);
        }
        return respond(ProblemCode.MALFORMED_JSON, "The request body is not well-formed JSON.", null, uri, headers);
    }

    /**
     * Quarkus ships a mapper for this exact type that answers an empty 500. It means a type the JSON reader cannot
     * build (a bug of ours), so it is a 500, but with the problem body like every other failure.
     */
    @ServerExceptionMapper
    public Response undefined(InvalidDefinitionException e, UriInfo uri, HttpHeaders headers) {
        return unexpected(e, uri, headers);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri, HttpHeaders headers) {
        if (causedBy(e, SigningKeysUnavailableException.class)) {
            // The token may well be good: signing in again would not help, retrying shortly will.
            LOG.warnf("Token signer's keys unavailable: %s", rootMessage(e));
            Response r = respond(
                    ProblemCode.SERVICE_UNAVAILABLE,
                    "The service cannot fetch its identity provider's signing keys; retry shortly.",
                    null,
                    uri,
                    headers);
            return Response.fromResponse(r).header("Retry-After", "5").build();
        }
        Response r = respond(ProblemCode.UNAUTHENTICATED, UNAUTHENTICATED, null, uri, headers);
        return Response.fromResponse(r)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.toString();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri, HttpHeaders headers) {
        return respond(ProblemCode.FORBIDDEN, FORBIDDEN, null, uri, headers);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri, HttpHeaders headers, Request request) {
        int status = e.getResponse().getStatus();
        return switch (status) {
            case 404 -> notFound(uri, headers, request);
            case 405 -> notAllowed(uri, headers);
            case 406 -> respond(ProblemCode.NOT_ACCEPTABLE, notAcceptable(uri), null, uri, headers);
            case 413 -> respond(ProblemCode.PAYLOAD_TOO_LARGE, "The request body is too large.", null, uri, headers);
            case 415 ->
                respond(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json.", null, uri, headers);
            default -> status >= 500 ? unexpected(e, uri, headers) : unreadableBody(e, uri, headers);
        };
    }

    /** Invoices are the one resource served in more than JSON. */
    private static String notAcceptable(UriInfo uri) {
        return uri.getPath().startsWith("/v1/invoices/")
                ? "An invoice is served as application/json, text/csv or application/pdf."
                : "The service answers in JSON only.";
    }

    /**
     * Quarkus REST answers 404, not 405, for a method no resource has on a path under another class's path (DELETE on
     * {@code /v1/subscriptions/{id}/usage}); the path is served, so it is a 405.
     */
    private Response notFound(UriInfo uri, HttpHeaders headers, Request request) {
        String path = "/" + uri.getPath().replaceFirst("^/", "");
        if (routes.templateOf(path).isPresent()
                && routes.operation(request.getMethod(), path).isEmpty()) {
            return notAllowed(uri, headers);
        }
        return respond(ProblemCode.NOT_FOUND, "There is nothing at this path.", null, uri, headers);
    }

    /** RFC 9110: a 405 lists the methods the path allows (from the same table as OPTIONS). */
    private Response notAllowed(UriInfo uri, HttpHeaders headers) {
        Response r = respond(ProblemCode.METHOD_NOT_ALLOWED, "This method is not allowed here.", null, uri, headers);
        return routes.allow("/" + uri.getPath().replaceFirst("^/", ""))
                .map(allow -> Response.fromResponse(r)
                        .header(HttpHeaders.ALLOW, allow)
                        .build())
                .orElse(r);
    }

    /** The JSON reader reports unreadable bodies as a bare 400; the cause says what was wrong. */
    private Response unreadableBody(WebApplicationException e, UriInfo uri, HttpHeaders headers) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof JsonParseException parse) {
                return malformed(parse, uri, headers);
            }
            if (t instanceof JsonMappingException mapping) {
                return unreadable(mapping, uri, headers);
            }
        }
        return respond(ProblemCode.VALIDATION_FAILED, "The request is not valid.", null, uri, headers);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri, HttpHeaders headers) {
        if (isDatabaseUnavailable(e)) {
            LOG.warnf("Database unavailable: %s", e.getMessage());
            Response r = respond(
                    ProblemCode.SERVICE_UNAVAILABLE,
                    "The service cannot reach its database; retry shortly.",
                    null,
                    uri,
                    headers);
            return Response.fromResponse(r).header("Retry-After", "2").build();
        }
        if (isUnstorableText(e)) {
            // PostgreSQL text cannot hold NUL: the client sent a string no column can store.
            LOG.debugf("Unstorable text in request: %s", e.getMessage());
            return respond(
                    ProblemCode.VALIDATION_FAILED,
                    "The request contains characters that cannot be stored (such as \\u0000).",
                    null,
                    uri,
                    headers);
        }
        LOG.error("Unexpected failure", e);
        return respond(ProblemCode.INTERNAL_ERROR, "Something went wrong on our side.", null, uri, headers);
    }

    /** The answer to a failure met outside an exception mapper (e.g. a commit in a response filter). */
    public static Response failure(Throwable e, UriInfo uri, HttpHeaders headers) {
        return new ProblemMappers().unexpected(e, uri, headers);
    }

    static boolean isDatabaseUnavailable(Throwable e) {
        return causes(e)
                .anyMatch(t -> t instanceof JDBCConnectionException
                        || t instanceof SQLTransientException
                        || t instanceof SQLException sql
                                && (isUnavailableState(sql.getSQLState())
                                        || String.valueOf(sql.getMessage()).contains("acquisition timeout")));
    }

    /** 22021 (invalid byte sequence, e.g. a NUL character) and 22P05 (untranslatable character). */
    static boolean isUnstorableText(Throwable e) {
        return causes(e)
                .anyMatch(t -> t instanceof SQLException sql
                        && Stream.iterate(sql, Objects::nonNull, SQLException::getNextException)
                                .anyMatch(s -> "22021".equals(s.getSQLState()) || "22P05".equals(s.getSQLState())));
    }

    /**
     * The failure, its causes and what was suppressed along the way. A commit that fails because
     * PostgreSQL went away surfaces as a RollbackException whose SQLException is only a suppressed
     * exception of the transaction manager's, not a cause.
     */
    static Stream<Throwable> causes(Throwable e) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> todo = new ArrayDeque<>();
        todo.add(e);
        Stream.Builder<Throwable> all = Stream.builder();
        while (!todo.isEmpty()) {
            Throwable t = todo.pop();
            if (seen.add(t)) {
                all.add(t);
                Optional.ofNullable(t.getCause()).ifPresent(todo::add);
                todo.addAll(Arrays.asList(t.getSuppressed()));
            }
        }
        return all.build();
    }

    /**
     * SQLSTATEs meaning "the database is not there right now": class 08 (connection exception),
     * 57P01-57P03 (the server is shutting down, crashed or is starting: a pooled connection's query
     * fails with "terminating connection due to administrator command" when PostgreSQL stops) and
     * 53300 (too many connections).
     */
    static boolean isUnavailableState(String state) {
        return state != null
                && (state.startsWith("08")
                        || state.equals("57P01")
                        || state.equals("57P02")
                        || state.equals("57P03")
                        || state.equals("53300"));
    }

    static Response respond(
            ProblemCode code, String detail, List<FieldError> errors, UriInfo uri, HttpHeaders headers) {
        // At DEBUG: a refusal is the client's business, but an operator chasing a request id may want to see it.
        LOG.debugf("Answered %d %s: %s", code.status(), code.wireName(), detail);
        Locale language = Languages.negotiate(headers);
        Problem body = new Problem(
                code.type(),
                ProblemTitles.title(code, language),
                code.status(),
                detail,
                uri == null ? null : "/" + uri.getPath().replaceFirst("^/", ""),
                code.wireName(),
                RequestIds.current(),
                errors == null || errors.isEmpty() ? null : errors);
        return Response.status(code.status())
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.CONTENT_LANGUAGE, language.toLanguageTag())
                .entity(body)
                .build();
    }

    /** "create.request.records[2].quantity" becomes "records[2].quantity"; a query parameter keeps its name. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = new ArrayList<>();
        violation.getPropertyPath().forEach(nodes::add);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Path.Node node = nodes.get(i);
            boolean last = i == nodes.size() - 1;
            if (node.getKind() == ElementKind.METHOD
                    || node.getKind() == ElementKind.CROSS_PARAMETER
                    || (node.getKind() == ElementKind.PARAMETER && !last)) {
                continue;
            }
            String name = node.getName() == null ? "" : node.getName();
            if (node.getIndex() != null && !parts.isEmpty()) {
                int at = parts.size() - 1;
                parts.set(at, parts.get(at) + "[" + node.getIndex() + "]");
            }
            if (node.getKind() != ElementKind.CONTAINER_ELEMENT && !name.isEmpty()) {
                parts.add(name);
            }
        }
        return parts.isEmpty() ? "body" : String.join(".", parts);
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "body" : path.toString();
    }

    /**
     * The parser's STRICT_DUPLICATE_DETECTION (see {@link StrictJson}) reports a repeated key as a parse error of its
     * own: no subtype, only this message (jackson-core's JsonReadContext), pinned by StrictJsonTest.
     */
    private static boolean isDuplicateKey(JsonParseException e) {
        return e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field '");
    }

    /** Where the parser stood: the repeated key, with the objects and arrays around it ("records[1].quantity"). */
    private static String pathOf(JsonParseException e) {
        JsonParser parser = e.getProcessor();
        if (parser == null) {
            return "body";
        }
        Deque<JsonStreamContext> chain = new ArrayDeque<>();
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            chain.push(c);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext c : chain) {
            if (c.inArray()) {
                path.append('[').append(c.getCurrentIndex()).append(']');
            } else if (c.getCurrentName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(c.getCurrentName());
            }
        }
        return path.length() == 0 ? "body" : path.toString();
    }

    private static String messageOf(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a known field";
        }
        if (e instanceof InvalidFormatException f
                && f.getTargetType() != null
                && f.getTargetType().isEnum()) {
            return "must be one of "
                    + Arrays.stream(f.getTargetType().getEnumConstants())
                            .map(Object::toString)
                            .collect(Collectors.joining(", "));
        }
        if (e instanceof InvalidFormatException) {
            return "has an invalid value";
        }
        if (e instanceof MismatchedInputException) {
            return "has the wrong type";
        }
        return "cannot be read";
    }
}
