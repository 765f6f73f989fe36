package io.subupgrade.testing;

import static io.subupgrade.testing.Api.meter;

import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;

/** Posting usage the way a metering pipeline does. */
public final class Usage {
    public static final String D2S_V3 = "vm-d2s-v3-hour";

    private Usage() {}

    public static Response post(String subscriptionId, String eventId, String meterId, String quantity) {
        return meter().body(Map.of("eventId", eventId, "meterId", meterId, "quantity", quantity))
                .post("/v1/subscriptions/" + subscriptionId + "/usage");
    }

    /** One record of a {@code POST /v1/usage-batches} body. */
    public static Map<String, Object> record(String subscriptionId, String eventId, String meterId, String quantity) {
        Map<String, Object> record = new HashMap<>();
        record.put("subscriptionId", subscriptionId);
        record.put("eventId", eventId);
        record.put("meterId", meterId);
        record.put("quantity", quantity);
        return record;
    }

    /** Hours of D2s v3 at 0.096 USD: 1000 hours cost 96.00. */
    public static Response hours(String subscriptionId, String eventId, int hours) {
        return post(subscriptionId, eventId, D2S_V3, Integer.toString(hours));
    }
}
