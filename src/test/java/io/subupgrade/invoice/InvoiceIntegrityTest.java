package io.subupgrade.invoice;

import static io.subupgrade.testing.Api.meter;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.testing.Usage.record;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.subupgrade.testing.TwoInstances;
import io.subupgrade.time.ServiceClock;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The invoice rows against the truth they are kept from, with real threads: the rollup equals the usage records
 * after concurrent ingestion, two finalizers number each invoice once without gaps, and the database refuses any
 * change to a FINALIZED invoice.
 */
@QuarkusTest
class InvoiceIntegrityTest {
    private static final int DUE = 1_200;

    @Inject
    EntityManager em;

    @Inject
    ServiceClock clock;

    @Inject
    InvoiceJobs jobs;

    @Test
    void theRollupEqualsTheUsageRecordsAfterConcurrentIngestion() throws Exception {
        String account = newAccount();
        List<String> subscriptions =
                List.of(subscribe(account, PAYG), subscribe(account, PAYG), subscribe(newAccount(), FREE_TRIAL));
        // A meter of this test's own whose price changes halfway: its usage splits into two lines.
        String gpu = "gpu-" + UUID.randomUUID().toString().substring(0, 8);
        putMeter(gpu, "0.333333");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> batches = new ArrayList<>();
            for (int b = 0; b < 40; b++) {
                int batch = b;
                batches.add(() -> {
                    List<Map<String, Object>> records = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        String meterId = i % 3 == 0 ? gpu : i % 3 == 1 ? "vm-b1s-hour" : "vm-d2s-v3-hour";
                        records.add(record(
                                subscriptions.get((batch + i) % 3),
                                "e" + batch + "-" + i,
                                meterId,
                                (i + 1) + ".125")); // odd quantities: costs with 6 decimals
                    }
                    // A replay of the batch's first record: a DUPLICATE must not count twice.
                    records.add(records.get(0));
                    return meter().body(Map.of("records", records))
                            .post("/v1/usage-batches")
                            .statusCode();
                });
            }
            List<Future<Integer>> first = pool.invokeAll(batches.subList(0, 20));
            for (Future<Integer> f : first) {
                assertEquals(200, f.get());
            }
            putMeter(gpu, "0.5");
            for (Future<Integer> f : pool.invokeAll(batches.subList(20, 40))) {
                assertEquals(200, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        // The invoice rows are the folded rollup: the fold job (off in tests) brings them up to the records.
        jobs.fold();

        for (String id : subscriptions) {
            UUID s = UUID.fromString(id);
            List<?> fromRecords = rows(
                    "SELECT meter_id, unit_price::text, sum(quantity)::text, sum(cost)::text FROM usage_record"
                            + " WHERE subscription_id = ?1 GROUP BY 1, 2 ORDER BY 1, 2",
                    s);
            List<?> fromLines = rows(
                    "SELECT l.meter_id, l.unit_price::text, l.quantity::text, l.amount::text FROM invoice_line l"
                            + " JOIN invoice i ON i.id = l.invoice_id WHERE i.subscription_id = ?1 ORDER BY 1, 2",
                    s);
            assertFalse(fromRecords.isEmpty(), "usage of " + id);
            assertEquals(text(fromRecords), text(fromLines), "lines of " + id);
            assertEquals(
                    text(rows(
                            "SELECT sum(cost)::text, sum(covered_by_credit)::text, sum(not_charged)::text,"
                                    + " sum(billable)::text FROM usage_record WHERE subscription_id = ?1",
                            s)),
                    text(rows(
                            "SELECT sum(subtotal)::text, sum(credit_applied)::text, sum(not_charged)::text,"
                                    + " sum(total)::text FROM invoice WHERE subscription_id = ?1",
                            s)),
                    "totals of " + id);
        }
        long gpuLines = ((Number)
                        em.createNativeQuery("SELECT count(DISTINCT unit_price) FROM invoice_line WHERE meter_id = ?1")
                                .setParameter(1, gpu)
                                .getSingleResult())
                .longValue();
        assertEquals(2, gpuLines, "a line per unit price");
    }

    @Test
    void twoFinalizersNumberEachDueInvoiceOnceWithoutGaps() throws Exception {
        String owner = newAccount();
        seedDueInvoices(owner);

        int finalized = TwoInstances.run(() -> jobs.finalizeDue().finalized());

        assertTrue(finalized >= DUE, "finalized " + finalized);
        assertEquals(
                (long) DUE, count("SELECT count(*) FROM invoice WHERE owner_id = ?1 AND status = 'FINALIZED'", owner));
        assertEquals(
                (long) DUE,
                count(
                        "SELECT count(DISTINCT e.data ->> 'invoiceId') FROM event e WHERE e.owner_id = ?1"
                                + " AND e.type = 'invoice.finalized'",
                        owner));
        assertEquals(
                (long) DUE,
                count("SELECT count(*) FROM event WHERE owner_id = ?1 AND type = 'invoice.finalized'", owner));
        // Across the whole database (other tests finalize too): the numbers are 1..N, and the counter is at N.
        Object[] numbers =
                (Object[]) em.createNativeQuery("SELECT count(*), min(number_sequence), max(number_sequence),"
                                + " (SELECT last_value FROM invoice_number) FROM invoice WHERE status = 'FINALIZED'")
                        .getSingleResult();
        long n = ((Number) numbers[0]).longValue();
        assertEquals(1L, ((Number) numbers[1]).longValue());
        assertEquals(n, ((Number) numbers[2]).longValue(), "no gap");
        assertEquals(n, ((Number) numbers[3]).longValue(), "no number handed out and lost");
        // The event's number is the invoice's.
        assertEquals(
                0L,
                count(
                        "SELECT count(*) FROM event e JOIN invoice i ON i.id = (e.data ->> 'invoiceId')::uuid"
                                + " WHERE e.owner_id = ?1 AND e.type = 'invoice.finalized'"
                                + " AND e.data ->> 'number' <> 'INV-' || lpad(i.number_sequence::text, 6, '0')",
                        owner));
    }

    @Test
    void theDatabaseRefusesToChangeAFinalizedInvoice() {
        String owner = newAccount();
        seedDueInvoices(owner);
        jobs.finalizeDue();
        UUID id = (UUID)
                em.createNativeQuery("SELECT id FROM invoice WHERE owner_id = ?1 AND status = 'FINALIZED' LIMIT 1")
                        .setParameter(1, owner)
                        .getSingleResult();
        String before = text(rows("SELECT i::text FROM invoice i WHERE id = ?1", id));
        String linesBefore = text(rows("SELECT l::text FROM invoice_line l WHERE invoice_id = ?1 ORDER BY id", id));
        for (String change : List.of(
                "UPDATE invoice SET total = total + 1, subtotal = subtotal + 1 WHERE id = ?1",
                "UPDATE invoice SET status = 'DRAFT', number_sequence = NULL, finalized_at = NULL WHERE id = ?1",
                "DELETE FROM invoice WHERE id = ?1",
                "UPDATE invoice_line SET quantity = quantity + 1 WHERE invoice_id = ?1",
                "DELETE FROM invoice_line WHERE invoice_id = ?1",
                // Another finalized invoice's lines moved onto this one: refused before the unique key could be.
                "UPDATE invoice_line SET invoice_id = ?1 WHERE invoice_id = (SELECT id FROM invoice"
                        + " WHERE status = 'FINALIZED' AND id <> ?1 ORDER BY number_sequence DESC LIMIT 1)",
                "INSERT INTO invoice_line (id, invoice_id, meter_id, unit_price, unit, name_en, quantity, amount)"
                        + " VALUES (gen_random_uuid(), ?1, 'vm-b1s-hour', 9, '1 Hour', 'x', 1, 9)")) {
            PersistenceException refused = assertThrows(
                    PersistenceException.class,
                    () -> QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(change)
                            .setParameter(1, id)
                            .executeUpdate()),
                    change);
            String message = rootMessage(refused);
            assertTrue(message.contains("is FINALIZED"), change + ": " + message);
        }
        // TRUNCATE fires no row trigger; statement triggers refuse it. Rolled back whatever happens, so that a
        // broken guard fails this test instead of emptying the tables under the others.
        for (String truncate : List.of("TRUNCATE invoice_line", "TRUNCATE invoice_line, invoice")) {
            String refusal = null;
            QuarkusTransaction.begin();
            try {
                em.createNativeQuery(truncate).executeUpdate();
            } catch (PersistenceException e) {
                refusal = rootMessage(e);
            } finally {
                QuarkusTransaction.rollback();
            }
            assertTrue(refusal != null && refusal.contains("FINALIZED"), truncate + ": " + refusal);
        }
        assertEquals(before, text(rows("SELECT i::text FROM invoice i WHERE id = ?1", id)));
        assertEquals(
                linesBefore, text(rows("SELECT l::text FROM invoice_line l WHERE invoice_id = ?1 ORDER BY id", id)));
    }

