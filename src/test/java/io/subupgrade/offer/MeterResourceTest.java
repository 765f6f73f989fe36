package io.subupgrade.offer;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.meter;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class MeterResourceTest {

    @Test
    void rateCardIsSeededWithExactPrices() {
        meter().queryParam("limit", 100)
                .get("/v1/meters")
                .then()
                .statusCode(200)
                .body("data.find { it.id == 'vm-b1s-hour' }.unitPrice.amount", equalTo("0.0104"))
                .body("data.find { it.id == 'vm-d2s-v3-hour' }.unitPrice.amount", equalTo("0.096"))
                .body("data.find { it.id == 'storage-hot-lrs-gb-month' }.unitPrice.amount", equalTo("0.0184"))
                .body("data.find { it.id == 'bandwidth-egress-gb' }.unitPrice.amount", equalTo("0.087"))
                .body("data.find { it.id == 'vm-b1s-hour' }.unit", equalTo("1 Hour"));
    }

    @Test
    void meterNamesFollowAcceptLanguage() {
        customer(newAccount())
                .header("Accept-Language", "zh-TW")
                .queryParam("limit", 100)
                .get("/v1/meters")
                .then()
                .statusCode(200)
                .body("data.find { it.id == 'bandwidth-egress-gb' }.name", equalTo("頻寬資料傳出"));
    }

    @Test
    void operatorPutsAMeter() {
        String id = "gpu-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = Map.of(
                "name", "GPU hour", "unit", "1 Hour", "unitPrice", Map.of("amount", "0.900000", "currency", "USD"));
        operator().body(body).put("/v1/meters/" + id).then().statusCode(201).body("unitPrice.amount", equalTo("0.90"));
        operator().body(body).put("/v1/meters/" + id).then().statusCode(200);
        meter().body(body).put("/v1/meters/" + id).then().statusCode(403);
    }

    @Test
    void negativeOrMalformedPriceIsRefused() {
        operator()
                .body(Map.of("name", "X", "unit", "1", "unitPrice", Map.of("amount", "-1", "currency", "USD")))
                .put("/v1/meters/neg")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation-failed"))
                .body("errors[0].field", equalTo("unitPrice.amount"));
    }
}
