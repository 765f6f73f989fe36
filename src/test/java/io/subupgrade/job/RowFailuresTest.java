package io.subupgrade.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.transaction.RollbackException;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.util.concurrent.RejectedExecutionException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.GenericJDBCException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which failures set a row aside and which stop the run, and the reason an operator reads. */
class RowFailuresTest {
    @ParameterizedTest(name = "SQLSTATE {0}: in the row {1}")
    @CsvSource({
        "23514, true", // check_violation
        "23502, true", // not_null_violation
        "23503, true", // foreign_key_violation
        "22003, true", // numeric_value_out_of_range
        "22P02, true", // invalid_text_representation
        "P0001, true", // raise_exception (a trigger)
        "40P01, false", // deadlock_detected
        "40001, false", // serialization_failure
        "08006, false", // connection_failure
        "57014, false", // query_canceled (statement timeout)
        "53300, false", // too_many_connections
        "42P01, false", // undefined_table: a broken deployment, not a row
        "55P03, false" // lock_not_available
    })
    void aDatabaseErrorIsTheRowsOnlyForDataConstraintAndRaisedStates(String state, boolean inTheRow) {
        SQLException sql = new SQLException("ERROR: something\n  Detail: Failing row contains (...)", state);
        assertEquals(inTheRow, RowFailures.inTheRow(new GenericJDBCException("could not execute", sql)));
    }

    @Test
    void aDatabaseErrorWithoutAStateIsTheSystems() {
        // Agroal's "acquisition timeout" comes without one.
        assertFalse(
                RowFailures.inTheRow(new GenericJDBCException("x", new SQLException("Sorry, acquisition timeout!"))));
    }

    @Test
    void anExceptionOfTheCodeOnTheRowsValuesIsTheRows() {
        assertTrue(RowFailures.inTheRow(new IllegalArgumentException("\"ABC\" is not an ISO 4217 currency code")));
        assertTrue(RowFailures.inTheRow(new DateTimeException("Instant exceeds minimum or maximum instant")));
        assertTrue(RowFailures.inTheRow(new IllegalStateException("A stored webhook secret cannot sign")));
    }

    @Test
    void aTransactionFailureIsTheSystemsUnlessAConstraintCheckedAtCommitCausedIt() {
        assertFalse(RowFailures.inTheRow(new IllegalStateException(new RollbackException("timed out"))));
        RollbackException atCommit = new RollbackException("commit failed");
        atCommit.initCause(new SQLException("ERROR: insert or update violates foreign key constraint", "23503"));
        assertTrue(RowFailures.inTheRow(new IllegalStateException(atCommit)));
        assertFalse(RowFailures.inTheRow(new IllegalStateException("interrupted", new InterruptedException())));
        assertFalse(RowFailures.inTheRow(new RejectedExecutionException("shut down")));
    }

    @Test
    void theReasonIsTheDatabasesFirstLineWithItsStateOrTheExceptionsMessage() {
        SQLException sql = new SQLException(
                "ERROR: new row for relation \"upgrade_request\" violates check constraint \"upgrade_request_check\"\n"
                        + "  Detail: Failing row contains (...)",
                "23514");
        assertEquals(
                "ERROR: new row for relation \"upgrade_request\" violates check constraint \"upgrade_request_check\""
                        + " (SQLSTATE 23514)",
                RowFailures.reason(new ConstraintViolationException("could not execute statement", sql, "x")));
        assertEquals(
                "IllegalArgumentException: \"ABC\" is not an ISO 4217 currency code",
                RowFailures.reason(new IllegalArgumentException("\"ABC\" is not an ISO 4217 currency code")));
        assertEquals("NullPointerException", RowFailures.reason(new NullPointerException()));
    }

    @Test
    void aLongReasonIsCutToTheColumnsSize() {
        String reason = RowFailures.reason(new IllegalArgumentException("x".repeat(5000)));
        assertEquals(RowFailures.REASON_LIMIT, reason.length());
        assertTrue(reason.startsWith("IllegalArgumentException: xxx"));
        assertTrue(reason.endsWith("x…"));
    }
}
