package io.subupgrade.client.sdk;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.subupgrade.client.ApiClient;
import io.subupgrade.client.ApiException;
import io.subupgrade.client.api.BenefitsApi;
import io.subupgrade.client.api.EventsApi;
import io.subupgrade.client.api.InvoicesApi;
import io.subupgrade.client.api.JobsApi;
import io.subupgrade.client.api.MetersApi;
import io.subupgrade.client.api.OffersApi;
import io.subupgrade.client.api.SandboxApi;
import io.subupgrade.client.api.SubscriptionsApi;
import io.subupgrade.client.api.UpgradesApi;
import io.subupgrade.client.api.UsageApi;
import io.subupgrade.client.api.WebhooksApi;
import io.subupgrade.client.model.Problem;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The Java SDK's entry point: the generated API classes (one per tag of openapi.yaml) on one configured
 * {@link ApiClient}, plus what the generated code leaves awkward:
 *
 * <ul>
 *   <li>a bearer token on every call, asked of a {@link Supplier} each time, so a caller can renew it;
 *   <li>{@link #call} turns the checked {@link ApiException} into a {@link ProblemException} with the parsed
 *       problem document, and retries what is safe to retry (429, 503, no response) after {@code Retry-After}:
 *       the lambda passes the same {@code Idempotency-Key} (or usage {@code eventId}) on every attempt, so a
 *       retried write is applied once;
 *   <li>{@link #newIdempotencyKey()} for the keys.
 * </ul>
 *
 * <pre>{@code
 * var client = SubscriptionUpgradeClient.builder("https://upgrades.example.com").bearerToken(() -> token).build();
 * String key = SubscriptionUpgradeClient.newIdempotencyKey();
 * Subscription trial = client.call(() -> client.subscriptions()
 *         .createSubscription(new CreateSubscriptionRequest().offerId("free-trial"), key));
 * }</pre>
 */
public final class SubscriptionUpgradeClient {

    /** A generated API call. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws ApiException;
    }

    private final ApiClient api;
    private final int maxAttempts;
    private final Duration maxRetryDelay;

    private SubscriptionUpgradeClient(Builder b) {
        this.api = new ApiClient();
        api.updateBaseUri(b.baseUri);
        api.setConnectTimeout(b.connectTimeout);
        api.setReadTimeout(b.readTimeout);
        Supplier<String> token = b.token;
        if (token != null) {
            api.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token.get()));
        }
        this.maxAttempts = b.maxAttempts;
        this.maxRetryDelay = b.maxRetryDelay;
    }

    public static Builder builder(String baseUri) {
        return new Builder(baseUri);
    }

    /** A new random key for {@code Idempotency-Key}: make one per logical operation and reuse it on retries. */
    public static String newIdempotencyKey() {
        return UUID.randomUUID().toString();
    }

    /**
     * Runs a generated call: its result, or a {@link ProblemException}. Retryable refusals are retried up to the
     * builder's {@code maxAttempts}, waiting {@code Retry-After} (at most {@code maxRetryDelay}; 1 s without one).
     */
    public <T> T call(Call<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (ApiException e) {
                ProblemException problem = problem(e);
                if (!problem.isRetryable() || attempt >= maxAttempts) {
                    throw problem;
                }
                sleep(problem.retryAfter().orElse(Duration.ofSeconds(1)));
            }
        }
    }

    /** The {@link ProblemException} for a generated call's exception (the problem document parsed, if any). */
    public ProblemException problem(ApiException e) {
        HttpHeaders headers = e.getResponseHeaders();
        return new ProblemException(
                e.getCode(), parse(e.getResponseBody()), retryAfter(headers), header(headers, "X-Request-Id"), e);
    }

    public ApiClient apiClient() {
        return api;
    }

    public SubscriptionsApi subscriptions() {
        return new SubscriptionsApi(api);
    }

    public UsageApi usage() {
        return new UsageApi(api);
    }

    public UpgradesApi upgrades() {
        return new UpgradesApi(api);
    }

    public BenefitsApi benefits() {
        return new BenefitsApi(api);
    }

    public EventsApi events() {
        return new EventsApi(api);
    }

    public InvoicesApi invoices() {
        return new InvoicesApi(api);
    }

    public WebhooksApi webhooks() {
        return new WebhooksApi(api);
    }

    public OffersApi offers() {
        return new OffersApi(api);
    }

    public MetersApi meters() {
        return new MetersApi(api);
    }

    public JobsApi jobs() {
        return new JobsApi(api);
    }

    public SandboxApi sandbox() {
        return new SandboxApi(api);
    }

    private Problem parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            ObjectMapper mapper = api.getObjectMapper();
            Problem problem = mapper.readValue(body, Problem.class);
            return problem.getCode() == null ? null : problem;
        } catch (IOException notAProblem) {
            return null; // a proxy's HTML error page, say: the status is all there is
        }
    }

    private Duration retryAfter(HttpHeaders headers) {
        String value = header(headers, "Retry-After");
        if (value == null) {
            return null;
        }
        try {
            Duration d = Duration.ofSeconds(Long.parseLong(value.trim()));
            return d.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : d;
        } catch (NumberFormatException httpDate) {
            return null; // the service sends seconds; an HTTP date from elsewhere falls back to the default
        }
    }

    private static String header(HttpHeaders headers, String name) {
        return headers == null ? null : headers.firstValue(name).orElse(null);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }

    public static final class Builder {
        private final String baseUri;
        private Supplier<String> token;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration readTimeout = Duration.ofSeconds(30);
        private int maxAttempts = 3;
        private Duration maxRetryDelay = Duration.ofSeconds(30);

        private Builder(String baseUri) {
            this.baseUri = Objects.requireNonNull(baseUri, "baseUri");
        }

        /** The bearer token, asked for on every request (return a renewed one when the old one expires). */
        public Builder bearerToken(Supplier<String> token) {
            this.token = Objects.requireNonNull(token, "token");
            return this;
        }

        public Builder bearerToken(String token) {
            Objects.requireNonNull(token, "token");
            return bearerToken(() -> token);
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = Objects.requireNonNull(d);
            return this;
        }

        public Builder readTimeout(Duration d) {
            this.readTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** How many times {@link SubscriptionUpgradeClient#call} tries a retryable call (1: never retry). */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.maxAttempts = attempts;
            return this;
        }

        public Builder maxRetryDelay(Duration d) {
            this.maxRetryDelay = Objects.requireNonNull(d);
            return this;
        }

        public SubscriptionUpgradeClient build() {
            return new SubscriptionUpgradeClient(this);
        }
    }
}
