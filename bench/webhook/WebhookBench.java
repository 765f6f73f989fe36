import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * The webhook row of bench/run.sh, run with the JDK's source launcher and the service's own HTTP client on the class
 * path (target/quarkus-app/lib/main):
 *
 * <pre>
 *   java -cp LIBS bench/webhook/WebhookBench.java receive PORT
 *       a receiver: the JDK's HttpServer on 127.0.0.1:PORT, 64 handler threads; 204 to every POST (the body read to
 *       its end); GET /count answers the number of POSTs so far. Verifies nothing: it must not be the bottleneck
 *       (on one core it takes ~0.1 ms of CPU a POST; a Vert.x receiver with one event loop measured slower here,
 *       and Python's http.server far slower).
 *   java -cp LIBS bench/webhook/WebhookBench.java send URL SECRET COUNT CONCURRENCY WARMUP
 *       the raw baseline: COUNT POSTs from CONCURRENCY threads through one Apache HttpClient 5 pool of CONCURRENCY
 *       connections (as the service's WebhookHttp), each a body shaped like a delivery's ({type, timestamp, data:
 *       Event}) signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature v1,base64 HMAC-SHA256
 *       of "id.timestamp.body" with the decoded whsec_ secret). WARMUP POSTs first (the JIT), then COUNT timed ones.
 *       Prints "<ms of the COUNT> <non-2xx or failed of the COUNT>".
 * </pre>
 */
public class WebhookBench {
    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "receive" -> receive(Integer.parseInt(args[1]));
            case "send" -> send(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void receive(int port) throws Exception {
        AtomicLong posts = new AtomicLong();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        server.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            if ("POST".equals(exchange.getRequestMethod())) {
                posts.incrementAndGet();
                exchange.sendResponseHeaders(204, -1);
            } else {
                byte[] body = Long.toString(posts.get()).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.setExecutor(Executors.newFixedThreadPool(64));
        server.start();
    }

    static void send(String url, String secret, int count, int concurrency, int warmup) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Timeout t = Timeout.ofSeconds(10);
        CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(concurrency)
                        .setMaxConnPerRoute(concurrency)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(t)
                                .setSocketTimeout(t)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setResponseTimeout(t)
                        .setRedirectsEnabled(false)
                        .build())
                .disableAutomaticRetries()
                .disableCookieManagement()
                .build();
        URI target = URI.create(url);
        String occurred = Instant.now().toString();
        run(client, target, key, occurred, warmup, concurrency, 0);
        long started = System.nanoTime();
        long errors = run(client, target, key, occurred, count, concurrency, warmup);
        long ms = (System.nanoTime() - started) / 1_000_000;
        client.close();
        System.out.println(ms + " " + errors);
    }

    /** COUNT signed POSTs from CONCURRENCY threads; the number that failed or got no 2xx. */
    static long run(CloseableHttpClient client, URI target, byte[] key, String occurred, int count, int concurrency,
            long firstId) throws Exception {
        AtomicLong next = new AtomicLong(), errors = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        for (int w = 0; w < concurrency; w++) {
            pool.submit(() -> {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                long i;
                while ((i = next.getAndIncrement()) < count) {
                    String id = "msg_" + UUID.randomUUID();
                    long ts = Instant.now().getEpochSecond();
                    String body = "{\"type\":\"subscription.updated\",\"timestamp\":\"" + occurred + "\",\"data\":{\"id\":"
                            + (1000000 + firstId + i) + ",\"type\":\"subscription.updated\",\"subscriptionId\":\""
                            + new UUID(i, i) + "\",\"occurredAt\":\"" + occurred
                            + "\",\"data\":{\"displayName\":\"bench " + i + "\",\"previousDisplayName\":\"bench\"}}}";
                    byte[] sig = mac.doFinal((id + "." + ts + "." + body).getBytes(StandardCharsets.UTF_8));
                    HttpPost post = new HttpPost(target);
                    post.setHeader("webhook-id", id);
                    post.setHeader("webhook-timestamp", Long.toString(ts));
                    post.setHeader("webhook-signature", "v1," + Base64.getEncoder().encodeToString(sig));
                    post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON.withCharset(StandardCharsets.UTF_8)));
                    try (ClassicHttpResponse r = client.executeOpen(null, post, null)) {
                        if (r.getEntity() != null) {
                            EntityUtils.consume(r.getEntity());
                        }
                        if (r.getCode() < 200 || r.getCode() >= 300) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        return errors.get();
    }
}
