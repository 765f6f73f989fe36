package io.subupgrade.devdatabase;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

/**
 * Gives {@code ./mvnw quarkus:dev} a PostgreSQL with no set-up. The first of these wins:
 *
 * <ol>
 *   <li>a datasource URL that is configured ({@code QUARKUS_DATASOURCE_JDBC_URL}, a config file): kept;
 *   <li>Docker is there: nothing added, so Quarkus's Dev Services starts a PostgreSQL container (its settings come at
 *       ordinal 399);
 *   <li>the PostgreSQL on {@code localhost:5432} (user {@code postgres}), in a database of the service's own,
 *       {@value #LOCAL_DATABASE}, created when missing: the user's {@code postgres} database is left alone;
 *   <li>an embedded PostgreSQL ({@link EmbeddedDatabase}), started once per dev-mode JVM: live reloads reuse it, and
 *       it stops with the JVM.
 * </ol>
 *
 * {@code UPGRADES_DEV_DB=local|embedded} picks one of the last two, without asking Docker. Outside dev mode
 * this factory adds nothing: production must name its database.
 */
public class DevDatabase implements ConfigSourceFactory {

    private static final Logger LOG = Logger.getLogger(DevDatabase.class);

    public static final String MODE_VARIABLE = "UPGRADES_DEV_DB";

    /** The dev database on a local PostgreSQL. */
    static final String LOCAL_DATABASE = "subupgrade_dev";

    static final String URL = "quarkus.datasource.jdbc.url";
    static final String USERNAME = "quarkus.datasource.username";
    static final String PASSWORD = "quarkus.datasource.password";

    /** Under application.properties (250) and the environment (300), so anything configured wins. */
    static final int ORDINAL = 200;

    /**
     * The embedded server's URL, kept in a system property because a live reload loads this class again (a new class
     * loader) while the server started before keeps running. Outside the {@code quarkus} and {@code upgrades} names,
     * which Quarkus and the service's config mapping check for unknown keys.
     */
    static final String EMBEDDED_URL_PROPERTY = "subupgrade.dev.embedded-postgres-url";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (LaunchMode.current() != LaunchMode.DEVELOPMENT) {
            return List.of();
        }
        Map<String, String> values = values(name -> valueOf(context, name), System.getenv());
        return values.isEmpty() ? List.of() : List.of(new PropertiesConfigSource(values, "dev database", ORDINAL));
    }

    /** The datasource settings to add, given what is configured already. */
    static Map<String, String> values(UnaryOperator<String> configured, Map<String, String> env) {
        if (configured.apply(URL) != null) {
            // Someone named the database; a URL without a user means the usual superuser.
            return configured.apply(USERNAME) == null ? Map.of(USERNAME, LocalPostgres.USER) : Map.of();
        }
        String mode = env.getOrDefault(MODE_VARIABLE, "").trim().toLowerCase(Locale.ROOT);
        String password = firstNonNull(configured.apply(PASSWORD), env.get("PGPASSWORD"), "postgres");
        if (mode.isEmpty() && dockerAvailable()) {
            LOG.info("Dev database: Docker is there, so Dev Services starts a PostgreSQL container");
            return Map.of();
        }
        switch (mode) {
            case "", "local" -> {
                if (LocalPostgres.accepts(password, "quarkus:dev")) {
                    try {
                        LocalPostgres.ensureDatabase(LOCAL_DATABASE, password, "quarkus:dev");
                    } catch (SQLException e) {
                        throw new IllegalStateException(
                                "Could not create database " + LOCAL_DATABASE + " on " + LocalPostgres.url("postgres")
                                        + ": " + e.getMessage(),
                                e);
                    }
                    LOG.infof(
                            "Dev database: %s on the PostgreSQL on %s:%d",
                            LOCAL_DATABASE, LocalPostgres.HOST, LocalPostgres.PORT);
                    return datasource(LocalPostgres.url(LOCAL_DATABASE), LocalPostgres.USER, password);
                }
                if (mode.equals("local")) {
                    throw new IllegalStateException(MODE_VARIABLE + "=local, but user postgres cannot sign in to "
                            + LocalPostgres.url("postgres"));
                }
                LOG.infof(
                        "Dev database: no URL configured, no Docker for Dev Services, nothing on %s:%d;"
                                + " starting an embedded PostgreSQL",
                        LocalPostgres.HOST, LocalPostgres.PORT);
                return datasource(embeddedUrl(), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
            }
            case "embedded" -> {
                return datasource(embeddedUrl(), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
            }
            default ->
                throw new IllegalStateException(
                        MODE_VARIABLE + "=" + env.get(MODE_VARIABLE) + " is not one of local, embedded");
        }
    }

    /**
     * Quarkus reads the build-time configuration (this factory included) before its Dev Services step decides whether
     * a datasource URL is missing; answering with a URL here would keep Dev Services from starting its container. So
     * ask the same Testcontainers probe Dev Services asks. Testcontainers is on the class path of that build step (the
     * thread's context class loader), not the application's, hence reflection; anywhere else the answer is no.
     */
    static boolean dockerAvailable() {
        if (!dockerMayBeConfigured()) {
            return false; // spares the log a second "Could not find a valid Docker environment" (Quarkus logs one)
        }
        try {
            Class<?> factory = Class.forName(
                    "org.testcontainers.DockerClientFactory",
                    true,
                    Thread.currentThread().getContextClassLoader());
            Object instance = factory.getMethod("instance").invoke(null);
            return (Boolean) factory.getMethod("isDockerAvailable").invoke(instance);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** Where Testcontainers looks for a Docker (or Podman) engine; none of them there means no engine. */
    private static boolean dockerMayBeConfigured() {
        if (System.getenv("DOCKER_HOST") != null) {
            return true;
        }
        Path home = Path.of(System.getProperty("user.home"));
        String runtimeDir = System.getenv("XDG_RUNTIME_DIR");
        return Stream.of(
                        Path.of("/var/run/docker.sock"),
                        home.resolve(".testcontainers.properties"),
                        home.resolve(".docker/run/docker.sock"),
                        home.resolve(".docker/desktop/docker.sock"),
                        runtimeDir == null ? null : Path.of(runtimeDir, "docker.sock"),
                        runtimeDir == null ? null : Path.of(runtimeDir, "podman/podman.sock"))
                .anyMatch(path -> path != null && Files.exists(path));
    }

    private static synchronized String embeddedUrl() {
        String url = System.getProperty(EMBEDDED_URL_PROPERTY);
        if (url == null) {
            url = EmbeddedDatabase.url(EmbeddedDatabase.start());
            System.setProperty(EMBEDDED_URL_PROPERTY, url);
            LOG.infof("Dev database: embedded PostgreSQL at %s (stops when quarkus:dev ends)", url);
        }
        return url;
    }

    private static String valueOf(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null || value.getValue().isBlank() ? null : value.getValue();
    }

    private static Map<String, String> datasource(String url, String user, String password) {
        return Map.of(URL, url, USERNAME, user, PASSWORD, password);
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
