package io.subupgrade.client;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * The packaged service (the root project's target/quarkus-app/quarkus-run.jar) in prod mode on a free port, with a
 * database of its own on the local PostgreSQL, the dev signing key and the sandbox clock: the SDK is tested against
 * the service as it ships, not against a test build. Its log goes to target/service-&lt;database&gt;.log.
 */
final class LocalService implements AutoCloseable {

    private static final String ISSUER = "https://dev.subupgrade.local";

    final String baseUri;
    private final Process process;
    private final String database;
    private final String postgresUrl;
    private final Path log;

    private LocalService(String baseUri, Process process, String database, String postgresUrl, Path log) {
        this.baseUri = baseUri;
        this.process = process;
        this.database = database;
        this.postgresUrl = postgresUrl;
        this.log = log;
    }

    static LocalService start() throws Exception {
        Path jar = Path.of(System.getProperty("subupgrade.jar", "../../target/quarkus-app/quarkus-run.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath()
                    + " is missing: run ./mvnw package at the repository root first (or -DskipTests here)");
        }
        Path keys = Path.of(System.getProperty("subupgrade.dev-keys", "../../dev-keys"));
        String postgresUrl =
                System.getProperty("subupgrade.postgres-url", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");
        String database = "sdk_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(postgresUrl, "CREATE DATABASE " + database);
        int port = freePort();
        URI server = URI.create(postgresUrl.substring("jdbc:".length()));
        Path log = Path.of("target", "service-" + database + ".log");
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx80m",
                        "-jar",
                        jar.toAbsolutePath().toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("QUARKUS_DATASOURCE_JDBC_URL",
                "jdbc:postgresql://" + server.getHost() + ":" + server.getPort() + "/" + database);
        pb.environment().put("QUARKUS_DATASOURCE_USERNAME", query(server, "user", "postgres"));
        String password = query(server, "password", null);
        if (password != null) {
            pb.environment().put("QUARKUS_DATASOURCE_PASSWORD", password);
        }
        pb.environment().put("MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.resolve("public-key.pem").toAbsolutePath().toString());
        pb.environment().put("MP_JWT_VERIFY_ISSUER", ISSUER);
        pb.environment().put("UPGRADES_SANDBOX_ENABLED", "true");
        pb.environment().put("UPGRADES_SANDBOX_TOKEN_SIGNING_KEY", keys.resolve("private-key.pem").toAbsolutePath().toString());
        // The story runs the jobs on demand, as an operator would; the schedulers would race it.
        pb.environment().put("UPGRADES_FINALIZER_EVERY", "off");
        pb.environment().put("UPGRADES_WEBHOOKS_EVERY", "off");
        pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        pb.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(freePort())); // metrics; not used here
        pb.environment().put("QUARKUS_SHUTDOWN_DELAY", "0S");
        Process process = pb.start();
        LocalService service = new LocalService("http://127.0.0.1:" + port, process, database, postgresUrl, log);
        try {
            service.awaitReady(Duration.ofSeconds(60));
        } catch (Exception e) {
            service.close();
            throw new IllegalStateException(e.getMessage() + "; its log: " + Files.readString(log), e);
        }
        return service;
    }

    /** Tokens as the service's tests and scripts/dev-token.sh sign them: the committed dev key, the dev issuer. */
    String token(String account, String role) {
        return DevTokens.sign(Path.of(System.getProperty("subupgrade.dev-keys", "../../dev-keys"))
                .resolve("private-key.pem"), ISSUER, account, role);
    }

    private void awaitReady(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUri + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited during start-up (" + process.exitValue() + ")");
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the service was not ready within " + timeout.toSeconds() + " s");
    }

    @Override
    public void close() throws Exception {
        process.destroy(); // SIGTERM: the service shuts down gracefully
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        execute(postgresUrl, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String query(URI server, String name, String fallback) {
        String q = server.getQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return pair.substring(name.length() + 1);
                }
            }
        }
        return fallback;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
