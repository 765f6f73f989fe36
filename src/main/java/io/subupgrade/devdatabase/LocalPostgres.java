package io.subupgrade.devdatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
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

    /** Whether user {@code postgres} can sign in to database {@code postgres}. */
    public static boolean accepts(String password, String applicationName) {
        try (Connection ignored = connect("postgres", password, applicationName)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
