package io.subupgrade.invoice;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Api.operator;
import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.subscribe;
import static io.subupgrade.testing.Usage.hours;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.subupgrade.testing.Api;
import io.subupgrade.testing.SandboxClock;
import io.subupgrade.testing.Usage;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

/** Invoices through the API (every request and answer checked against openapi.yaml by the test filter). */
@QuarkusTest
class InvoiceResourceTest {

    @Test
    void theUpcomingInvoiceFollowsUsageAndIsEmptyBeforeAny() {
        String account = newAccount();
        String id = subscribe(account, FREE_TRIAL);
        customer(account)
                .get("/v1/subscriptions/" + id + "/invoices/upcoming")
                .then()
                .statusCode(200)
                .body("id", nullValue())
                .body("status", equalTo("DRAFT"))
                .body("lines", empty())
                .body("subtotal.amount", equalTo("0.00"))
                .body("amountDue.amount", equalTo("0.00"))
                .body("currency", equalTo("USD"));

        hours(id, "e1", 10).then().statusCode(201); // 0.96
        hours(id, "e2", 5).then().statusCode(201); // 0.48
        Usage.post(id, "e3", "vm-b1s-hour", "2").then().statusCode(201); // 0.0208

        Response upcoming = customer(account).get("/v1/subscriptions/" + id + "/invoices/upcoming");
        upcoming.then()
                .statusCode(200)
                .body("id", notNullValue())
                .body("number", nullValue())
                .body("ownerId", equalTo(account))
                .body("lines", hasSize(2))
                .body("lines.find { it.meterId == 'vm-d2s-v3-hour' }.quantity", equalTo("15"))
                .body("lines.find { it.meterId == 'vm-d2s-v3-hour' }.amount.amount", equalTo("1.44"))
                .body("lines.find { it.meterId == 'vm-d2s-v3-hour' }.unitPrice.amount", equalTo("0.096"))
                .body("lines.find { it.meterId == 'vm-d2s-v3-hour' }.description", equalTo("Virtual Machines D2s v3"))
                .body("subtotal.amount", equalTo("1.4608"))
                .body("creditApplied.amount", equalTo("1.4608"))
                .body("notCharged.amount", equalTo("0.00"))
                .body("total.amount", equalTo("0.00"))
                .body("amountDue.amount", equalTo("0.00"));
        Instant start = Instant.parse(upcoming.path("periodStart"));
        Instant end = Instant.parse(upcoming.path("periodEnd"));
        assertEquals(InvoiceRules.periodOf(SandboxClock.now()), new InvoiceRules.Period(start, end));

        customer(account)
                .header("Accept-Language", "zh-TW")
                .get("/v1/subscriptions/" + id + "/invoices/upcoming")
                .then()
                .statusCode(200)
                .header("Content-Language", "zh-TW")
                .body("lines.find { it.meterId == 'vm-d2s-v3-hour' }.description", equalTo("虛擬機器 D2s v3"));

        // The cost summary reads the same rollup.
        customer(account)
                .get("/v1/subscriptions/" + id + "/cost-summary")
                .then()
                .statusCode(200)
                .body("usageCost.amount", equalTo("1.4608"))
                .body("coveredByCredit.amount", equalTo("1.4608"));
    }

