package io.subupgrade.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.subupgrade.client.model.SandboxTokenRequest;
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
import io.subupgrade.client.sdk.ProblemException;
import io.subupgrade.client.sdk.SubscriptionUpgradeClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The upgrade story told only through this SDK (the classes generated from openapi.yaml and the
 * {@link SubscriptionUpgradeClient} wrapper) against the packaged service in prod mode ({@link LocalService}): if
 * the contract and the service disagree (a path, a field, an enum value, a status code), the SDK fails here.
 */
class UpgradeStoryTest {

    private static final String FREE_TRIAL = "MS-AZR-0044P";
    private static final String PAYG = "MS-AZR-0003P";
    private static final String D2S_V3 = "vm-d2s-v3-hour";

    private static LocalService service;

    @BeforeAll
    static void startService() throws Exception {
        service = LocalService.start();
    }

    @AfterAll
    static void stopService() throws Exception {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void trialUpgradesToPayAsYouGoWhenItsCreditRunsOut() throws ApiException {
        String account = newAccount();
        ApiClient customer = signIn(account);
        ApiClient meter = client(service.token("meter-pipeline", "meter"));
        ApiClient operator = client(service.token("ops-" + UUID.randomUUID(), "operator"));

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
        ApiClient customer = signIn(account);
        ApiClient operator = client(service.token("ops-" + UUID.randomUUID(), "operator"));

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

    @Test
    void refusalsArriveAsProblemsWithTheirCodeAndRetriesReuseTheIdempotencyKey() {
        String account = newAccount();
        SubscriptionUpgradeClient sdk = SubscriptionUpgradeClient.builder(service.baseUri)
                .bearerToken(sandboxToken(account))
                .build();

        // The same Idempotency-Key twice: one subscription, the second answer a replay of the first.
        String key = SubscriptionUpgradeClient.newIdempotencyKey();
        CreateSubscriptionRequest signUp = new CreateSubscriptionRequest().offerId(FREE_TRIAL).displayName("Carol");
        Subscription first = sdk.call(() -> sdk.subscriptions().createSubscription(signUp, key));
        Subscription again = sdk.call(() -> sdk.subscriptions().createSubscription(signUp, key));
        assertEquals(first.getId(), again.getId());

        // An unknown offer: a 4xx problem, not retried, its code and the request id readable.
        ProblemException unknown = assertThrows(ProblemException.class, () -> sdk.call(() -> sdk.subscriptions()
                .createSubscription(new CreateSubscriptionRequest().offerId("MS-AZR-9999P").displayName("x"), null)));
        assertEquals(422, unknown.status(), unknown.getMessage());
        assertNotNull(unknown.code());
        assertTrue(unknown.problem().isPresent());
        assertTrue(!unknown.isRetryable());

        // Another account's subscription is not found (not forbidden): nothing leaks.
        SubscriptionUpgradeClient stranger = SubscriptionUpgradeClient.builder(service.baseUri)
                .bearerToken(sandboxToken(newAccount()))
                .build();
        ProblemException hidden = assertThrows(
                ProblemException.class, () -> stranger.call(() -> stranger.subscriptions().getSubscription(first.getId())));
        assertEquals(404, hidden.status());
        assertEquals("not-found", hidden.code());

        // No token: 401 with a problem document.
        SubscriptionUpgradeClient anonymous = SubscriptionUpgradeClient.builder(service.baseUri).build();
        ProblemException unauthenticated = assertThrows(
                ProblemException.class, () -> anonymous.call(() -> anonymous.subscriptions().getSubscription(first.getId())));
        assertEquals(401, unauthenticated.status());
        assertEquals("unauthenticated", unauthenticated.code());

        // Nothing listening: no response, retried maxAttempts times, then refused as status 0.
        SubscriptionUpgradeClient nowhere = SubscriptionUpgradeClient.builder("http://127.0.0.1:9")
                .bearerToken("x")
                .maxAttempts(2)
                .maxRetryDelay(Duration.ofMillis(10))
                .build();
        ProblemException down = assertThrows(
                ProblemException.class, () -> nowhere.call(() -> nowhere.subscriptions().getSubscription(first.getId())));
        assertEquals(0, down.status());
        assertTrue(down.isRetryable());
    }

    private static UsageInput hours(String eventId, int hours) {
        return new UsageInput().eventId(eventId).meterId(D2S_V3).quantity(Integer.toString(hours));
    }

    private static String newAccount() {
        return "acct-" + UUID.randomUUID();
    }

    /** The sandbox's sign-in (POST /v1/sandbox/tokens), through the SDK, as the portal does it. */
    private static String sandboxToken(String account) {
        SubscriptionUpgradeClient anonymous = SubscriptionUpgradeClient.builder(service.baseUri).build();
        return anonymous
                .call(() -> anonymous.sandbox().createSandboxToken(new SandboxTokenRequest().accountId(account)))
                .getToken();
    }

    private static ApiClient signIn(String account) {
        return client(sandboxToken(account));
    }

    /** The generated API classes' client, sending {@code bearer} on every call (as the wrapper configures it). */
    private static ApiClient client(String bearer) {
        return SubscriptionUpgradeClient.builder(service.baseUri)
                .bearerToken(bearer)
                .build()
                .apiClient();
    }
}
