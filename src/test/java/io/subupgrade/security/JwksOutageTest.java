package io.subupgrade.security;

import static io.subupgrade.testing.Api.bearer;
import static io.subupgrade.testing.Api.raw;
import static org.hamcrest.Matchers.equalTo;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.subupgrade.testing.Keycloak;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The provider's key set unreachable: at start (the service still starts and answers 503, then recovers on its own
 * once the keys can be fetched) and later (when the fetched set is due for a refresh). The key set is Keycloak's,
 * served through a relay the test switches off and on; the relay says {@code Cache-Control: max-age=2}, which the
 * JWKS client honours, so "later" comes after two seconds.
 *
 * <p>The relay listens for the whole test, on a port the kernel gave it, and "off" drops each connection without
 * an answer. It used to be stopped and started on a port picked with {@code new ServerSocket(0)} and closed again,
 * and the service's random management port sometimes took that port first ("Address already in use").
 */
@QuarkusTest
@TestProfile(JwksOutageTest.RelayedKeys.class)
class JwksOutageTest {
    /** A JVM-wide switch: the relay is made by the test resource and switched by the test, in other class loaders. */
    private static final String RELAY_UP = "subupgrade.test.jwks-relay-up";

    public static class RelayedKeys implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Settings.class));
        }
    }

    /** Keycloak's realm, with the key set behind a relay that is off to begin with. */
    public static class Settings implements QuarkusTestResourceLifecycleManager {
        private HttpServer relay;

        @Override
        public Map<String, String> start() {
            System.clearProperty(RELAY_UP);
            Keycloak keycloak = Keycloak.start();
            Map<String, String> settings = keycloak.serviceSettings();
            try {
                relay = relay(URI.create(keycloak.jwks(Keycloak.REALM)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            settings.put(
                    "mp.jwt.verify.publickey.location",
                    "http://127.0.0.1:" + relay.getAddress().getPort() + "/certs");
            settings.put("smallrye.jwt.jwks.forced-refresh-interval", "0");
            return settings;
        }

        @Override
        public void stop() {
            if (relay != null) {
                relay.stop(0);
            }
            System.clearProperty(RELAY_UP);
        }
    }

    private final Keycloak keycloak = Keycloak.fromConfig();

    @Test
    void keysUnreachableAtStartAndLaterGiveA503ThenTheServiceRecovers() throws Exception {
        String alice = keycloak.customerToken();

        // Down at start: the service is up, but cannot check a token.
        raw().get("/q/health/live").then().statusCode(200);
        unavailable(alice);
        unavailable(alice);

        // The key set comes up: the same token is accepted, no restart.
        System.setProperty(RELAY_UP, "true");
        bearer(alice).get("/v1/offers").then().statusCode(200);
        // A token no key fits is still the caller's problem while the keys are reachable.
        raw().auth()
                .oauth2(alice.substring(0, alice.length() - 4) + "AAAA")
                .get("/v1/offers")
                .then()
                .statusCode(401);
        System.clearProperty(RELAY_UP);

        // Down later: once the fetched set is due (max-age=2), even a token accepted before cannot be checked.
        Thread.sleep(3000);
        unavailable(alice);

        System.setProperty(RELAY_UP, "true");
        bearer(alice).get("/v1/offers").then().statusCode(200);
    }

    private static void unavailable(String token) {
        raw().auth()
                .oauth2(token)
                .get("/v1/offers")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("5"))
                .body("code", equalTo("service-unavailable"));
    }

    /**
     * Serves Keycloak's key set at {@code /certs} on a port of the kernel's choosing, allowing two seconds of caching,
     * while {@link #RELAY_UP} is set; otherwise closes each connection without a response.
     */
    private static HttpServer relay(URI upstream) throws IOException {
        HttpClient client = HttpClient.newHttpClient();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/certs", exchange -> {
            if (!Boolean.getBoolean(RELAY_UP)) {
                exchange.close();
                return;
            }
            try {
                byte[] body = client.send(
                                HttpRequest.newBuilder(upstream).build(), HttpResponse.BodyHandlers.ofByteArray())
                        .body();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("Cache-Control", "max-age=2");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(502, -1);
            }
        });
        server.start();
        return server;
    }
}
