package io.subupgrade.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A real webhook receiver for the tests: an HTTP server on a random port of 127.0.0.1 that checks each request's
 * Standard Webhooks signature with the library (against every secret it was given, each on its own), records it in
 * arrival order, and answers as the test scripts it.
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: status, extra headers, a body of {@code bodyBytes} bytes, sent after {@code delayMillis}. */
    public record Answer(int status, Map<String, String> headers, long bodyBytes, long delayMillis) {
        public static Answer of(int status) {
            return new Answer(status, Map.of(), 0, 0);
        }
    }

    /** One request as received. */
    public record Received(
            String webhookId,
            String timestamp,
            String signature,
            String body,
            JsonNode json,
            List<Boolean> verifiedBySecret) {
        public long eventId() {
            return json.path("data").path("id").asLong();
        }

        public String subscriptionId() {
            return json.path("data").path("subscriptionId").asText(null);
        }

        public String type() {
            return json.path("type").asText();
        }

        public int signatureCount() {
            return signature.split(" ").length;
        }
    }

    private final HttpServer server;
    private final List<String> secrets = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private volatile Function<Received, Answer> script = r -> Answer.of(200);

    public WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    public WebhookReceiver secrets(String... given) {
        secrets.clear();
        secrets.addAll(Arrays.asList(given));
        return this;
    }

    /** How to answer each request (it is already recorded when the script sees it). */
    public WebhookReceiver answer(Function<Received, Answer> how) {
        script = how;
        return this;
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** What arrived for one subscription, in arrival order. */
    public List<Received> receivedFor(String subscriptionId) {
        return received.stream()
                .filter(r -> subscriptionId.equals(r.subscriptionId()))
                .toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = Map.of(
                    "webhook-id", List.of(header(exchange, "webhook-id")),
                    "webhook-timestamp", List.of(header(exchange, "webhook-timestamp")),
                    "webhook-signature", List.of(header(exchange, "webhook-signature")));
            List<Boolean> verified = new ArrayList<>();
            for (String secret : secrets) {
                verified.add(verifies(secret, body, headers));
            }
            Received r = new Received(
                    header(exchange, "webhook-id"),
                    header(exchange, "webhook-timestamp"),
                    header(exchange, "webhook-signature"),
                    body,
                    JSON.readTree(body),
                    verified);
            received.add(r);
            Answer answer = script.apply(r);
            if (answer.delayMillis() > 0) {
                Thread.sleep(answer.delayMillis());
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(answer.status(), answer.bodyBytes() == 0 ? -1 : 0);
            if (answer.bodyBytes() > 0) {
                writeBody(exchange.getResponseBody(), answer.bodyBytes());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The service hung up (a timeout, or a body past its cap): that is what some tests want.
        }
    }

    private static void writeBody(OutputStream out, long bytes) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        for (long sent = 0; sent < bytes; sent += chunk.length) {
            out.write(chunk, 0, (int) Math.min(chunk.length, bytes - sent));
        }
        out.close();
    }

    private static boolean verifies(String secret, String body, Map<String, List<String>> headers) {
        try {
            new Webhook(secret).verify(body, headers);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static String header(HttpExchange exchange, String name) {
        String value = exchange.getRequestHeaders().getFirst(name);
        return value == null ? "" : value;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
