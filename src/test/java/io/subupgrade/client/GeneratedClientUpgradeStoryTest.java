package io.subupgrade.client;

import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.token;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.PAYG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.subupgrade.client.api.EventsApi;
import io.subupgrade.client.api.JobsApi;
import io.subupgrade.client.api.SandboxApi;
import io.subupgrade.client.api.SubscriptionsApi;
import io.subupgrade.client.api.UpgradesApi;
import io.subupgrade.client.api.UsageApi;
import io.subupgrade.client.model.ClockAdvance;
import io.subupgrade.client.model.CreateSubscriptionRequest;
import io.subupgrade.client.model.CreateUpgradeRequest;
import io.subupgrade.client.model.Event;
import io.subupgrade.client.model.EventType;
import io.subupgrade.client.model.SandboxClock;
import io.subupgrade.client.model.SpendingLimit;
import io.subupgrade.client.model.Subscription;
import io.subupgrade.client.model.SubscriptionState;
import io.subupgrade.client.model.UpgradeCompletedData;
import io.subupgrade.client.model.UpgradeCompletedEvent;
import io.subupgrade.client.model.UpgradePreview;
import io.subupgrade.client.model.UpgradeRequest;
import io.subupgrade.client.model.UpgradeRequestStatus;
import io.subupgrade.client.model.UsageInput;
import io.subupgrade.client.model.UsageRecord;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The upgrade story told only through the Java SDK that the build generates from openapi.yaml: if the contract
 * and the service disagree (a path, a field, an enum value, a status code), the generated client fails here.
 */
@QuarkusTest
class GeneratedClientUpgradeStoryTest {

    private static final String D2S_V3 = "vm-d2s-v3-hour";

    @Test
    void trialUpgradesToPayAsYouGoWhenItsCreditRunsOut() throws ApiException {
        String account = newAccount();
        ApiClient customer = client(token(account, "customer"));
        ApiClient meter = client(token("meter-pipeline", "meter"));
        ApiClient operator = client(token("ops-" + UUID.randomUUID(), "operator"));

        // Sign up for a Free Trial: USD 200 of credit, spending limit on.
        ApiResponse<Subscription> created = new SubscriptionsApi(customer)
                .createSubscriptionWithHttpInfo(
                        new CreateSubscriptionRequest().offerId(FREE_TRIAL).displayName("Alice's trial"),
                        "signup-" + account);
        assertEquals(201, created.getStatusCode());
        UUID id = created.getData().getId();
        assertEquals(account, created.getData().getOwnerId());
        assertEquals(FREE_TRIAL, created.getData().getOfferId());
        assertEquals(SubscriptionState.ACTIVE, created.getData().getState());
        assertEquals(SpendingLimit.ON, created.getData().getSpendingLimit());

        Subscription trial = new SubscriptionsApi(customer).getSubscription(id);
        assertEquals("200.00", trial.getCreditRemaining().getAmount());
        assertEquals("USD", trial.getCreditRemaining().getCurrency());
        assertNotNull(trial.getTrialEndsAt());
        assertEquals(Duration.ofDays(30), Duration.between(trial.getCreatedAt(), trial.getTrialEndsAt()));

        // 1000 h of D2s v3 at 0.096 = 96.00, all covered by the credit.
        UsageRecord first = new UsageApi(meter).recordUsage(id, hours("story-1", 1000), null);
        assertEquals("96.00", first.getCost().getAmount());
        assertEquals("96.00", first.getCoveredByCredit().getAmount());
        assertEquals("0.00", first.getBillable().getAmount());
        assertEquals("0.00", first.getNotCharged().getAmount());

        UpgradePreview preview = new UpgradesApi(customer).previewUpgrade(id, PAYG);
        assertEquals(true, preview.getEligible());
        assertEquals(List.of(), preview.getReasons());
        assertEquals(FREE_TRIAL, preview.getFromOfferId());
        assertEquals(PAYG, preview.getTargetOfferId());
        assertEquals("104.00", preview.getCreditRemaining().getAmount());
        assertEquals(false, preview.getCompletesImmediately());
        assertEquals(
                trial.getTrialEndsAt().toInstant(),
                preview.getExpectedEffectiveAt().toInstant());

        // Confirm: the credit is kept, so the request waits (PENDING) until it runs out.
        ApiResponse<UpgradeRequest> confirmed = new UpgradesApi(customer)
                .createUpgradeRequestWithHttpInfo(
                        id, new CreateUpgradeRequest().targetOfferId(PAYG).confirm(true), "upgrade-" + account);
        assertEquals(201, confirmed.getStatusCode());
        UpgradeRequest pending = confirmed.getData();
        assertEquals(UpgradeRequestStatus.PENDING, pending.getStatus());
        assertEquals(id, pending.getSubscriptionId());
        assertEquals(FREE_TRIAL, pending.getFromOfferId());
        assertEquals(PAYG, pending.getTargetOfferId());
        assertEquals(account, pending.getRequestedBy());
        assertNull(pending.getCompletedAt());
        assertEquals(
                pending.getId(),
                new SubscriptionsApi(customer).getSubscription(id).getPendingUpgradeRequestId());

        // 2000 h = 192.00: the last 104.00 of credit, and with an upgrade pending the rest is billable.
        UsageRecord second = new UsageApi(meter).recordUsage(id, hours("story-2", 2000), null);
        assertEquals("192.00", second.getCost().getAmount());
        assertEquals("104.00", second.getCoveredByCredit().getAmount());
        assertEquals("88.00", second.getBillable().getAmount());
        assertEquals("0.00", second.getNotCharged().getAmount());

        // The job's counts include other tests' due requests (one shared database); what counts is this request.
        new JobsApi(operator).runUpgradeFinalization(null);

        UpgradeRequest completed = new UpgradesApi(customer).getUpgradeRequest(pending.getId());
        assertEquals(UpgradeRequestStatus.COMPLETED, completed.getStatus());
        assertEquals(UpgradeRequest.CompletionReasonEnum.CREDIT_EXHAUSTED, completed.getCompletionReason());
        assertNotNull(completed.getCompletedAt());
        // Effective when the credit hit zero (the second record), not when the job noticed.
        assertEquals(
                second.getRecordedAt().toInstant(), completed.getEffectiveAt().toInstant());

        Subscription upgraded = new SubscriptionsApi(customer).getSubscription(id);
        assertEquals(PAYG, upgraded.getOfferId());
        assertEquals(SpendingLimit.OFF, upgraded.getSpendingLimit());
        assertEquals(SubscriptionState.ACTIVE, upgraded.getState());
        assertNull(upgraded.getPendingUpgradeRequestId());

        EventsApi events = new EventsApi(customer);
        List<Event> completions =
                events.listEvents(null, 100, id, EventType.UPGRADE_COMPLETED).getData();
        assertEquals(1, completions.size());
        // Event is a oneOf selected by type: the accessor of that type gives the typed event and its data.
        UpgradeCompletedEvent completion = completions.get(0).getUpgradeCompletedEvent();
        assertEquals(EventType.UPGRADE_COMPLETED, completion.getType());
        assertEquals(id, completion.getSubscriptionId());
        assertEquals(completed.getId(), completion.getData().getUpgradeRequestId());
        assertEquals(
                UpgradeCompletedData.CompletionReasonEnum.CREDIT_EXHAUSTED,
                completion.getData().getCompletionReason());
        // The feed is in id order: requested, then the credit ran out, then completed.
        long requested = events.listEvents(null, 100, id, EventType.UPGRADE_REQUESTED)
                .getData()
                .get(0)
                .getUpgradeRequestedEvent()
                .getId();
        long exhausted = events.listEvents(null, 100, id, EventType.CREDIT_EXHAUSTED)
                .getData()
                .get(0)
                .getCreditExhaustedEvent()
                .getId();
        assertTrue(requested < exhausted && exhausted < completion.getId(), requested + " " + exhausted);
    }

