package io.subupgrade.devdatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** The PostgreSQL that development machines often run on {@code localhost:5432} for user {@code postgres}. */
public final class LocalPostgres {

    public static final String HOST = "localhost";
    public static final int PORT = 5432;
    public static final String USER = "postgres";

    private LocalPostgres() {}

    public static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    /** Short timeouts: a machine without this PostgreSQL must find out in seconds, not minutes. */
    public static Connection connect(String database, String password, String applicationName) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", password); // ignored under trust authentication
        props.setProperty("connectTimeout", "2"); // seconds
        props.setProperty("loginTimeout", "3");
        props.setProperty("socketTimeout", "60");
        props.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(url(database), props);
    }

    /**
     * Creates {@code database} unless it exists. Two dev JVMs starting at once may both try: the loser's "already
     * exists" (SQLSTATE 42P04) is the outcome it wanted.
     */
    public static void ensureDatabase(String database, String password, String applicationName) throws SQLException {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        try (Connection c = connect("postgres", password, applicationName);
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + database);
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    /** Whether user {@code postgres} can sign in to database {@code postgres}. */
    public static boolean accepts(String password, String applicationName) {
        try (Connection ignored = connect("postgres", password, applicationName)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
