package io.subupgrade.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.subupgrade.devdatabase.EmbeddedDatabase;
import io.subupgrade.devdatabase.LocalPostgres;
import io.subupgrade.testing.PostgresTestResource.Mode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plain JUnit (no Quarkus): each source of {@link PostgresTestResource} yields a database one can query. */
class PostgresTestResourceTest {

    @Test
    void envUsesTheGivenUrlAndCleansAtStart() throws Exception {
        Map<String, String> env = new HashMap<>();
        String url = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        if (url != null && !url.isBlank()) {
            env.put("QUARKUS_DATASOURCE_JDBC_URL", url);
            putIfSet(env, "QUARKUS_DATASOURCE_USERNAME", System.getenv("QUARKUS_DATASOURCE_USERNAME"));
            putIfSet(env, "QUARKUS_DATASOURCE_PASSWORD", System.getenv("QUARKUS_DATASOURCE_PASSWORD"));
        } else {
            PostgresTestResource probe = new PostgresTestResource(Mode.LOCAL);
            assumeTrue(probe.localAvailable(), "neither QUARKUS_DATASOURCE_JDBC_URL nor localhost:5432");
            env.put("QUARKUS_DATASOURCE_JDBC_URL", LocalPostgres.url("postgres"));
            env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
            env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        }
        PostgresTestResource resource = new PostgresTestResource(null, env); // auto: the env variable wins
        Map<String, String> config = resource.start();
        try {
            assertEquals(Mode.ENV, resource.chosenMode());
            assertEquals(env.get("QUARKUS_DATASOURCE_JDBC_URL"), config.get("quarkus.datasource.jdbc.url"));
            assertEquals("true", config.get("quarkus.flyway.clean-at-start"));
            assertEquals("false", config.get("quarkus.flyway.clean-disabled"));
            assertSelectVersion(config);
        } finally {
            resource.stop();
        }
    }

    @Test
    void envModeWithoutUrlFailsClearly() {
        PostgresTestResource resource = new PostgresTestResource(Mode.ENV, Map.of());
        assertThrows(IllegalStateException.class, resource::start);
    }

    @Test
    void modeVariableForcesASource() {
        PostgresTestResource resource = new PostgresTestResource(null, Map.of("UPGRADES_TEST_DB", "env"));
        // forced to env without a URL: no silent fallback to another source
        assertThrows(IllegalStateException.class, resource::start);
        assertThrows(
                IllegalStateException.class,
                () -> new PostgresTestResource(null, Map.of("UPGRADES_TEST_DB", "nonsense")).start());
    }

    @Test
    void autoDetectionPicksAWorkingSource() throws Exception {
        PostgresTestResource resource = new PostgresTestResource(null, Map.of()); // no env variables at all
        Map<String, String> config = resource.start();
        try {
            assertTrue(resource.chosenMode() != Mode.ENV, "chose " + resource.chosenMode());
            assertFalse(config.containsKey("quarkus.flyway.clean-at-start"));
            assertSelectVersion(config);
        } finally {
            resource.stop();
        }
    }

    @Test
    void dockerStartsAContainer() throws Exception {
        assumeTrue(PostgresTestResource.dockerAvailable(), "no Docker daemon");
        runAndStop(Mode.DOCKER);
    }

    @Test
    void localCreatesAFreshDatabaseAndDropsIt() throws Exception {
        PostgresTestResource resource = new PostgresTestResource(Mode.LOCAL);
        assumeTrue(resource.localAvailable(), "no PostgreSQL for user postgres on localhost:5432");
        Map<String, String> config = resource.start();
        String url = config.get("quarkus.datasource.jdbc.url");
        String database = url.substring(url.lastIndexOf('/') + 1);
        assertTrue(database.startsWith("upgrades_test_"), database);
        try {
            assertSelectVersion(config);
            try (Connection c = connect(config);
                    Statement st = c.createStatement()) {
                st.execute("create table probe(id int)"); // a fresh database is ours to write to
            }
            assertTrue(localDatabaseExists(database));
            // a connection left open (as a pool might) must not prevent the drop
            Connection leftOpen = connect(config);
            resource.stop();
            assertTrue(leftOpen.isClosed() || !leftOpen.isValid(2));
            leftOpen.close();
        } finally {
            resource.stop();
        }
        assertFalse(localDatabaseExists(database), database + " should have been dropped");
    }

    @Test
    void embeddedStartsAPostgres() throws Exception {
        assumeFalse(
                EmbeddedDatabase.runningAsRoot() && !EmbeddedDatabase.unshareWorks(),
                "embedded PostgreSQL cannot run as root without `unshare -U`");
        runAndStop(Mode.EMBEDDED);
    }

    private static void runAndStop(Mode mode) throws SQLException {
        PostgresTestResource resource = new PostgresTestResource(mode);
        Map<String, String> config = resource.start();
        try {
            assertEquals(mode, resource.chosenMode());
            assertSelectVersion(config);
        } finally {
            resource.stop();
        }
    }

    private static void assertSelectVersion(Map<String, String> config) throws SQLException {
        try (Connection c = connect(config);
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select version()")) {
            assertTrue(rs.next());
            String version = rs.getString(1);
            System.out.println(
                    "[PostgresTestResourceTest] " + config.get("quarkus.datasource.jdbc.url") + ": " + version);
            assertTrue(version.startsWith("PostgreSQL "), version);
        }
    }

    private static Connection connect(Map<String, String> config) throws SQLException {
        return DriverManager.getConnection(
                config.get("quarkus.datasource.jdbc.url"),
                config.get("quarkus.datasource.username"),
                config.get("quarkus.datasource.password"));
    }

    private static boolean localDatabaseExists(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(LocalPostgres.url("postgres"), "postgres", "postgres");
                PreparedStatement ps = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void putIfSet(Map<String, String> env, String key, String value) {
        if (value != null && !value.isBlank()) {
            env.put(key, value);
        }
    }
}
