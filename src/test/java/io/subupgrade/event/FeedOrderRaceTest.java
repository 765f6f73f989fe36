package io.subupgrade.event;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.subupgrade.testing.HeldTransaction;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The feed without a global lock: writers commit out of id order, and a reader polling {@code ?after=} still never
 * skips an event. The writers insert on their own connections, with no lock at all, copies of the subscription's
 * real {@code subscription.created} event (so every event read back still follows the contract).
 */
@QuarkusTest
class FeedOrderRaceTest {
    private static final String COPY_EVENT = "INSERT INTO event (type, subscription_id, owner_id, occurred_at, data)"
            + " SELECT type, subscription_id, owner_id, occurred_at, data FROM event"
            + " WHERE subscription_id = ? AND type = 'subscription.created' ORDER BY id LIMIT 1 RETURNING id";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anEventOfALaterTransactionStaysHiddenWhileAnEarlierOneIsInFlight() throws Exception {
        String account = newAccount();
        UUID subscription = UUID.fromString(subscribe(account, PAYG));
        long start = lastId(account, subscription, 0);
        try (Connection early = transaction();
                Connection late = transaction()) {
            // The early transaction starts first (it gets the older transaction id) but writes its event last.
            early.createStatement().execute("SELECT pg_current_xact_id()");
            long lateId = copyEvent(late, subscription);
            late.commit();
            assertEquals(List.of(), idsAfter(account, subscription, start), "a committed event above one in flight");
            long earlyId = copyEvent(early, subscription);
            assertTrue(earlyId < lateId, earlyId + " < " + lateId);
            assertEquals(List.of(), idsAfter(account, subscription, start));
            early.commit();
            assertEquals(List.of(earlyId, lateId), idsAfter(account, subscription, start));
        }
    }

    @Test
    void aPollingReaderSeesEveryEventOnceInIncreasingOrder() throws Exception {
        pollWhileWriting(false);
    }

    /**
     * The same race while a writing transaction stays open in another database of the server: the horizon drops
     * that transaction's id (migration V16), at every poll, and still lets the reader skip nothing. The reader sees
     * events while the writers are still at work, which V6's server-wide horizon would not have let it.
     */
    @Test
    void aPollingReaderSeesEveryEventOnceWhileAnotherDatabaseHoldsATransaction() throws Exception {
        int readWhileWriting = pollWhileWriting(true);
        assertTrue(readWhileWriting > 0, "events read while the writers were at work: " + readWhileWriting);
    }

    /**
     * Eight writers, one polling reader, with or without a transaction held open in another database from the start
     * of the writing to its end; returns how many events the reader saw before the writers were done.
     */
    private int pollWhileWriting(boolean holdAnotherDatabase) throws Exception {
        String account = newAccount();
        UUID subscription = UUID.fromString(subscribe(account, PAYG));
        long start = lastId(account, subscription, 0);
        HeldTransaction other = holdAnotherDatabase ? HeldTransaction.inAnotherDatabase() : null;
        int writers = 8;
        int perWriter = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        List<Long> committed = Collections.synchronizedList(new ArrayList<>());
        List<Long> read = new ArrayList<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger readWhileWriting = new AtomicInteger();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                Random random = new Random(w);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perWriter; i++) {
                        try (Connection c = transaction()) {
                            // Take a transaction id, wait, then write: ids and commits interleave across writers.
                            c.createStatement().execute("SELECT pg_current_xact_id()");
                            Thread.sleep(random.nextInt(8));
                            long id = copyEvent(c, subscription);
                            Thread.sleep(random.nextInt(8));
                            c.commit();
                            committed.add(id);
                        }
                    }
                    return null;
                }));
            }
            Future<?> reader = pool.submit(() -> {
                long after = start;
                boolean last = false;
                while (true) {
                    // One more pass after the writers are done: everything committed is visible by then.
                    last = !writing.get();
                    List<Long> page = idsAfter(account, subscription, after);
                    read.addAll(page);
                    if (!last) {
                        readWhileWriting.set(read.size());
                    }
                    if (!page.isEmpty()) {
                        after = page.get(page.size() - 1);
                    } else if (last) {
                        return null;
                    }
                }
            });
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            reader.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
            if (other != null) {
                other.close();
            }
        }
        List<Long> expected = new ArrayList<>(committed);
        Collections.sort(expected);
        assertEquals(writers * perWriter, expected.size());
        assertEquals(expected, read, "the reader saw every committed event once, in id order");
        return readWhileWriting.get();
    }

    private Connection transaction() throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        return c;
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

    /** The ids the feed serves after {@code after} (one page of up to 100). */
    private static List<Long> idsAfter(String account, UUID subscription, long after) {
        JsonPath page = customer(account)
                .queryParam("subscriptionId", subscription.toString())
                .queryParam("after", after)
                .queryParam("limit", 100)
                .get("/v1/events")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return page.getList("data.id", Long.class);
    }

    private static long lastId(String account, UUID subscription, long after) {
        List<Long> ids = idsAfter(account, subscription, after);
        return ids.get(ids.size() - 1);
    }
}