    @Test
    void aPayAsYouGoInvoiceIsDueRoundedHalfUpToCents() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        // 0.0104 × 3 = 0.0312, × 2 more = 0.0208: total 0.052 → 0.05 due; 0.0104 × 1 more: 0.0624 → 0.06.
        Usage.post(id, "b1", "vm-b1s-hour", "3").then().statusCode(201);
        Usage.post(id, "b2", "vm-b1s-hour", "2").then().statusCode(201);
        customer(account)
                .get("/v1/subscriptions/" + id + "/invoices/upcoming")
                .then()
                .statusCode(200)
                .body("lines", hasSize(1))
                .body("lines[0].quantity", equalTo("5"))
                .body("total.amount", equalTo("0.052"))
                .body("amountDue.amount", equalTo("0.05"));
        Usage.post(id, "b3", "vm-b1s-hour", "1").then().statusCode(201);
        customer(account)
                .get("/v1/subscriptions/" + id + "/invoices/upcoming")
                .then()
                .body("total.amount", equalTo("0.0624"))
                .body("amountDue.amount", equalTo("0.06"));
    }

    @Test
    void badRequestsChangeNothingAndOtherAccountsSeeNothing() {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        hours(id, "x1", 1).then().statusCode(201);
        String invoiceId = customer(account)
                .get("/v1/subscriptions/" + id + "/invoices")
                .then()
                .statusCode(200)
                .body("data", hasSize(1))
                .extract()
                .path("data[0].id");

        customer(newAccount())
                .get("/v1/invoices/" + invoiceId)
                .then()
                .statusCode(404)
                .body("code", equalTo("not-found"));
        customer(newAccount())
                .get("/v1/subscriptions/" + id + "/invoices")
                .then()
                .statusCode(404);
        customer(account)
                .get("/v1/invoices/" + UUID.randomUUID())
                .then()
                .statusCode(404)
                .body("code", equalTo("not-found"));
        raw().auth()
                .oauth2(Api.token(account, "customer"))
                .get("/v1/invoices/not-a-uuid")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation-failed"));
        raw().auth()
                .oauth2(Api.token(account, "customer"))
                .queryParam("status", "PAID")
                .get("/v1/subscriptions/" + id + "/invoices")
                .then()
                .statusCode(400)
                .body("code", equalTo("validation-failed"))
                .body("errors[0].field", equalTo("status"));
        raw().auth()
                .oauth2(Api.token(account, "customer"))
                .accept("text/html")
                .get("/v1/invoices/" + invoiceId)
                .then()
                .statusCode(406)
                .contentType("application/problem+json")
                .body("code", equalTo("not-acceptable"))
                .body("detail", equalTo("An invoice is served as application/json, text/csv or application/pdf."));
        operator().get("/v1/invoices/" + invoiceId).then().statusCode(200).body("id", equalTo(invoiceId));
    }

    @Test
    void aPastPeriodIsFinalizedOnceNumberedAndAnnounced() throws Exception {
        String account = newAccount();
        String id = subscribe(account, PAYG);
        hours(id, "old-1", 10).then().statusCode(201);
        Response draft = customer(account).get("/v1/subscriptions/" + id + "/invoices/upcoming");
        String invoiceId = draft.path("id");
        Instant periodEnd = Instant.parse(draft.path("periodEnd"));

        // Past the period's end, but not yet past the grace: still DRAFT.
        SandboxClock.advance(Duration.between(SandboxClock.now(), periodEnd).plusMinutes(1));
        operator().post("/v1/jobs/invoice-finalization").then().statusCode(200);
        customer(account).get("/v1/invoices/" + invoiceId).then().body("status", equalTo("DRAFT"));

        SandboxClock.advance(Duration.ofMinutes(5));
        int finalized = operator()
                .post("/v1/jobs/invoice-finalization")
                .then()
                .statusCode(200)
                .extract()
                .path("finalized");
        assertTrue(finalized >= 1, "finalized " + finalized);
        Response invoice = customer(account).get("/v1/invoices/" + invoiceId);
        invoice.then()
                .statusCode(200)
                .body("status", equalTo("FINALIZED"))
                .body("number", matchesPattern("^INV-[0-9]{6,}$"))
                .body("finalizedAt", notNullValue())
                .body("total.amount", equalTo("0.96"))
                .body("amountDue.amount", equalTo("0.96"));
        String number = invoice.path("number");

        // The same invoice as CSV and PDF, through the contract filter.
        Response csv = customer(account).accept("text/csv").get("/v1/invoices/" + invoiceId);
        csv.then()
                .statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/csv"))
                .header("Content-Disposition", "attachment; filename=\"" + number + ".csv\"");
        List<String> rows = List.of(csv.asString().split("\r\n"));
        assertEquals("Meter ID,Description,Unit,Quantity,Unit price,Amount,Currency", rows.get(0));
        assertTrue(rows.contains("vm-d2s-v3-hour,Virtual Machines D2s v3,1 Hour,10,0.096,0.96,USD"), csv.asString());
        Response pdf = customer(account)
                .accept("application/pdf")
                .header("Accept-Language", "zh-TW")
                .get("/v1/invoices/" + invoiceId);
        pdf.then()
                .statusCode(200)
                .contentType("application/pdf")
                .header("Content-Language", "zh-TW")
                .header("Content-Disposition", "attachment; filename=\"" + number + ".pdf\"");
        try (org.apache.pdfbox.pdmodel.PDDocument doc = org.apache.pdfbox.Loader.loadPDF(pdf.asByteArray())) {
            String text = new org.apache.pdfbox.text.PDFTextStripper().getText(doc);
            assertTrue(text.contains(number), text);
            assertTrue(text.contains("虛擬機器 D2s v3"), text);
        }

        // The event reaches the customer's feed with the invoice's figures.
        List<Map<String, Object>> events = customer(account)
                .queryParam("subscriptionId", id)
                .queryParam("type", "invoice.finalized")
                .get("/v1/events")
                .then()
                .statusCode(200)
                .extract()
                .path("data.data");
        assertEquals(1, events.size());
        assertEquals(invoiceId, events.get(0).get("invoiceId"));
        assertEquals(number, events.get(0).get("number"));
        assertEquals(Map.of("amount", "0.96", "currency", "USD"), events.get(0).get("amountDue"));

        // A second run finalizes nothing of it again; new usage goes to the new period's invoice.
        operator().post("/v1/jobs/invoice-finalization").then().statusCode(200);
        hours(id, "new-1", 1).then().statusCode(201);
        customer(account).get("/v1/invoices/" + invoiceId).then().body("number", equalTo(number));
        List<String> ids = customer(account)
                .get("/v1/subscriptions/" + id + "/invoices")
                .then()
                .statusCode(200)
                .body("data", hasSize(2))
                .body("data[0].status", equalTo("DRAFT"))
                .body("data[0].total.amount", equalTo("0.096"))
                .body("data[1].status", equalTo("FINALIZED"))
                .extract()
                .path("data.id");
        assertEquals(invoiceId, ids.get(1));
        customer(account)
                .queryParam("status", "FINALIZED")
                .get("/v1/subscriptions/" + id + "/invoices")
                .then()
                .body("data.id", equalTo(List.of(invoiceId)));
        // The cost summary spans both periods.
        customer(account)
                .get("/v1/subscriptions/" + id + "/cost-summary")
                .then()
                .body("billable.amount", equalTo("1.056"));
    }

    @Test
    void aMeterNamedLikeAFormulaIsPlainTextInTheCsv() throws IOException {
        String meterId = "formula-" + UUID.randomUUID().toString().substring(0, 8);
        String name = "=HYPERLINK(\"http://x\")";
        String unit = "-2+3+cmd|' /C calc'!A0";
        operator()
                .body(Map.of("name", name, "unit", unit, "unitPrice", Map.of("amount", "0.50", "currency", "USD")))
                .put("/v1/meters/" + meterId)
                .then()
                .statusCode(201);
        String account = newAccount();
        String id = subscribe(account, PAYG);
        Usage.post(id, "f1", meterId, "2").then().statusCode(201);
        Response json = customer(account).get("/v1/subscriptions/" + id + "/invoices/upcoming");
        json.then().statusCode(200).body("lines", hasSize(1)).body("lines[0].description", equalTo(name));

        Response csv = customer(account).accept("text/csv").get("/v1/invoices/" + json.path("id"));
        csv.then().statusCode(200).contentType(org.hamcrest.Matchers.startsWith("text/csv"));
        List<List<String>> records;
        try (CSVParser parser = CSVParser.parse(new StringReader(csv.asString()), CSVFormat.RFC4180)) {
            records = parser.getRecords().stream().map(CSVRecord::toList).toList();
        }
        // The two cells a spreadsheet would run get a leading quote; the numbers stay numbers, as in the JSON.
        assertEquals(
                List.of(
                        meterId,
                        "'" + name,
                        "'" + unit,
                        "2",
                        json.path("lines[0].unitPrice.amount"),
                        json.path("lines[0].amount.amount"),
                        "USD"),
                records.get(1));
        assertEquals(List.of("", "Amount due", "", "", "", json.path("amountDue.amount"), "USD"), records.get(6));
    }
}