    /** DUE PAYG subscriptions, each with a DRAFT invoice (and a line) of a period that ended an hour ago. */
    private void seedDueInvoices(String owner) {
        Instant end = clock.now().minus(1, ChronoUnit.HOURS);
        Instant start = end.minus(30, ChronoUnit.DAYS);
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("INSERT INTO subscription (id, owner_id, display_name, offer_id, original_offer_id,"
                            + " free_trial, state, spending_limit, created_at, currency)"
                            + " SELECT gen_random_uuid(), ?1, 'Seeded ' || g, 'MS-AZR-0003P', 'MS-AZR-0003P',"
                            + " false, 'ACTIVE', 'OFF', ?2, 'USD' FROM generate_series(1, ?3) g")
                    .setParameter(1, owner)
                    .setParameter(2, start)
                    .setParameter(3, DUE)
                    .executeUpdate();
            em.createNativeQuery("INSERT INTO invoice (id, subscription_id, owner_id, currency, period_start,"
                            + " period_end, status, subtotal, credit_applied, not_charged, total)"
                            + " SELECT uuid_v7_at(?2), s.id, s.owner_id, 'USD', ?2, ?3, 'DRAFT', 1.5, 0.5, 0, 1"
                            + " FROM subscription s WHERE s.owner_id = ?1")
                    .setParameter(1, owner)
                    .setParameter(2, start)
                    .setParameter(3, end)
                    .executeUpdate();
            em.createNativeQuery("INSERT INTO invoice_line (id, invoice_id, meter_id, unit_price, unit, name_en,"
                            + " quantity, amount) SELECT gen_random_uuid(), i.id, 'vm-d2s-v3-hour', 0.096, '1 Hour',"
                            + " 'Virtual Machines D2s v3', 15.625, 1.5 FROM invoice i WHERE i.owner_id = ?1")
                    .setParameter(1, owner)
                    .executeUpdate();
        });
    }

    private static void putMeter(String id, String price) {
        operator()
                .body(Map.of(
                        "name",
                        "GPU hour " + id,
                        "unit",
                        "1 Hour",
                        "unitPrice",
                        Map.of("amount", price, "currency", "USD")))
                .put("/v1/meters/" + id)
                .then()
                .statusCode(anyOf(is(200), is(201)));
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

    private List<?> rows(String sql, Object parameter) {
        return em.createNativeQuery(sql).setParameter(1, parameter).getResultList();
    }

    private static String text(List<?> rows) {
        List<String> out = new ArrayList<>();
        for (Object row : rows) {
            out.add(
                    row instanceof Object[] cells
                            ? Arrays.stream(cells).map(String::valueOf).collect(Collectors.joining("|"))
                            : String.valueOf(row));
        }
        return String.join("\n", out);
    }

    private long count(String sql, String owner) {
        return ((Number) em.createNativeQuery(sql).setParameter(1, owner).getSingleResult()).longValue();
    }
}
