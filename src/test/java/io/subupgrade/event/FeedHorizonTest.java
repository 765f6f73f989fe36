package io.subupgrade.event;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.subupgrade.testing.HeldTransaction;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The feed's horizon (migration V16) follows this database's transactions only: a writing transaction left open in
 * another database of the same server holds nothing up, one left open in this database still holds every later
 * event until it ends, and the event it commits late is not skipped.
 */
@QuarkusTest
class FeedHorizonTest {
    private static final String COPY_EVENT = "INSERT INTO event (type, subscription_id, owner_id, occurred_at, data)"
            + " SELECT type, subscription_id, owner_id, occurred_at, data FROM event"
            + " WHERE subscription_id = ? AND type = 'subscription.created' ORDER BY id LIMIT 1 RETURNING id";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aWritingTransactionInAnotherDatabaseHidesNoEvent() throws Exception {
        String account = newAccount();
        try (HeldTransaction other = HeldTransaction.inAnotherDatabase()) {
            UUID subscription = UUID.fromString(subscribe(account, PAYG));
            List<Long> stored = storedIds(subscription);
            assertFalse(stored.isEmpty());
            assertStallsTheServerWideHorizon(other.xid(), subscription);

            assertEquals(stored, pages(account, 0, 100), "every event committed here is served");
        }
    }

    @Test
    void aWritingTransactionInThisDatabaseHoldsEveryLaterEventUntilItEnds() throws Exception {
        String account = newAccount();
        UUID first = UUID.fromString(subscribe(account, PAYG));
        // A reader that has paged up to here and goes on with ?after=, one event a page.
        List<Long> read = pages(account, 0, 1);
        assertEquals(storedIds(first), read);
        long cursor = read.get(read.size() - 1);
        try (HeldTransaction held = HeldTransaction.inThisDatabase()) {
            UUID second = UUID.fromString(subscribe(account, PAYG));
            List<Long> later = storedIds(second);
            assertTrue(later.get(0) > cursor);
            assertEquals(List.of(), pages(account, cursor, 1), "committed after a transaction still in flight");

            long late = copyEvent(held.connection(), first);
            assertTrue(late > cursor && late < later.get(0), cursor + " < " + late + " < " + later);
            assertEquals(List.of(), pages(account, cursor, 1));

            held.commit();
            List<Long> expected = new ArrayList<>();
            expected.add(late);
            expected.addAll(later);
            assertEquals(expected, pages(account, cursor, 1), "the late event first, then the later ones, each once");
        }
    }

    @Test
    void aTransactionsOwnUncommittedEventStaysAboveItsHorizon() throws Exception {
        assertOwnEventAboveHorizon(UUID.fromString(subscribe(newAccount(), PAYG)));
    }

    @Test
    void aTransactionsOwnUncommittedEventStaysAboveItsHorizonWhenAnOlderOneOfAnotherDatabaseIsDropped()
            throws Exception {
        UUID subscription = UUID.fromString(subscribe(newAccount(), PAYG));
        // The snapshot's xmin is then the other database's transaction, not ours: the horizon is worked out in full.
        try (HeldTransaction other = HeldTransaction.inAnotherDatabase()) {
            assertOwnEventAboveHorizon(subscription);
        }
    }

    /** The snapshot lists every transaction in flight but the reader's own; the horizon must not pass it. */
    private void assertOwnEventAboveHorizon(UUID subscription) throws SQLException {
        try (Connection own = dataSource.getConnection()) {
            own.setAutoCommit(false);
            long id = copyEvent(own, subscription);
            // A later transaction ends, so the snapshot's xmax passes our own id: only our own xid can still hold it.
            try (Connection c = dataSource.getConnection();
                    Statement st = c.createStatement()) {
                st.execute("SELECT pg_current_xact_id()");
            }
            long horizon = horizon(own);
            own.rollback();
            assertTrue(horizon < id, horizon + " < " + id);
        }
    }

    @Test
    void aRoleWithoutPrivilegesStillSeesWhichDatabaseATransactionIsIn() throws Exception {
        String account = newAccount();
        String role = "feed_horizon_reader_"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
        try (HeldTransaction other = HeldTransaction.inAnotherDatabase();
                Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            UUID subscription = UUID.fromString(subscribe(account, PAYG));
            List<Long> stored = storedIds(subscription);
            assertStallsTheServerWideHorizon(other.xid(), subscription);
            st.execute("CREATE ROLE " + role + " NOLOGIN");
            try {
                // Neither superuser nor pg_read_all_stats, and not the role of the other transaction's backend.
                st.execute("SET ROLE " + role);
                long horizon = horizon(c);
                st.execute("RESET ROLE");
                assertTrue(horizon > stored.get(stored.size() - 1), horizon + " > " + stored);
            } finally {
                st.execute("RESET ROLE");
                st.execute("DROP ROLE " + role);
            }
        }
    }

    /**
     * That the setup shows what it means to: the held transaction is in flight for this database's snapshots too,
     * and older than the subscription's events, so V6's horizon (the oldest transaction on the whole server) would
     * have hidden them.
     */
    private void assertStallsTheServerWideHorizon(long heldXid, UUID subscription) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint,"
                                + " ?::text::xid8 IN (SELECT pg_snapshot_xip(pg_current_snapshot())),"
                                + " (SELECT min(xid::text::bigint) FROM event WHERE subscription_id = ?)")) {
            ps.setLong(1, heldXid);
            ps.setObject(2, subscription);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertTrue(rs.getLong(1) <= heldXid, "server-wide xmin " + rs.getLong(1) + " <= " + heldXid);
                assertTrue(rs.getBoolean(2), heldXid + " in flight");
                assertTrue(rs.getLong(3) > heldXid, "events of xid " + rs.getLong(3) + " > " + heldXid);
            }
        }
    }

    private static long horizon(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT event_feed_horizon()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<Long> storedIds(UUID subscription) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT id FROM event WHERE subscription_id = ? ORDER BY id")) {
            ps.setObject(1, subscription);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }

    private static long copyEvent(Connection c, UUID subscription) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(COPY_EVENT)) {
            ps.setObject(1, subscription);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The ids the account's feed serves after {@code after}, read page by page with {@code ?after=}. */
    private static List<Long> pages(String account, long after, int limit) {
        List<Long> all = new ArrayList<>();
        while (true) {
            List<Long> page = customer(account)
                    .queryParam("after", after)
                    .queryParam("limit", limit)
                    .get("/v1/events")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getList("data.id", Long.class);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            after = page.get(page.size() - 1);
        }
    }
}
