package io.subupgrade.devdatabase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Plain JUnit: what {@link DevDatabase} adds to the configuration. {@code scripts/dev-mode-check.sh} runs the real
 * {@code ./mvnw quarkus:dev} against the local PostgreSQL and, in a network namespace with neither a database nor
 * Docker, against the embedded one.
 */
class DevDatabaseTest {

    private static final String URL = DevDatabase.URL;
    private static final String USERNAME = DevDatabase.USERNAME;

    @Test
    void aConfiguredUrlIsKeptAndOnlyTheUserDefaultsToPostgres() {
        Map<String, String> configured = Map.of(URL, "jdbc:postgresql://db.example:5432/upgrades");
        assertEquals(Map.of(USERNAME, "postgres"), DevDatabase.values(configured::get, Map.of()));

        Map<String, String> withUser = Map.of(URL, "jdbc:postgresql://db.example:5432/upgrades", USERNAME, "upgrades");
        assertEquals(Map.of(), DevDatabase.values(withUser::get, Map.of()));
    }

    @Test
    void localModeUsesADatabaseOfItsOwnOnThePostgresOnLocalhost() throws Exception {
        assumeTrue(LocalPostgres.accepts("postgres", "DevDatabaseTest"), "no PostgreSQL on localhost:5432");
        Map<String, String> values = DevDatabase.values(name -> null, Map.of(DevDatabase.MODE_VARIABLE, "local"));
        assertEquals("jdbc:postgresql://localhost:5432/subupgrade_dev", values.get(URL));
        assertEquals("postgres", values.get(USERNAME));
        // Created when missing, and there to connect to.
        try (Connection c = DriverManager.getConnection(values.get(URL), values.get(USERNAME), "postgres");
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_database()")) {
            rs.next();
            assertEquals("subupgrade_dev", rs.getString(1));
        }
    }

    @Test
    void localModeWithoutALocalPostgresFailsClearly() {
        assumeFalse(LocalPostgres.accepts("postgres", "DevDatabaseTest"), "a PostgreSQL runs on localhost:5432");
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> DevDatabase.values(name -> null, Map.of(DevDatabase.MODE_VARIABLE, "local")));
        assertTrue(e.getMessage().contains("UPGRADES_DEV_DB=local"), e.getMessage());
    }

    @Test
    void anUnknownModeIsRefused() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> DevDatabase.values(name -> null, Map.of(DevDatabase.MODE_VARIABLE, "docker")));
        assertTrue(e.getMessage().contains("not one of local, embedded"), e.getMessage());
    }

    @Test
    void embeddedModeStartsOneServerAndReusesIt() throws SQLException {
        assumeFalse(
                EmbeddedDatabase.runningAsRoot() && !EmbeddedDatabase.unshareWorks(),
                "embedded PostgreSQL cannot run as root without `unshare -U`");
        Map<String, String> env = Map.of(DevDatabase.MODE_VARIABLE, "embedded");
        try {
            Map<String, String> first = DevDatabase.values(name -> null, env);
            try (Connection c = DriverManager.getConnection(first.get(URL), first.get(USERNAME), "postgres");
                    Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("select version()")) {
                assertTrue(rs.next());
                assertTrue(rs.getString(1).startsWith("PostgreSQL 17"), rs.getString(1));
            }
            // A live reload asks again: the same server, not a second one.
            assertEquals(first, DevDatabase.values(name -> null, env));
        } finally {
            System.clearProperty(DevDatabase.EMBEDDED_URL_PROPERTY); // the server itself stops with this JVM
        }
    }

    @Test
    void outsideDevModeNothingIsAdded() {
        assertEquals(LaunchMode.NORMAL, LaunchMode.current());
        // With no URL anywhere, the factory would otherwise find the local PostgreSQL or start an embedded one.
        var config = new SmallRyeConfigBuilder().withSources(new DevDatabase()).build();
        assertTrue(config.getOptionalValue(URL, String.class).isEmpty());
    }
}
