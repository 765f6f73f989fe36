package io.subupgrade.subscription;

import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.allIds;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SubscriptionPaginationTest {

    @Test
    void walkingTheListWhileRowsAreInsertedNeitherRepeatsNorSkipsARow() throws Exception {
        String owner = newAccount();
        List<String> existing = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            existing.add(subscribe(owner, PAYG));
        }

        // Another thread keeps signing the same owner up; each insert lets the walker take one more page,
        // so every page is read with fresh rows in the table.
        Semaphore inserted = new Semaphore(0);
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService inserter = Executors.newSingleThreadExecutor();
        Future<List<String>> added = inserter.submit(() -> {
            List<String> ids = new ArrayList<>();
            while (!done.get() && ids.size() < 30) {
                ids.add(subscribe(owner, PAYG));
                inserted.release();
            }
            return ids;
        });

        List<String> seen;
        try {
            seen = allIds(
                    () -> operator().queryParam("ownerId", owner).queryParam("limit", 5),
                    "/v1/subscriptions",
                    () -> assertTrue(awaitInsert(inserted), "the inserter makes progress"));
        } finally {
            done.set(true);
            inserter.shutdown();
        }
        List<String> insertedIds = added.get(30, TimeUnit.SECONDS);

        assertEquals(seen.size(), new HashSet<>(seen).size(), "no row is repeated: " + seen);
        assertEquals(existing, seen.subList(0, existing.size()), "every existing row, once, in order");
        assertTrue(insertedIds.containsAll(seen.subList(existing.size(), seen.size())), "the rest are new rows");
        assertTrue(seen.size() > existing.size(), "rows inserted during the walk were picked up: " + seen.size());
    }

    private static boolean awaitInsert(Semaphore inserted) {
        try {
            return inserted.tryAcquire(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
