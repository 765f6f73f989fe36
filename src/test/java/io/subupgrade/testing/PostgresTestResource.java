package io.subupgrade.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.subupgrade.devdatabase.EmbeddedDatabase;
import io.subupgrade.devdatabase.LocalPostgres;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Gives every test run a clean, real PostgreSQL. The first usable source wins:
 *
 * <ol>
 *   <li>{@code env}: {@code QUARKUS_DATASOURCE_JDBC_URL} (plus {@code QUARKUS_DATASOURCE_USERNAME}/{@code
 *       PASSWORD}) is set. Flyway cleans that database at start, so each run starts empty.
 *   <li>{@code docker}: a Docker daemon answers; a Testcontainers {@code postgres:16-alpine}.
 *   <li>{@code local}: a PostgreSQL accepts user {@code postgres} on {@code localhost:5432}; a fresh
 *       database {@code upgrades_test_<timestamp>_<random>} is created and dropped again in {@link #stop()}.
 *   <li>{@code embedded}: a zonky embedded PostgreSQL (binaries from Maven Central), as {@code quarkus:dev} starts
 *       one; as root it runs through {@code unshare -U} (see {@link EmbeddedDatabase#start()}).
 * </ol>
 *
 * The environment variable {@code UPGRADES_TEST_DB=env|docker|local|embedded} forces one source (no fallback).
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static final Logger LOG = Logger.getLogger(PostgresTestResource.class);

    /** Names the source to use, bypassing the detection order. */
    public static final String MODE_VARIABLE = "UPGRADES_TEST_DB";

    static final String DOCKER_IMAGE = "postgres:16-alpine";

    private static final Duration DOCKER_PROBE_TIMEOUT = Duration.ofSeconds(30);

    /** Where the database comes from. */
    public enum Mode {
        ENV,
        DOCKER,
        LOCAL,
        EMBEDDED;

        static Mode parse(String value) {
            try {
                return Mode.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                        MODE_VARIABLE + "=" + value + " is not one of env, docker, local, embedded", e);
            }
        }
    }

    private final Mode forcedMode;
    private final Map<String, String> env;

    private Mode chosen;
    private PostgreSQLContainer container;
    private EmbeddedPostgres embedded;
    private String localDatabase;

    /** Used by Quarkus: detection order, or {@code UPGRADES_TEST_DB}. */
    public PostgresTestResource() {
        this(null, System.getenv());
    }

    /** Forces one source, ignoring {@code UPGRADES_TEST_DB} (for tests of this class). */
    PostgresTestResource(Mode forcedMode) {
        this(forcedMode, System.getenv());
    }

    PostgresTestResource(Mode forcedMode, Map<String, String> env) {
        this.forcedMode = forcedMode;
        this.env = env;
    }

    /** The source picked by the last {@link #start()}, or null. */
    Mode chosenMode() {
        return chosen;
    }

    @Override
    public Map<String, String> start() {
        Mode mode = forcedMode;
        String reason = "forced by the caller";
        if (mode == null && !blank(env.get(MODE_VARIABLE))) {
            mode = Mode.parse(env.get(MODE_VARIABLE));
            reason = "forced by " + MODE_VARIABLE;
        }
        if (mode == null) {
            if (!blank(env.get("QUARKUS_DATASOURCE_JDBC_URL"))) {
                mode = Mode.ENV;
                reason = "QUARKUS_DATASOURCE_JDBC_URL is set";
            } else if (dockerAvailable()) {
                mode = Mode.DOCKER;
                reason = "a Docker daemon is available";
            } else if (localAvailable()) {
                mode = Mode.LOCAL;
                reason = "no Docker; PostgreSQL accepts user postgres on " + LocalPostgres.HOST + ":"
                        + LocalPostgres.PORT;
            } else {
                mode = Mode.EMBEDDED;
                reason = "no Docker and no PostgreSQL on " + LocalPostgres.HOST + ":" + LocalPostgres.PORT;
            }
        }
        Map<String, String> config =
                switch (mode) {
                    case ENV -> startEnv();
                    case DOCKER -> startDocker();
                    case LOCAL -> startLocal();
                    case EMBEDDED -> startEmbedded();
                };
        chosen = mode;
        String line = "Test PostgreSQL: " + mode.name().toLowerCase(Locale.ROOT) + " (" + reason + ") -> "
                + config.get("quarkus.datasource.jdbc.url");
        LOG.info(line);
        System.out.println("[PostgresTestResource] " + line);
        return config;
    }

    @Override
    public void stop() {
        try {
            if (container != null) {
                container.stop();
            }
            if (embedded != null) {
                embedded.close();
            }
            if (localDatabase != null) {
                dropLocalDatabase(localDatabase);
            }
        } catch (Exception e) {
            LOG.warn("Could not fully release the test PostgreSQL (" + chosen + ")", e);
        } finally {
            container = null;
            embedded = null;
            localDatabase = null;
            chosen = null;
        }
    }

    // --- a. QUARKUS_DATASOURCE_JDBC_URL -------------------------------------------------------------

    private Map<String, String> startEnv() {
        String url = env.get("QUARKUS_DATASOURCE_JDBC_URL");
        if (blank(url)) {
            throw new IllegalStateException(MODE_VARIABLE + "=env needs QUARKUS_DATASOURCE_JDBC_URL");
        }
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", url);
        putIfSet(config, "quarkus.datasource.username", env.get("QUARKUS_DATASOURCE_USERNAME"));
        putIfSet(config, "quarkus.datasource.password", env.get("QUARKUS_DATASOURCE_PASSWORD"));
        // A shared, long-lived database: wipe it so that each run starts from the migrations alone.
        config.put("quarkus.flyway.clean-at-start", "true");
        config.put("quarkus.flyway.clean-disabled", "false");
        return config;
    }

    // --- b. Testcontainers -------------------------------------------------------------------------

    /** Asks Testcontainers, in a daemon thread with a timeout, so that a missing daemon never hangs the run. */
    static boolean dockerAvailable() {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "docker-probe");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<Boolean> probe =
                    executor.submit(() -> DockerClientFactory.instance().isDockerAvailable());
            return probe.get(DOCKER_PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Throwable e) { // timeout, interruption, or Testcontainers failing to initialise
            LOG.debugf(e, "Docker probe failed");
            return false;
        } finally {
            executor.shutdownNow();
        }
    }

    private Map<String, String> startDocker() {
        if (!dockerAvailable()) {
            throw new IllegalStateException("No Docker daemon available for " + MODE_VARIABLE + "=docker");
        }
        container = new PostgreSQLContainer(DOCKER_IMAGE)
                .withDatabaseName("upgrades")
                .withUsername("upgrades")
                .withPassword("upgrades");
        container.start();
        return datasource(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    // --- c. PostgreSQL on localhost:5432 -----------------------------------------------------------

    private String localPassword() {
        String password = env.get("PGPASSWORD");
        return blank(password) ? "postgres" : password; // ignored under trust authentication
    }

    private Connection localAdminConnection() throws SQLException {
        return LocalPostgres.connect("postgres", localPassword(), "PostgresTestResource");
    }

    boolean localAvailable() {
        return LocalPostgres.accepts(localPassword(), "PostgresTestResource");
    }

    private Map<String, String> startLocal() {
        String name = "upgrades_test_"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"))
                + "_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
        try (Connection admin = localAdminConnection();
                Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "Cannot create database " + name + " on " + LocalPostgres.HOST + ":" + LocalPostgres.PORT + " as "
                            + LocalPostgres.USER + ": " + e.getMessage(),
                    e);
        }
        localDatabase = name;
        return datasource(LocalPostgres.url(name), LocalPostgres.USER, localPassword());
    }

    private void dropLocalDatabase(String name) throws SQLException {
        try (Connection admin = localAdminConnection()) {
            try (PreparedStatement ps = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = ? AND pid <> pg_backend_pid()")) {
                ps.setString(1, name);
                ps.execute();
            }
            try (Statement st = admin.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + name);
            }
        }
        LOG.infof("Dropped test database %s", name);
    }

    // --- d. zonky embedded PostgreSQL ----------------------------------------------------------------

    private Map<String, String> startEmbedded() {
        embedded = EmbeddedDatabase.start();
        return datasource(EmbeddedDatabase.url(embedded), EmbeddedDatabase.USER, EmbeddedDatabase.PASSWORD);
    }

    // --- helpers ------------------------------------------------------------------------------------

    private static Map<String, String> datasource(String url, String user, String password) {
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", url);
        config.put("quarkus.datasource.username", user);
        config.put("quarkus.datasource.password", password);
        return config;
    }

    private static void putIfSet(Map<String, String> config, String key, String value) {
        if (!blank(value)) {
            config.put(key, value);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
