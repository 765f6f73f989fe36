package io.subupgrade.web.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.subupgrade.web.Problem;
import io.subupgrade.web.ProblemException;
import io.vertx.core.Context;
import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Idempotency-Key for every POST, present and future, with no code in the resources.
 *
 * <p>These are post-matching filters: Quarkus REST runs its security checks (401/403) before
 * them, so a refused request never claims a key; and for blocking endpoints they run on the
 * worker thread, where reading the body and JDBC are allowed.
 */
public class IdempotencyFilter {
    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private static final Logger LOG = Logger.getLogger(IdempotencyFilter.class);
    private static final String CLAIM = IdempotencyFilter.class.getName() + ".claim";
    private static final Pattern KEY = Pattern.compile("[\\x20-\\x7E]{1,255}");

    /**
     * Outcomes that say nothing final about the request: a corrected request (which has another
     * body) or a plain retry must be able to use the same key again.
     */
    private static final Set<Integer> NOT_STORED = Set.of(400, 401, 403, 405, 406, 408, 413, 415, 429);

    private static final Set<String> TRANSIENT_CODES = Set.of("concurrent-update");

    @Inject
    IdempotencyStore store;

    @Inject
    ObjectMapper json;

    @ServerRequestFilter
    public Optional<Response> claim(ContainerRequestContext request) throws IOException {
        String key = request.getHeaderString(HEADER);
        if (key == null || !HttpMethod.POST.equals(request.getMethod())) {
            return Optional.empty();
        }
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.invalid(HEADER, "must be 1 to 255 printable ASCII characters");
        }
        String caller = callerOf(request.getSecurityContext().getUserPrincipal());
        if (caller == null) {
            return Optional.empty();
        }
        if (Context.isOnEventLoopThread()) {
            // Reading the body and JDBC would block the event loop; fail loudly rather than skip silently.
            throw new IllegalStateException("Idempotency-Key needs a blocking POST endpoint: "
                    + request.getUriInfo().getPath());
        }
        byte[] body = request.getEntityStream().readAllBytes();
        request.setEntityStream(new ByteArrayInputStream(body));

        Claim claim = store.claim(caller, key, fingerprint(request, body));
        if (claim instanceof Claim.Claimed claimed) {
            request.setProperty(CLAIM, new Held(caller, key, claimed.token()));
            return Optional.empty();
        }
        if (claim instanceof Claim.Replay replay) {
            return Optional.of(replay(replay.response()));
        }
        if (claim instanceof Claim.Reused) {
            throw new ProblemException(
                    422, "idempotency-key-reused", "This Idempotency-Key was used with a different request.");
        }
        throw new ProblemException(
                409,
                "idempotency-key-in-use",
                "A request with this Idempotency-Key is still being processed; retry later.");
    }

    @ServerResponseFilter
    public void complete(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(CLAIM) instanceof Held held)) {
            return;
        }
        request.removeProperty(CLAIM);
        try {
            if (!isFinal(response)) {
                store.release(held.caller, held.key, held.token);
                return;
            }
            byte[] body = bytesOf(response.getEntity());
            MediaType type = response.getMediaType() != null
                    ? response.getMediaType()
                    : body.length > 0 ? MediaType.APPLICATION_JSON_TYPE : null;
            if (body.length > 0) {
                // Send the very bytes that are stored, so a replay is identical byte for byte.
                response.setEntity(body, response.getEntityAnnotations(), type);
            }
            store.complete(
                    held.caller,
                    held.key,
                    held.token,
                    new StoredResponse(
                            response.getStatus(),
                            type == null ? null : type.toString(),
                            response.getHeaderString(HttpHeaders.CONTENT_LANGUAGE),
                            response.getHeaderString(HttpHeaders.LOCATION),
                            response.getHeaderString(HttpHeaders.ETAG),
                            body));
        } catch (RuntimeException | IOException e) {
            // The action is done and its response is on its way; only the record of it failed. The
            // claim stays IN_FLIGHT until its lease runs out, then a retry runs the request again.
            LOG.errorf(e, "Could not record the response for Idempotency-Key %s of %s", held.key, held.caller);
        }
    }

    private static boolean isFinal(ContainerResponseContext response) {
        int status = response.getStatus();
        if (status < 200 || status >= 500 || NOT_STORED.contains(status)) {
            return false;
        }
        return !(response.getEntity() instanceof Problem p && TRANSIENT_CODES.contains(p.code()));
    }

    private byte[] bytesOf(Object entity) throws IOException {
        if (entity == null) {
            return new byte[0];
        }
        if (entity instanceof byte[] bytes) {
            return bytes;
        }
        if (entity instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return json.writeValueAsBytes(entity);
    }

    private static Response replay(StoredResponse stored) {
        Response.ResponseBuilder r = Response.status(stored.status()).header(REPLAYED_HEADER, "true");
        if (stored.body().length > 0) {
            r.entity(stored.body()).type(stored.contentType());
        }
        if (stored.location() != null) {
            r.header(HttpHeaders.LOCATION, stored.location()); // as stored: location(URI) would resolve it
        }
        if (stored.etag() != null) {
            r.header(HttpHeaders.ETAG, stored.etag());
        }
        if (stored.contentLanguage() != null) {
            r.header(HttpHeaders.CONTENT_LANGUAGE, stored.contentLanguage());
        }
        return r.build();
    }

    /** Keys are scoped to the account: the token's {@code sub}, as DESIGN.md defines the account id. */
    private static String callerOf(Principal principal) {
        if (principal instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return jwt.getSubject();
        }
        return principal == null ? null : principal.getName();
    }

    private static byte[] fingerprint(ContainerRequestContext request, byte[] body) {
        URI uri = request.getUriInfo().getRequestUri();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((request.getMethod() + ' ' + target + '\n').getBytes(StandardCharsets.UTF_8));
            sha.update(body);
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private record Held(String caller, String key, UUID token) {}
}
