package io.subupgrade.webhook;

import io.subupgrade.UpgradesConfig;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The one HTTP client of the deliveries: a pool of {@code upgrades.webhooks.concurrency} connections, connect and
 * read timeouts of {@code upgrades.webhooks.timeout} and a deadline of the same length on the whole exchange (a
 * receiver that drips its answer byte by byte is cut off too), redirects never followed (a 3xx is a failed
 * attempt, and cannot lead the request to an internal address), no retries of its own, no cookies, and at most
 * {@link #BODY_CAP} bytes of an answer read: a small answer is read to its end so the connection is reused, a larger
 * one is dropped with its connection. Host names resolve through {@link WebhookUrlPolicy}.
 */
@ApplicationScoped
public class WebhookHttp {
    static final int BODY_CAP = 16 * 1024;

    /** What came back from one POST. */
    public record Answer(Integer statusCode, String retryAfter, String error, long durationMs) {}

    @Inject
    UpgradesConfig config;

    @Inject
    WebhookUrlPolicy urlPolicy;

    private CloseableHttpClient client;
    private ScheduledExecutorService deadlines;
    private Duration timeout;

    @PostConstruct
    void start() {
        timeout = config.webhooks().timeout();
        Timeout t = Timeout.of(timeout);
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(urlPolicy)
                .setMaxConnTotal(config.webhooks().concurrency())
                .setMaxConnPerRoute(config.webhooks().concurrency())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(t)
                        .setSocketTimeout(t)
                        .setTimeToLive(TimeValue.ofMinutes(5))
                        .build())
                .build();
        client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(t)
                        .setResponseTimeout(t)
                        .setRedirectsEnabled(false)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setUserAgent("subupgrade-webhooks/1")
                .build();
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "webhook-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        // Nearly every deadline is cancelled (the answer came in time): drop it from the queue at once rather than
        // keep thousands of dead timers per second queued for the whole timeout.
        timer.setRemoveOnCancelPolicy(true);
        deadlines = timer;
    }

    @PreDestroy
    void stop() throws IOException {
        deadlines.shutdownNow();
        client.close();
    }

    public Answer post(URI url, Map<String, String> headers, String body) {
        long started = System.nanoTime();
        HttpPost post = new HttpPost(url);
        headers.forEach(post::setHeader);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8)));
        ScheduledFuture<?> deadline = deadlines.schedule(post::cancel, timeout.toMillis(), TimeUnit.MILLISECONDS);
        ClassicHttpResponse response = null;
        try {
            response = client.executeOpen(null, post, null);
            if (!readToEndWithinCap(response.getEntity())) {
                // Closing the stream would read the rest of the body (to reuse the connection): abort instead.
                post.cancel();
            }
            Header retryAfter = response.getFirstHeader("Retry-After");
            return new Answer(
                    response.getCode(), retryAfter == null ? null : retryAfter.getValue(), null, millisSince(started));
        } catch (UnknownHostException e) {
            return new Answer(null, null, "url-not-allowed: " + e.getMessage(), millisSince(started));
        } catch (IOException | RuntimeException e) {
            String error = post.isCancelled() ? "timeout: no answer within " + timeout.toMillis() + " ms" : describe(e);
            return new Answer(null, null, error, millisSince(started));
        } finally {
            deadline.cancel(false);
            closeQuietly(response);
        }
    }

    /**
     * Reads the answer's body up to the cap. True if it ended within it: the end of the stream hands the connection
     * back to the pool for reuse.
     */
    private static boolean readToEndWithinCap(HttpEntity entity) throws IOException {
        if (entity == null) {
            return true;
        }
        InputStream in = entity.getContent();
        byte[] buffer = new byte[4096];
        int total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            total += n;
            if (total > BODY_CAP) {
                return false;
            }
        }
        return true;
    }

    private static void closeQuietly(ClassicHttpResponse response) {
        if (response != null) {
            try {
                response.close();
            } catch (IOException | RuntimeException e) {
                // The connection was aborted or is gone: nothing to hand back.
            }
        }
    }

    private static String describe(Exception e) {
        String name = e.getClass().getSimpleName();
        String message = e.getMessage();
        String text = message == null ? name : name + ": " + message;
        return text.length() > 300 ? text.substring(0, 300) : text;
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
