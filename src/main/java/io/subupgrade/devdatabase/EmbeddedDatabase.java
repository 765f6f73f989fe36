package io.subupgrade.devdatabase;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A zonky embedded PostgreSQL (binaries from Maven Central), for machines with neither a database nor Docker. Used by
 * {@code quarkus:dev} ({@link DevDatabase}) and the tests; zonky is a {@code provided} dependency, so this class
 * cannot run in the packaged application, and nothing there loads it.
 */
public final class EmbeddedDatabase {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres"; // zonky's trust authentication ignores it

    private EmbeddedDatabase() {}

    /**
     * initdb and postgres refuse to run as uid 0. zonky 2.2.2 handles that itself: when the JVM runs as root on Linux
     * and {@code unshare -U id -u} succeeds, it prefixes initdb, pg_ctl and postgres with {@code unshare -U}, so they
     * run as the overflow user ("nobody") of a fresh user namespace, still owning the root-created files. Without a
     * usable {@code unshare} (user namespaces disabled) it cannot start as root: fail with a clear message instead of
     * initdb's. zonky stops the server in a JVM shutdown hook; {@link EmbeddedPostgres#close()} stops it earlier.
     */
    public static EmbeddedPostgres start() {
        if (runningAsRoot() && !unshareWorks()) {
            throw new IllegalStateException("An embedded PostgreSQL cannot start as root without a working"
                    + " `unshare -U` (user namespaces). Run as a non-root user, start a PostgreSQL on localhost:5432,"
                    + " or set QUARKUS_DATASOURCE_JDBC_URL.");
        }
        try {
            return EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setCleanDataDirectory(true)
                    .start();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }

    public static String url(EmbeddedPostgres postgres) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    public static boolean runningAsRoot() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (Exception | LinkageError e) { // not Linux
            return "root".equals(System.getProperty("user.name"));
        }
    }

    public static boolean unshareWorks() {
        try {
            Process p = new ProcessBuilder("unshare", "-U", "id", "-u")
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
