package io.subupgrade.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A writing transaction left open on its own plain JDBC connection, as a bulk load or a forgotten {@code BEGIN} in
 * psql would be: either in the test's own database, or in a throwaway database created for it on the same
 * PostgreSQL server (and dropped again by {@link #close()}). It has written a row, so it holds a transaction id.
 */
public final class HeldTransaction implements AutoCloseable {
    private static final Pattern DATABASE = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]*)(.*)$");

    private final Connection connection;
    private final String throwawayDatabase;
    private final long xid;

    private HeldTransaction(Connection connection, String throwawayDatabase) throws SQLException {
        this.connection = connection;
        this.throwawayDatabase = throwawayDatabase;
        connection.setAutoCommit(false);
        this.xid = queryLong("SELECT pg_current_xact_id()::text::bigint");
    }

    /** A transaction in the test's own database; it has taken its id but written nothing yet. */
    public static HeldTransaction inThisDatabase() throws SQLException {
        return new HeldTransaction(connect(databaseName()), null);
    }

    /** A transaction in a new database on the same server, with one row written into a table of its own. */
    public static HeldTransaction inAnotherDatabase() throws SQLException {
        String name = "feed_horizon_other_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
        try (Connection admin = connect(databaseName());
                Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        }
        Connection other = connect(name);
        try (Statement st = other.createStatement()) {
            st.execute("CREATE TABLE bulk_load (n integer)");
            HeldTransaction held = new HeldTransaction(other, name);
            st.execute("INSERT INTO bulk_load VALUES (1)");
            return held;
        } catch (SQLException | RuntimeException e) {
            other.close();
            drop(name);
            throw e;
        }
    }

    /** The transaction's id (xid8). */
    public long xid() {
        return xid;
    }

    /** The open connection, for the test to write more in the held transaction. */
    public Connection connection() {
        return connection;
    }

    public void commit() throws SQLException {
        connection.commit();
    }

    /** Rolls back whatever is still open, closes the connection and drops the throwaway database, if any. */
    @Override
    public void close() throws SQLException {
        try {
            connection.rollback();
            connection.close();
        } finally {
            if (throwawayDatabase != null) {
                drop(throwawayDatabase);
            }
        }
    }

    private long queryLong(String sql) throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void drop(String name) throws SQLException {
        try (Connection admin = connect(databaseName());
                Statement st = admin.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static String databaseName() {
        return matcher().group(2);
    }

    private static Matcher matcher() {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        Matcher m = DATABASE.matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("Not a PostgreSQL JDBC URL with a database: " + url);
        }
        return m;
    }

    /** A plain connection (not from the pool) to {@code database} on the server the tests use. */
    private static Connection connect(String database) throws SQLException {
        Matcher m = matcher();
        Config config = ConfigProvider.getConfig();
        Properties props = new Properties();
        config.getOptionalValue("quarkus.datasource.username", String.class)
                .ifPresent(u -> props.setProperty("user", u));
        config.getOptionalValue("quarkus.datasource.password", String.class)
                .ifPresent(p -> props.setProperty("password", p));
        props.setProperty("ApplicationName", "HeldTransaction");
        return DriverManager.getConnection(m.group(1) + database + m.group(3), props);
    }
}
