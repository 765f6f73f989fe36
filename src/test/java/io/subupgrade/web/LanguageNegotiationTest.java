package io.subupgrade.web;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Accept-Language is negotiated by quality value (RFC 9110), not matched as a string. */
@QuarkusTest
class LanguageNegotiationTest {

    private static void offerNameIs(String acceptLanguage, String language, String name) {
        customer(newAccount())
                .header("Accept-Language", acceptLanguage)
                .get("/v1/offers/MS-AZR-0044P")
                .then()
                .statusCode(200)
                .header("Content-Language", language)
                .body("name", equalTo(name));
    }

    @Test
    void theHighestQualityLanguageWinsWhateverItsPosition() {
        offerNameIs("en;q=0.5, zh-TW;q=0.9", "zh-TW", "免費試用");
        offerNameIs("zh-TW;q=0.4, en;q=0.8", "en", "Free Trial");
        offerNameIs("de, zh-Hant-TW;q=0.7, en;q=0.3", "zh-TW", "免費試用");
    }

    @Test
    void aLanguageRefusedWithQualityZeroIsNotServed() {
        offerNameIs("zh-TW;q=0, en;q=0.1", "en", "Free Trial");
        offerNameIs("zh-TW;q=0", "en", "Free Trial");
    }

    @Test
    void simplifiedChineseAndUnknownLanguagesFallBackToEnglish() {
        offerNameIs("zh-CN, zh-Hans;q=0.9, en;q=0.5", "en", "Free Trial");
        // Simplified Chinese cannot be served; the next preference can.
        offerNameIs("zh-CN;q=1, zh-TW;q=0.2, en;q=0.1", "zh-TW", "免費試用");
        offerNameIs("ja, fr;q=0.9", "en", "Free Trial");
        offerNameIs("*", "en", "Free Trial");
        offerNameIs("zh-TW;q=0, *", "en", "Free Trial");
    }

    @Test
    void meterNamesAndListsAreNegotiatedToo() {
        customer(newAccount())
                .header("Accept-Language", "en;q=0.2, zh-TW;q=0.9")
                .queryParam("limit", 100)
                .get("/v1/meters")
                .then()
                .statusCode(200)
                .header("Content-Language", "zh-TW");
    }

    @Test
    void problemTitlesFollowQualityValues() {
        customer(newAccount())
                .header("Accept-Language", "en;q=0.5, zh-TW;q=0.9")
                .get("/v1/offers/NOPE")
                .then()
                .statusCode(404)
                .header("Content-Language", "zh-TW")
                .body("title", equalTo("找不到資源"));
        customer(newAccount())
                .header("Accept-Language", "zh-TW;q=0.5, en;q=0.9")
                .get("/v1/offers/NOPE")
                .then()
                .statusCode(404)
                .header("Content-Language", "en")
                .body("title", equalTo("Not found"));
    }
}
