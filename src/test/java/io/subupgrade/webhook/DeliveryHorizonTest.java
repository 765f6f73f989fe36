package io.subupgrade.webhook;

import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.webhook.WebhookSteps.deliver;
import static io.subupgrade.webhook.WebhookSteps.register;
import static io.subupgrade.webhook.WebhookSteps.remove;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.subupgrade.testing.HeldTransaction;
import io.subupgrade.testing.WebhookReceiver;
import io.subupgrade.testing.WebhookReceiver.Received;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The webhook outbox claims a delivery once its event is below the feed's horizon (migration V16): a writing
 * transaction left open in another database of the same server holds no delivery back, one left open in this
 * database holds back every later one until it ends, and then the event it committed late goes out first.
 * Deliveries go to a real receiver that verifies every signature; each pass is {@code POST /v1/jobs/webhook-delivery}.
 */
@QuarkusTest
class DeliveryHorizonTest {
    private static final String COPY_EVENT = "INSERT INTO event (type, subscription_id, owner_id, occurred_at, data)"
            + " SELECT type, subscription_id, owner_id, occurred_at, data FROM event"
            + " WHERE subscription_id = ?::uuid AND type = 'subscription.created' ORDER BY id LIMIT 1 RETURNING id";

    @Inject
    AgroalDataSource dataSource;

    private WebhookReceiver receiver;
    private String endpointId;

    @BeforeEach
    void receiver() throws Exception {
        receiver = new WebhookReceiver();
        JsonPath e = register(receiver.url(), List.of("*"));
        endpointId = e.getString("id");
        receiver.secrets(e.getString("secret"));
    }

    @AfterEach
    void cleanUp() {
        remove(endpointId);
        receiver.close();
    }

    @Test
    void aWritingTransactionInAnotherDatabaseHoldsNoDeliveryBack() throws Exception {
        try (HeldTransaction other = HeldTransaction.inAnotherDatabase()) {
            String subscription = subscribe(newAccount(), PAYG);
            List<Long> stored = storedIds(subscription);
            assertFalse(stored.isEmpty());
            assertTrue(firstXid(subscription) > other.xid(), "the events are younger than the held transaction");

            assertEquals(stored, deliveredUntil(subscription, stored.size()));
            assertTrue(receiver.receivedFor(subscription).stream()
                    .allMatch(r -> r.verifiedBySecret().equals(List.of(true))));
        }
    }

    @Test
    void aWritingTransactionInThisDatabaseHoldsLaterDeliveriesUntilItEndsThenItsOwnGoesFirst() throws Exception {
        try (HeldTransaction held = HeldTransaction.inThisDatabase()) {
            String subscription = subscribe(newAccount(), PAYG);
            List<Long> later = storedIds(subscription);
            deliver();
            assertEquals(List.of(), ids(receiver.receivedFor(subscription)), "held behind a transaction in flight");

            long late;
            try (PreparedStatement ps = held.connection().prepareStatement(COPY_EVENT)) {
                ps.setString(1, subscription);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    late = rs.getLong(1);
                }
            }
            assertTrue(late < later.get(0), late + " < " + later);
            deliver();
            assertEquals(List.of(), ids(receiver.receivedFor(subscription)));

            held.commit();
            List<Long> expected = new ArrayList<>();
            expected.add(late);
            expected.addAll(later);
            assertEquals(expected, deliveredUntil(subscription, expected.size()), "in event id order, each once");
        }
    }

    /**
     * Runs delivery passes until {@code count} deliveries of the subscription have arrived (one subscription's
     * deliveries go one at a time), at most {@code count + 2} passes; then one more pass, which must add nothing.
     */
    private List<Long> deliveredUntil(String subscription, int count) {
        for (int pass = 0;
                pass < count + 2 && receiver.receivedFor(subscription).size() < count;
                pass++) {
            deliver();
        }
        deliver();
        return ids(receiver.receivedFor(subscription));
    }

    private static List<Long> ids(List<Received> received) {
        return received.stream().map(Received::eventId).toList();
    }

    private List<Long> storedIds(String subscription) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps =
                        c.prepareStatement("SELECT id FROM event WHERE subscription_id = ?::uuid ORDER BY id")) {
            ps.setString(1, subscription);
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }

    private long firstXid(String subscription) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT min(xid::text::bigint) FROM event WHERE subscription_id = ?::uuid")) {
            ps.setString(1, subscription);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