    @Test
    void trialUpgradesToPayAsYouGoWhenItsThirtyDaysAreOver() throws ApiException {
        String account = newAccount();
        ApiClient customer = client(token(account, "customer"));
        ApiClient operator = client(token("ops-" + UUID.randomUUID(), "operator"));

        Subscription trial = new SubscriptionsApi(customer)
                .createSubscription(
                        new CreateSubscriptionRequest().offerId(FREE_TRIAL).displayName("Bob's trial"), null);
        UUID id = trial.getId();
        UpgradeRequest pending = new UpgradesApi(customer)
                .createUpgradeRequest(
                        id, new CreateUpgradeRequest().targetOfferId(PAYG).confirm(true), null);
        assertEquals(UpgradeRequestStatus.PENDING, pending.getStatus());

        SandboxClock before = new SandboxApi(operator).getSandboxClock();
        SandboxClock after = new SandboxApi(operator).advanceSandboxClock(new ClockAdvance().duration("P31D"), null);
        assertTrue(
                !after.getNow().toInstant().isBefore(before.getNow().toInstant().plus(Duration.ofDays(31))),
                before.getNow() + " -> " + after.getNow());

        new JobsApi(operator).runUpgradeFinalization(null);

        UpgradeRequest completed = new UpgradesApi(customer).getUpgradeRequest(pending.getId());
        assertEquals(UpgradeRequestStatus.COMPLETED, completed.getStatus());
        assertEquals(UpgradeRequest.CompletionReasonEnum.TRIAL_ENDED, completed.getCompletionReason());
        // Effective when the trial ended, not when the job noticed (completing clears trialEndsAt).
        assertEquals(
                trial.getTrialEndsAt().toInstant(), completed.getEffectiveAt().toInstant());
        Subscription upgraded = new SubscriptionsApi(customer).getSubscription(id);
        assertNull(upgraded.getTrialEndsAt());
        assertEquals(PAYG, upgraded.getOfferId());
        assertEquals(SpendingLimit.OFF, upgraded.getSpendingLimit());
        assertEquals(SubscriptionState.ACTIVE, upgraded.getState());
    }

    private static UsageInput hours(String eventId, int hours) {
        return new UsageInput().eventId(eventId).meterId(D2S_V3).quantity(Integer.toString(hours));
    }

    /** A generated-SDK client for the service under test, sending {@code bearer} on every call. */
    private static ApiClient client(String bearer) {
        ApiClient client = new ApiClient();
        client.updateBaseUri("http://localhost:" + RestAssured.port);
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + bearer));
        return client;
    }
}
