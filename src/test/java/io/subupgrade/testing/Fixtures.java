package io.subupgrade.testing;

import static io.subupgrade.testing.Api.customer;

import java.util.Map;

/** Small steps many tests start from. */
public final class Fixtures {
    public static final String FREE_TRIAL = "MS-AZR-0044P";
    public static final String IMAGINE = "MS-AZR-0144P";
    public static final String STUDENTS = "MS-AZR-0170P";
    public static final String PAYG = "MS-AZR-0003P";

    private Fixtures() {}

    /** Signs {@code account} up for {@code offerId}; returns the subscription id. */
    public static String subscribe(String account, String offerId) {
        return customer(account)
                .body(Map.of("offerId", offerId, "displayName", "My " + offerId))
                .post("/v1/subscriptions")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }
}
