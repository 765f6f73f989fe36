package io.subupgrade.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The real Keycloak of the tests: started once per test JVM by {@code keycloak/keycloak.sh} (the same script a
 * developer uses), with the committed realm, and stopped when the JVM exits. Test resources start it
 * ({@link #start()}); tests talk to it through {@link #fromConfig} (token requests, the admin API), because
 * Quarkus loads tests and test resources in different class loaders, so no static state is shared between them.
 */
public final class Keycloak {
    public static final String REALM = "subupgrade";
    public static final String AUDIENCE = "subupgrade-api";
    public static final String CLI_CLIENT = "subupgrade-cli";
    public static final String METER_CLIENT = "subupgrade-meter";
    public static final String METER_SECRET = "meter-dev-secret";
    /** Fixed ids in keycloak/subupgrade-realm.json. */
    public static final String ALICE_ID = "9a1e4c52-6f0b-4d7e-8a38-5c2b1f0e7d61";

    private static final Path STATE = Path.of("target", "keycloak-tests").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String url;
    private final String adminUser;
    private final String adminPassword;

    private Keycloak(String url, String adminUser, String adminPassword) {
        this.url = url;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    /**
     * Starts Keycloak unless this JVM already did (the state directory remembers which JVM started it; one left by
     * an earlier, killed run is stopped and replaced, so every test run begins from the committed realm).
     */
    public static synchronized Keycloak start() {
        Path owner = STATE.resolve("owner");
        String me = Long.toString(ProcessHandle.current().pid());
        try {
            if (Files.exists(owner) && Files.readString(owner).equals(me) && Files.exists(STATE.resolve("env"))) {
                return fromEnvFile();
            }
            script("stop");
            long started = System.nanoTime();
            script("start");
            Files.writeString(owner, me);
            System.out.printf(
                    "[Keycloak] started in %.1f s by keycloak/keycloak.sh%n", (System.nanoTime() - started) / 1e9);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> script("stop")));
            return fromEnvFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Keycloak the service under test trusts: the issuer is {@code <url>/realms/<realm>}. */
    public static Keycloak fromIssuer(String issuer) {
        String url = issuer.substring(0, issuer.indexOf("/realms/"));
        return new Keycloak(url, "admin", "admin-dev-password");
    }

    /** The issuer of the service under test's configuration. */
    public static Keycloak fromConfig() {
        return fromIssuer(org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("mp.jwt.verify.issuer", String.class));
    }

    private static Keycloak fromEnvFile() throws IOException {
        Properties env = new Properties();
        try (var in = Files.newInputStream(STATE.resolve("env"))) {
            env.load(in);
        }
        return new Keycloak(
                env.getProperty("KEYCLOAK_URL"),
                env.getProperty("KEYCLOAK_ADMIN_USER"),
                env.getProperty("KEYCLOAK_ADMIN_PASSWORD"));
    }

    private static void script(String command) {
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", "keycloak/keycloak.sh", command).inheritIO();
            builder.environment().put("KEYCLOAK_STATE", STATE.toString());
            int rc = builder.start().waitFor();
            if (rc != 0) {
                throw new IllegalStateException("keycloak/keycloak.sh " + command + " exited with " + rc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return url;
    }

    public String issuer(String realm) {
        return url + "/realms/" + realm;
    }

    public String jwks(String realm) {
        return issuer(realm) + "/protocol/openid-connect/certs";
    }

    /** An access token by the password grant (the development-only {@code subupgrade-cli} client or another). */
    public String password(String realm, String clientId, String username, String password) {
        return token(
                realm,
                Map.of("grant_type", "password", "client_id", clientId, "username", username, "password", password));
    }

    public String customerToken() {
        return password(REALM, CLI_CLIENT, "alice", "alice-password");
    }

    public String operatorToken() {
        return password(REALM, CLI_CLIENT, "olivia", "olivia-password");
    }

    /** The metering pipeline's token: the client credentials grant of a confidential client. */
    public String meterToken() {
        return token(
                REALM,
                Map.of("grant_type", "client_credentials", "client_id", METER_CLIENT, "client_secret", METER_SECRET));
    }

    private String token(String realm, Map<String, String> form) {
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(issuer(realm) + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)))
                .build());
        return answer.path("access_token").asText();
    }

    /** A call of Keycloak's admin REST API as the bootstrap admin; the JSON answer, or null when there is none. */
    public JsonNode admin(String method, String path, Object body) {
        String token = password("master", "admin-cli", adminUser, adminPassword);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + "/admin/realms" + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json");
        try {
            request.method(
                    method,
                    body == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return send(request.build());
    }

    private static JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body().isBlank() ? null : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** The settings that make the service trust this Keycloak's realm, as an operator would set them. */
    public Map<String, String> serviceSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("mp.jwt.verify.publickey.location", jwks(REALM));
        settings.put("mp.jwt.verify.issuer", issuer(REALM));
        settings.put("mp.jwt.verify.audiences", AUDIENCE);
        settings.put("smallrye.jwt.path.groups", "realm_access/roles");
        return settings;
    }
}
