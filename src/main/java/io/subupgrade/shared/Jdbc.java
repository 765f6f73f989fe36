package io.subupgrade.shared;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;

/**
 * The service's one way to plain JDBC (docs/architecture.md, "Data access"): set-based statements and hot reads,
 * where Hibernate's per-call work cost more than the SQL. Aggregates written one at a time stay Panache entities.
 * Two entry points, named by whose connection the statements run on:
 *
 * <ul>
 *   <li>{@link #onSessionConnection}: the connection of the current Hibernate session, so inside the caller's
 *       transaction, after a flush;
 *   <li>{@link #onOwnConnection}: a connection of its own from the pool, which never sees the session's unflushed
 *       changes: auto-commit when no transaction is active, enlisted in the JTA transaction when one is.
 * </ul>
 *
 * The statements themselves are the stores' {@code static final} constants; array parameters ({@code = ANY (?)},
 * {@code unnest(?::uuid[], ...)}) bind through {@link ArrayOf}. A singleton, not a client proxy: the hot paths call
 * it several times a request.
 */
@Singleton
public class Jdbc {
    /** Work on one connection; Hibernate's {@link ReturningWork}, so the session runs it as it is. */
    @FunctionalInterface
    public interface Work<T> extends ReturningWork<T> {}

    @Inject
    EntityManager em;

    @Inject
    AgroalDataSource dataSource;

    /**
     * Runs {@code work} on the session's connection, inside the caller's transaction, after flushing the session: the
     * SQL then sees every entity change made before it in the transaction, so no caller has to remember a flush.
     * Outside a transaction (a read such as the feed or a list's credit totals) the request's session holds no
     * changes and is not flushed. A failing statement surfaces as Hibernate's {@code JDBCException}, the
     * {@link SQLException} its cause.
     */
    public <T> T onSessionConnection(Work<T> work) {
        if (QuarkusTransaction.isActive()) {
            em.flush();
        }
        return em.unwrap(Session.class).doReturningWork(work);
    }

    /**
     * Runs {@code work} on a connection of its own from the pool, not the session's. With no transaction active it
     * auto-commits, each statement at once (the GET of a subscription; the idempotency claim, which a concurrent
     * duplicate must see at once and a rollback must not undo); with one active the pool enlists the connection in
     * it, so what it writes commits or rolls back with the caller's transaction. A failing statement surfaces as a
     * {@link Failure}, the {@link SQLException} its cause (ProblemMappers recognises it: 503 when the database is
     * away).
     */
    public <T> T onOwnConnection(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.execute(c);
        } catch (SQLException e) {
            throw new Failure(e);
        }
    }

    /** A statement on a connection of its own failed; unchecked, with the {@link SQLException} as its cause. */
    public static final class Failure extends RuntimeException {
        Failure(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * The element types of the array parameters the stores bind, each named as PostgreSQL names it. The values are
     * what the driver takes for that type: {@code java.sql.Timestamp} for {@code timestamptz}, {@code BigDecimal}
     * for {@code numeric}, and so on; a null element is a SQL NULL.
     */
    public enum ArrayOf {
        UUID("uuid"),
        VARCHAR("varchar"),
        TEXT("text"),
        NUMERIC("numeric"),
        INTEGER("integer"),
        BIGINT("bigint"),
        BOOLEAN("boolean"),
        TIMESTAMPTZ("timestamptz");

        private final String pgName;

        ArrayOf(String pgName) {
            this.pgName = pgName;
        }

        /** Binds {@code values} as the array parameter {@code index} of {@code ps}. */
        public void bind(PreparedStatement ps, int index, Object[] values) throws SQLException {
            ps.setArray(index, ps.getConnection().createArrayOf(pgName, values));
        }

        /** Binds {@code values}, in their iteration order, as the array parameter {@code index} of {@code ps}. */
        public void bind(PreparedStatement ps, int index, Collection<?> values) throws SQLException {
            bind(ps, index, values.toArray());
        }
    }

    /**
     * A statement with optional conditions, every combination composed once from constant fragments (at class
     * initialisation, as a {@code static final} of its store), so no SQL is put together per call.
     */
    public static final class Template {
        private final String[] variants;

        private Template(String[] variants) {
            this.variants = variants;
        }

        /**
         * {@code sql} holds one {@code %s}, where the conditions that are present go, in the order given here (at most
         * 4 of them, 16 statements).
         */
        public static Template of(String sql, String... conditions) {
            int at = sql.indexOf("%s");
            if (at < 0 || sql.indexOf("%s", at + 2) >= 0 || conditions.length > 4) {
                throw new IllegalArgumentException("One %s and at most 4 conditions: " + sql);
            }
            String[] variants = new String[1 << conditions.length];
            for (int present = 0; present < variants.length; present++) {
                StringBuilder chosen = new StringBuilder();
                for (int i = 0; i < conditions.length; i++) {
                    if ((present & (1 << i)) != 0) {
                        chosen.append(conditions[i]);
                    }
                }
                variants[present] = sql.substring(0, at) + chosen + sql.substring(at + 2);
            }
            return new Template(variants);
        }

        /** The statement with the conditions whose flag is true: one flag per condition, in their order. */
        public String with(boolean... present) {
            if (present.length != Integer.numberOfTrailingZeros(variants.length)) {
                throw new IllegalArgumentException("One flag per condition");
            }
            int index = 0;
            for (int i = 0; i < present.length; i++) {
                if (present[i]) {
                    index |= 1 << i;
                }
            }
            return variants[index];
        }
    }
}
