package io.subupgrade.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.transaction.RollbackException;
import java.sql.SQLException;
import javax.transaction.xa.XAException;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;

/**
 * Which database failures are a 503 (retry shortly) rather than a 500. Found by
 * faults/db-outage.sh: when PostgreSQL stops, a query on a pooled connection fails with 57P01
 * "terminating connection due to administrator command", which Hibernate wraps as a
 * GenericJDBCException (not a JDBCConnectionException).
 */
class DatabaseUnavailableTest {

    private static RuntimeException wrapped(String state, String message) {
        return new IllegalStateException(
                new GenericJDBCException("Error executing work", new SQLException(message, state)));
    }

    @Test
    void serverShutdownAndConnectionFailuresAreUnavailable() {
        assertTrue(ProblemMappers.isDatabaseUnavailable(
                wrapped("57P01", "FATAL: terminating connection due to administrator command")));
        assertTrue(ProblemMappers.isDatabaseUnavailable(wrapped("57P02", "crash shutdown")));
        assertTrue(ProblemMappers.isDatabaseUnavailable(wrapped("57P03", "the database system is starting up")));
        assertTrue(ProblemMappers.isDatabaseUnavailable(wrapped("08006", "An I/O error occurred")));
        assertTrue(ProblemMappers.isDatabaseUnavailable(wrapped("08001", "Connection refused")));
        assertTrue(ProblemMappers.isDatabaseUnavailable(wrapped("53300", "too many connections")));
        assertTrue(
                ProblemMappers.isDatabaseUnavailable(new SQLException("Sorry, acquisition timeout!", (String) null)));
    }

    @Test
    void aCommitCutByTheShutdownIsUnavailable() {
        // Found by faults/db-outage.sh in CI: the commit's 57P01 is suppressed, not a cause.
        var xa = new XAException("Error trying to transactionCommit local transaction");
        xa.initCause(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        var rollback = new RollbackException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(xa);
        assertTrue(ProblemMappers.isDatabaseUnavailable(new IllegalStateException(rollback)));

        var unrelated = new RollbackException("ARJUNA016053: Could not commit transaction.");
        unrelated.addSuppressed(new IllegalStateException(new SQLException("duplicate key", "23505")));
        assertFalse(ProblemMappers.isDatabaseUnavailable(unrelated));
    }

    @Test
    void otherFailuresAreNot() {
        assertFalse(ProblemMappers.isDatabaseUnavailable(wrapped("23505", "duplicate key")));
        assertFalse(ProblemMappers.isDatabaseUnavailable(wrapped("57014", "canceling statement due to user request")));
        assertFalse(ProblemMappers.isDatabaseUnavailable(wrapped(null, "something")));
        assertFalse(ProblemMappers.isDatabaseUnavailable(new IllegalArgumentException("x")));
    }

    @Test
    void aNulCharacterIsTheClientsFaultNotAnOutage() {
        // Found by ContractFuzzTest: PUT /v1/meters/{id} with "name": "\u0000" was a 500.
        RuntimeException nul = wrapped("22021", "ERROR: invalid byte sequence for encoding \"UTF8\": 0x00");
        assertTrue(ProblemMappers.isUnstorableText(nul));
        assertFalse(ProblemMappers.isDatabaseUnavailable(nul));
        assertFalse(ProblemMappers.isUnstorableText(wrapped("23505", "duplicate key")));
    }
}
