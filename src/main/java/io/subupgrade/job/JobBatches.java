package io.subupgrade.job;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.subupgrade.shared.Jdbc;
import io.subupgrade.time.ServiceClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs one batch of a job so that a bad row cannot stall it (docs/design.md §14). The batch runs as it always did,
 * set-based in one transaction. Only when it fails on a row ({@link RowFailures}) does this look at its rows one by
 * one, each in its own transaction: those that go through are done, a row that fails alone is set aside
 * ({@link SetAsideStore}) and the job's claims skip it from then on. The rows' locks work as in the batch (SKIP
 * LOCKED, the same conditions), so on any number of instances a row is processed once and set aside once.
 */
@ApplicationScoped
public class JobBatches {
    /** One job's batch, over its own rows. Every method runs in the caller's transaction. */
    public interface Rows<R> {
        Job job();

        /**
         * Claims up to {@code limit} due rows (or only {@code only}, if it is still due and not locked by another run)
         * and processes them.
         */
        R process(Instant now, int limit, UUID only);

        /** Claims, with the batch's lock and conditions, up to {@code limit} due rows (or only {@code only}). */
        List<UUID> claim(Instant now, int limit, UUID only);

        /** How many rows a batch claimed: a full batch means more may be due. */
        int claimed(R result);

        /** What a batch that processed nothing returns. */
        R none();

        R plus(R a, R b);
    }

    /** A job whose batch result is the number of rows it processed, each claimed row processed or the batch failing. */
    public interface CountedRows extends Rows<Integer> {
        @Override
        default int claimed(Integer processed) {
            return processed;
        }

        @Override
        default Integer none() {
            return 0;
        }

        @Override
        default Integer plus(Integer a, Integer b) {
            return a + b;
        }
    }

    /**
     * The ids a claim statement returns: {@code claim} has one condition, the one that picks the row {@code only}, used
     * when {@code only} is given; its parameters are {@code due}, then {@code only} when given, then the limit.
     */
    public static List<UUID> claimIds(Connection c, Jdbc.Template claim, Object due, UUID only, int limit)
            throws SQLException {
        List<UUID> ids = new ArrayList<>(limit);
        try (PreparedStatement ps = c.prepareStatement(claim.with(only != null))) {
            int p = 1;
            ps.setObject(p++, due);
            if (only != null) {
                ps.setObject(p++, only);
            }
            ps.setInt(p, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return ids;
    }

    /** What a batch did, and how many rows it claimed, set-aside ones included. */
    public record Ran<R>(R result, int claimed) {}

    @Inject
    SetAsideStore setAside;

    @Inject
    ServiceClock clock;

    /** One batch of at most {@code limit} rows; a failure that is not a row's ends the run as before. */
    public <R> Ran<R> run(Rows<R> rows, int limit) {
        try {
            R result = inNewTransaction(() -> rows.process(clock.now(), limit, null));
            return new Ran<>(result, rows.claimed(result));
        } catch (RuntimeException batchFailure) {
            if (!RowFailures.inTheRow(batchFailure)) {
                throw batchFailure;
            }
            return oneByOne(rows, limit);
        }
    }

    // The batch rolled back whole. Its rows (as a claim sees them now) go through one transaction each.
    private <R> Ran<R> oneByOne(Rows<R> rows, int limit) {
        List<UUID> ids = inNewTransaction(() -> rows.claim(clock.now(), limit, null));
        R total = rows.none();
        for (UUID id : ids) {
            try {
                R one = inNewTransaction(() -> rows.process(clock.now(), 1, id));
                total = rows.plus(total, one);
            } catch (RuntimeException failure) {
                if (!RowFailures.inTheRow(failure)) {
                    throw failure;
                }
                // Marked under the row's lock, and only while the job would still take it: a run on another instance
                // may have processed it in between (it was fixed) or set it aside first.
                inNewTransaction(() -> {
                    Instant now = clock.now();
                    return rows.claim(now, 1, id).isEmpty()
                            || setAside.mark(rows.job(), id, RowFailures.reason(failure), now);
                });
            }
        }
        return new Ran<>(total, ids.size());
    }

    private static <T> T inNewTransaction(Supplier<T> work) {
        return QuarkusTransaction.requiringNew().call(work::get);
    }
}
