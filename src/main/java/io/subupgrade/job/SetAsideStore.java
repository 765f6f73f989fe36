package io.subupgrade.job;

import io.subupgrade.shared.AfterCommit;
import io.subupgrade.shared.Jdbc;
import io.subupgrade.web.Cursors;
import io.subupgrade.web.Page;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/** All SQL of {@code job_set_aside} (migration V15): marking a row, listing the marks, an operator's retry. */
@ApplicationScoped
public class SetAsideStore {
    private static final Logger LOG = Logger.getLogger(SetAsideStore.class);

    private static final String MARK = "INSERT INTO job_set_aside (job, row_id, reason, set_aside_at)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (job, row_id) WHERE retried_at IS NULL DO NOTHING RETURNING id";

    private static final String RETRY =
            "UPDATE job_set_aside SET retried_at = ?, retried_by = ? WHERE id = ? AND retried_at IS NULL";

    private static final String COLUMNS = "SELECT id, job, row_id, reason, set_aside_at, retried_at FROM job_set_aside";

    private static final String ONE = COLUMNS + " WHERE id = ?";

    // The open marks, newest first; %s: the cursor's condition, then the job's, when given.
    private static final Jdbc.Template OPEN = Jdbc.Template.of(
            COLUMNS + " WHERE retried_at IS NULL%s ORDER BY id DESC LIMIT ?", " AND id < ?", " AND job = ?");

    @Inject
    Jdbc jdbc;

    @Inject
    Event<RowSetAside> rowsSetAside;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /**
     * Sets {@code rowId} aside for {@code job}, unless it already is: the unique index on open marks decides between
     * two instances that both failed on it, so it is counted and logged once. The caller holds the row's lock (or
     * lease) and has checked that the job would still take it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean mark(Job job, UUID rowId, String reason, Instant now) {
        Optional<UUID> id = jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(MARK)) {
                ps.setString(1, job.wireName());
                ps.setObject(2, rowId);
                ps.setString(3, reason);
                ps.setTimestamp(4, Timestamp.from(now));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getObject(1, UUID.class)) : Optional.<UUID>empty();
                }
            }
        });
        id.ifPresent(setAside -> {
            rowsSetAside.fire(new RowSetAside(job, rowId));
            // Once, when it is certain: a mark rolled back with its transaction was never made.
            AfterCommit.run(
                    transactions,
                    () -> LOG.warnf(
                            "Job %s set row %s aside (GET /v1/jobs/set-aside, id %s): %s",
                            job.wireName(), rowId, setAside, reason));
        });
        return id.isPresent();
    }

    /** The open marks, newest first, optionally of one job. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<SetAsideRow> list(Job job, int limit, String cursor) {
        List<Object> parameters = new ArrayList<>();
        UUID after = Cursors.decodeUuid(cursor);
        if (after != null) {
            parameters.add(after);
        }
        if (job != null) {
            parameters.add(job.wireName());
        }
        parameters.add(limit + 1);
        String sql = OPEN.with(after != null, job != null);
        return Page.of(select(sql, parameters), limit, r -> r.id().toString(), r -> r);
    }

    /**
     * Clears the mark, so the job takes the row again at its next run; a mark already retried stays as it was (a
     * second retry changes nothing). Empty if there is no such mark.
     */
    @Transactional
    public Optional<SetAsideRow> retry(UUID id, String operator, Instant now) {
        jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(RETRY)) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setString(2, operator);
                ps.setObject(3, id);
                return ps.executeUpdate();
            }
        });
        List<SetAsideRow> rows = select(ONE, List.of(id));
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    /** The marks {@code sql} (one of {@link #ONE}, {@link #OPEN}) selects. */
    private List<SetAsideRow> select(String sql, List<Object> parameters) {
        return jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.size(); i++) {
                    ps.setObject(i + 1, parameters.get(i));
                }
                List<SetAsideRow> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new SetAsideRow(
                                rs.getObject(1, UUID.class),
                                rs.getString(2),
                                rs.getObject(3, UUID.class),
                                rs.getString(4),
                                instant(rs, 5),
                                instant(rs, 6)));
                    }
                }
                return rows;
            }
        });
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
