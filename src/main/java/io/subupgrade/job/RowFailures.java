package io.subupgrade.job;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Whether a failure lies in the row a job was processing, so the row is set aside and the job goes on, or in the
 * system (a lost connection, a deadlock, a timeout, a missing table), so the run stops and the next one tries again:
 * setting rows aside for a failure of the system would empty the queue into the set-aside list.
 */
public final class RowFailures {
    /**
     * SQLSTATE classes that come from a row's values: 22 data exception (a value out of range, a bad cast), 23
     * integrity constraint violation (CHECK, NOT NULL, foreign and unique keys), P0 raised by a trigger or function.
     */
    private static final Set<String> ROW_CLASSES = Set.of("22", "23", "P0");

    /** The longest reason kept (the column's size). */
    static final int REASON_LIMIT = 2000;

    private RowFailures() {}

    /**
     * In the row: a database error of a row class, or an exception of the code that processes the row (a value it
     * refuses, a rule that throws) with no database or transaction failure behind it. Anything else is the system's.
     */
    public static boolean inTheRow(Throwable failure) {
        SQLException sql = sqlCause(failure);
        if (sql != null) {
            // Also a constraint checked at commit, which comes wrapped in the transaction manager's exceptions.
            String state = sql.getSQLState();
            return state != null && state.length() == 5 && ROW_CLASSES.contains(state.substring(0, 2));
        }
        for (Throwable t = failure; t != null; t = next(t)) {
            if (isSystem(t)) {
                return false;
            }
        }
        return failure instanceof RuntimeException;
    }

    /** What an operator reads: the database's message (its first line) or the exception's, at most 2000 chars. */
    public static String reason(Throwable failure) {
        SQLException sql = sqlCause(failure);
        Throwable shown = sql != null ? sql : failure;
        String message = shown.getMessage() == null
                ? ""
                : shown.getMessage().lines().findFirst().orElse("");
        String reason = sql != null
                ? message + " (SQLSTATE " + sql.getSQLState() + ")"
                : shown.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
        return reason.length() <= REASON_LIMIT ? reason : reason.substring(0, REASON_LIMIT - 1) + "…";
    }

    private static SQLException sqlCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static Throwable next(Throwable t) {
        return t.getCause() == t ? null : t.getCause();
    }

    private static boolean isSystem(Throwable t) {
        String name = t.getClass().getName();
        // A pool or executor shutting down refuses work: every row would fail alike.
        return t instanceof InterruptedException
                || t instanceof RejectedExecutionException
                || t instanceof CancellationException
                || name.startsWith("jakarta.transaction.")
                || name.startsWith("javax.transaction.")
                || name.equals("io.quarkus.narayana.jta.QuarkusTransactionException");
    }
}
