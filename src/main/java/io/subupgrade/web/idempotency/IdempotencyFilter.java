package io.subupgrade.web.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.subupgrade.problem.ProblemCode;
import io.subupgrade.problem.ProblemException;
import io.subupgrade.security.Caller;
import io.subupgrade.web.Problem;
import io.subupgrade.web.ProblemMappers;
import io.vertx.core.Context;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Transaction;
import jakarta.transaction.TransactionManager;
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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Idempotency-Key for every POST, present and future, with no code in the resources.
 *
 * <p>The claim is its own short transaction, so a concurrent duplicate sees it at once. The request
 * then runs in a transaction begun here, which the services' {@code @Transactional} methods join,
 * and its final response is stored in that same transaction before it commits: the business write
 * and the record of its answer commit together or not at all. A failure after the commit can only
 * lose the answer on its way to the client, and the retry replays it; it never runs the write again.
 * A request that fails (a 4xx from a refused write) leaves nothing behind but its stored answer.
 *
 * <p>"The same request" is the same method and target with the same body by meaning: JSON is compared in a canonical
 * form, so another key order or other whitespace is still a replay ({@link RequestFingerprint}).
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

    @Inject
    IdempotencyStore store;

    @Inject
    ObjectMapper json;

    @Inject
    TransactionManager transactions;

    @Inject
    Caller callers;

    @ServerRequestFilter
    public Optional<Response> claim(ContainerRequestContext request) throws IOException {
        String key = request.getHeaderString(HEADER);
        if (key == null || !HttpMethod.POST.equals(request.getMethod())) {
            return Optional.empty();
        }
        if (!KEY.matcher(key).matches()) {
            throw ProblemException.invalid(HEADER, "must be 1 to 255 printable ASCII characters");
        }
        if (request.getSecurityContext().getUserPrincipal() == null) {
            return Optional.empty();
        }
        String caller = callers.accountId();
        if (Context.isOnEventLoopThread()) {
            // Reading the body and JDBC would block the event loop; fail loudly rather than skip silently.
            throw new IllegalStateException("Idempotency-Key needs a blocking POST endpoint: "
                    + request.getUriInfo().getPath());
        }
        byte[] body = request.getEntityStream().readAllBytes();
        request.setEntityStream(new ByteArrayInputStream(body));

        Claim claim = store.claim(caller, key, fingerprint(request, body));
        if (claim instanceof Claim.Claimed claimed) {
            try {
                transactions.begin();
                request.setProperty(CLAIM, new Held(caller, key, claimed.token(), transactions.getTransaction()));
            } catch (Exception e) {
                store.release(caller, key, claimed.token());
                throw new IllegalStateException("Could not begin the request's transaction", e);
            }
            return Optional.empty();
        }
        if (claim instanceof Claim.Replay replay) {
            return Optional.of(replay(replay.response()));
        }
        if (claim instanceof Claim.Reused) {
            throw new ProblemException(
                    ProblemCode.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was used with a different request.");
        }
        throw new ProblemException(
                ProblemCode.IDEMPOTENCY_KEY_IN_USE,
                "A request with this Idempotency-Key is still being processed; retry later.");
    }

    @ServerResponseFilter
    public void complete(ContainerRequestContext request, ContainerResponseContext response) {
        if (!(request.getProperty(CLAIM) instanceof Held held)) {
            return;
        }
        request.removeProperty(CLAIM);
        try {
            resume(held.transaction());
            if (!isFinal(response)) {
                transactions.rollback();
                store.release(held.caller(), held.key(), held.token());
                return;
            }
            StoredResponse answer = answer(response);
            if (held.transaction().getStatus() == Status.STATUS_ACTIVE) {
                store.complete(held.caller(), held.key(), held.token(), answer);
                transactions.commit();
            } else {
                // The request's write failed and was marked for rollback; only its (final) answer is kept.
                transactions.rollback();
                store.complete(held.caller(), held.key(), held.token(), answer);
            }
        } catch (Exception e) {
            // Nothing of the request was committed (a failed commit rolls back): answer so, free the key for a retry.
            rollbackQuietly(held.transaction());
            releaseQuietly(held);
            // (In English: a response filter is not given the request's HttpHeaders to negotiate with.)
            Response failure = ProblemMappers.failure(e, request.getUriInfo(), null);
            response.setStatus(failure.getStatus());
            response.getHeaders().clear();
            response.getHeaders().putAll(failure.getHeaders());
            response.setEntity(failure.getEntity(), null, MediaType.valueOf(Problem.MEDIA_TYPE));
        }
    }

    /** The response as it is stored; the entity becomes the very bytes stored, so a replay is identical. */
    private StoredResponse answer(ContainerResponseContext response) throws IOException {
        byte[] body = bytesOf(response.getEntity());
        MediaType type = response.getMediaType() != null
                ? response.getMediaType()
                : body.length > 0 ? MediaType.APPLICATION_JSON_TYPE : null;
        if (body.length > 0) {
            response.setEntity(body, response.getEntityAnnotations(), type);
        }
        return new StoredResponse(
                response.getStatus(),
                type == null ? null : type.toString(),
                response.getHeaderString(HttpHeaders.CONTENT_LANGUAGE),
                response.getHeaderString(HttpHeaders.LOCATION),
                response.getHeaderString(HttpHeaders.ETAG),
                body);
    }

    /** The request's transaction on this thread (the filters of a blocking endpoint normally share one). */
    private void resume(Transaction transaction) throws Exception {
        if (!transaction.equals(transactions.getTransaction())) {
            transactions.suspend();
            transactions.resume(transaction);
        }
    }

    private void rollbackQuietly(Transaction transaction) {
        try {
            if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION
                    && transaction.getStatus() != Status.STATUS_ROLLEDBACK
                    && transaction.getStatus() != Status.STATUS_COMMITTED) {
                transaction.rollback();
            }
            if (transactions.getTransaction() != null) {
                transactions.suspend();
            }
        } catch (Exception e) {
            LOG.warnf(e, "Could not roll back an idempotent request's transaction");
        }
    }

    private void releaseQuietly(Held held) {
        try {
            store.release(held.caller(), held.key(), held.token());
        } catch (RuntimeException e) {
            // The claim expires with its lease; nothing of the request was committed, so a retry then runs it.
            LOG.warnf(e, "Could not release Idempotency-Key %s of %s", held.key(), held.caller());
        }
    }

    private static boolean isFinal(ContainerResponseContext response) {
        int status = response.getStatus();
        return status >= 200 && status < 500 && !NOT_STORED.contains(status);
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

    private RequestFingerprint fingerprint(ContainerRequestContext request, byte[] body) {
        URI uri = request.getUriInfo().getRequestUri();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return RequestFingerprint.of(
                json.getFactory(), request.getMethod(), target, isJson(request.getMediaType()), body);
    }

    private static boolean isJson(MediaType type) {
        return type != null
                && "application".equals(type.getType())
                && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"));
    }

    private record Held(String caller, String key, UUID token, Transaction transaction) {}
}
