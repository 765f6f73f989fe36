package io.subupgrade.reliability;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.STUDENTS;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.subupgrade.testing.Usage;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Races at the database's default READ COMMITTED isolation: many threads mix usage (new and
 * replayed eventIds), promotional grants, upgrade requests (one idempotency key and many keys),
 * cancels and finalizer runs on a few subscriptions. Afterwards the database must reconcile to the
 * cent: no negative balance, covered-by-credit = burnt credit per subscription, at most one
 * PENDING request per subscription, no duplicate record, every acknowledged write stored once.
 */
@QuarkusTest
class RaceTest {
    private static final int THREADS = 16;
    private static final int OPERATIONS = Integer.getInteger("race.operations", 400);

    @Inject
    AgroalDataSource ds;

    record Sub(String account, String id) {}

    @Test
    void mixedOperationsReconcileToTheCent() throws Exception {
        assertEquals("read committed", queryString("SHOW transaction_isolation"));
        List<Sub> subs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String account = newAccount();
            subs.add(new Sub(account, subscribe(account, FREE_TRIAL)));
        }
        String student = newAccount();
        subs.add(new Sub(student, subscribe(student, STUDENTS)));

        Random random = new Random(Long.getLong("race.seed", 20240508L));
        Map<String, String> acknowledged = new ConcurrentHashMap<>(); // subscription/eventId -> record id
        Map<String, Set<String>> idsPerKey = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        List<Callable<Void>> calls = new ArrayList<>();
        for (int i = 0; i < OPERATIONS; i++) {
            Sub s = subs.get(random.nextInt(subs.size()));
            int kind = random.nextInt(100);
            int n = i;
            int hours = 10 + random.nextInt(290);
            int replayOf = random.nextInt(Math.max(1, i));
            Callable<Response> call;
            String label;
            if (kind < 55) {
                label = "usage";
                call = () -> Usage.hours(s.id(), "e" + n, hours);
            } else if (kind < 62) {
                label = "usage-replay";
                call = () -> Usage.hours(s.id(), "e" + replayOf, hours);
            } else if (kind < 70) {
                label = "grant";
                call = () -> operator()
                        .body(Map.of(
                                "amount", Map.of("amount", "7.50", "currency", "USD"), "reason", "race promo " + n))
                        .post("/v1/subscriptions/" + s.id() + "/benefits");
            } else if (kind < 78) {
                label = "upgrade-one-key";
                call = () -> customer(s.account())
                        .header("Idempotency-Key", "one-key-" + s.id())
                        .body(Map.of("targetOfferId", PAYG, "confirm", true))
                        .post("/v1/subscriptions/" + s.id() + "/upgrade-requests");
            } else if (kind < 86) {
                label = "upgrade-new-key";
                call = () -> customer(s.account())
                        .header("Idempotency-Key", "key-" + n)
                        .body(Map.of("targetOfferId", PAYG, "confirm", true))
                        .post("/v1/subscriptions/" + s.id() + "/upgrade-requests");
            } else if (kind < 94) {
                label = "cancel";
                call = () -> cancelPending(s);
            } else {
                label = "finalizer";
                call = () -> operator().post("/v1/jobs/upgrade-finalization");
            }
            calls.add(() -> {
                Response r = call.call();
                int status = r == null ? 0 : r.statusCode();
                counts.computeIfAbsent(label + " " + status, k -> new AtomicInteger())
                        .incrementAndGet();
                if (status >= 500) {
                    failures.add(label + " -> " + status + " " + r.asString());
                }
                if (label.startsWith("usage") && status == 201) {
                    String prior = acknowledged.put(s.id() + "/" + r.path("eventId"), r.path("id"));
                    if (prior != null) {
                        failures.add("eventId acknowledged as new twice: " + r.path("eventId"));
                    }
                }
                if (label.equals("upgrade-one-key") && status == 201) {
                    idsPerKey
                            .computeIfAbsent(s.id(), k -> ConcurrentHashMap.newKeySet())
                            .add(r.path("id"));
                }
                return null;
            });
        }
        Collections.shuffle(calls, random);
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (Future<Void> f : pool.invokeAll(calls, 120, TimeUnit.SECONDS)) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf(
                "RaceTest: %d operations in %d ms; responses %s%n",
                OPERATIONS, (System.nanoTime() - started) / 1_000_000, new java.util.TreeMap<>(counts));
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));

        List<String> ids = subs.stream().map(Sub::id).toList();
        UUID[] uuids = ids.stream().map(UUID::fromString).toArray(UUID[]::new);
        assertEquals(
                List.of(),
                queryList(
                        "SELECT id::text FROM benefit_balance WHERE subscription_id = ANY (?) AND remaining_amount < 0",
                        uuids),
                "negative balances");
        assertEquals(
                List.of(),
                queryList(
                        "SELECT s.id || ' covered=' || coalesce(u.c, 0) || ' burnt=' || coalesce(g.b, 0)"
                                + " FROM subscription s"
                                + " LEFT JOIN (SELECT subscription_id, sum(covered_by_credit) c FROM usage_record"
                                + "   GROUP BY 1) u ON u.subscription_id = s.id"
                                + " LEFT JOIN (SELECT subscription_id, sum(original_amount - remaining_amount) b"
                                + "   FROM benefit_balance GROUP BY 1) g ON g.subscription_id = s.id"
                                + " WHERE s.id = ANY (?) AND coalesce(u.c, 0) <> coalesce(g.b, 0)",
                        uuids),
                "sum(coveredByCredit) = original - remaining per subscription");
        assertEquals(
                List.of(),
                queryList(
                        "SELECT subscription_id::text FROM upgrade_request WHERE subscription_id = ANY (?)"
                                + " AND status = 'PENDING' GROUP BY subscription_id HAVING count(*) > 1",
                        uuids),
                "at most one PENDING request per subscription");
        assertEquals(
                List.of(),
                queryList(
                        "SELECT s.id::text FROM subscription s LEFT JOIN upgrade_request r"
                                + " ON r.id = s.pending_upgrade_request_id WHERE s.id = ANY (?)"
                                + " AND (s.pending_upgrade_request_id IS NOT NULL AND r.status <> 'PENDING'"
                                + "  OR s.pending_upgrade_request_id IS NULL AND EXISTS (SELECT 1 FROM upgrade_request p"
                                + "     WHERE p.subscription_id = s.id AND p.status = 'PENDING'))",
                        uuids),
                "pending_upgrade_request_id agrees with the PENDING request");
        assertEquals(
                List.of(),
                queryList(
                        "SELECT r.id::text FROM upgrade_request r WHERE r.subscription_id = ANY (?)"
                                + " AND (SELECT count(*) FROM event e WHERE e.type = 'upgrade.completed'"
                                + "   AND e.data ->> 'upgradeRequestId' = r.id::text)"
                                + " <> CASE WHEN r.status = 'COMPLETED' THEN 1 ELSE 0 END",
                        uuids),
                "one upgrade.completed event per completed request");
        assertEquals(
                List.of(),
                queryList(
                        "SELECT subscription_id || '/' || event_id FROM usage_record WHERE subscription_id = ANY (?)"
                                + " GROUP BY subscription_id, event_id HAVING count(*) > 1",
                        uuids),
                "duplicate records");
        List<String> stored = queryList(
                "SELECT subscription_id || '/' || event_id || '=' || id FROM usage_record WHERE subscription_id = ANY (?)",
                uuids);
        List<String> missing = acknowledged.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .filter(k -> !stored.contains(k))
                .toList();
        assertEquals(List.of(), missing, "acknowledged records not stored");
        idsPerKey.forEach(
                (sub, requestIds) -> assertEquals(1, requestIds.size(), "one key, one request: " + requestIds));
        BigDecimal covered = new BigDecimal(queryString(
                "SELECT coalesce(sum(covered_by_credit), 0)::text FROM usage_record WHERE subscription_id = ANY (?)",
                uuids));
        System.out.printf(
                "RaceTest: %d operations on %d subscriptions, %d records acknowledged, %s covered by credit%n",
                OPERATIONS, subs.size(), acknowledged.size(), covered);
        assertTrue(acknowledged.size() > 50, "enough usage got through to mean something");
    }

    private static Response cancelPending(Sub s) {
        Response list = customer(s.account()).get("/v1/subscriptions/" + s.id() + "/upgrade-requests?limit=100");
        if (list.statusCode() != 200) {
            return list;
        }
        List<Map<String, Object>> data = list.path("data");
        return data.stream()
                .filter(r -> "PENDING".equals(r.get("status")))
                .findFirst()
                .map(r -> customer(s.account()).post("/v1/upgrade-requests/" + r.get("id") + "/cancel"))
                .orElse(list);
    }

    private String queryString(String sql) throws SQLException {
        return queryList(sql, null).get(0);
    }

    private String queryString(String sql, UUID[] subscriptions) throws SQLException {
        return queryList(sql, subscriptions).get(0);
    }

    /** The first column of each row; {@code ?} (if any) is bound to the subscription ids. */
    private List<String> queryList(String sql, UUID[] subscriptions) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            if (subscriptions != null) {
                ps.setArray(1, c.createArrayOf("uuid", subscriptions));
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
            return rows;
        }
    }
}
