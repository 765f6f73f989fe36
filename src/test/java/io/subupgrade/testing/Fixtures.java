package io.subupgrade.testing;

import static io.subupgrade.testing.Api.customer;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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

    /**
     * Walks a list endpoint page by page, following {@code nextCursor}; returns every {@code data.id}
     * in the order served. {@code request} gives a fresh request (caller, filters, limit) per page;
     * {@code beforeEachPage} runs before each one.
     */
    public static List<String> allIds(Supplier<RequestSpecification> request, String path, Runnable beforeEachPage) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            beforeEachPage.run();
            RequestSpecification page = request.get();
            if (cursor != null) {
                page.queryParam("cursor", cursor);
            }
            Response response = page.get(path);
            response.then().statusCode(200);
            ids.addAll(response.path("data.id"));
            cursor = response.path("nextCursor");
        } while (cursor != null);
        return ids;
    }
}
