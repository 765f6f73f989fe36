package io.subupgrade.webhook;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.testing.Usage.hours;
import static io.subupgrade.webhook.WebhookSteps.deliver;
import static io.subupgrade.webhook.WebhookSteps.register;
import static io.subupgrade.webhook.WebhookSteps.remove;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.subupgrade.testing.SandboxClock;
import io.subupgrade.testing.WebhookReceiver;
import io.subupgrade.testing.WebhookReceiver.Received;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code invoice.finalized} reaches a webhook endpoint subscribed to it, signed, with the invoice's figures. */
@QuarkusTest
class InvoiceWebhookTest {

    @Test
    void aFinalizedInvoiceIsDelivered() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            JsonPath endpoint = register(receiver.url(), List.of("invoice.finalized"));
            receiver.secrets(endpoint.getString("secret"));
            try {
                String account = newAccount();
                String id = subscribe(account, PAYG);
                hours(id, "w1", 100).then().statusCode(201); // 9.60
                Response draft = customer(account).get("/v1/subscriptions/" + id + "/invoices/upcoming");
                Instant end = Instant.parse(draft.path("periodEnd"));
                SandboxClock.advance(Duration.between(SandboxClock.now(), end).plusMinutes(6));
                operator().post("/v1/jobs/invoice-finalization").then().statusCode(200);
                deliver();

                List<Received> got = receiver.receivedFor(id);
                assertEquals(1, got.size(), "only invoice.finalized, once");
                Received r = got.get(0);
                assertEquals(List.of(true), r.verifiedBySecret());
                assertEquals("invoice.finalized", r.type());
                String invoiceId = draft.path("id");
                assertEquals(
                        invoiceId,
                        r.json().path("data").path("data").path("invoiceId").asText());
                String number =
                        customer(account).get("/v1/invoices/" + invoiceId).path("number");
                assertEquals(
                        number,
                        r.json().path("data").path("data").path("number").asText());
                assertEquals(
                        "9.60",
                        r.json()
                                .path("data")
                                .path("data")
                                .path("amountDue")
                                .path("amount")
                                .asText());
            } finally {
                remove(endpoint.getString("id"));
            }
        }
    }
}
