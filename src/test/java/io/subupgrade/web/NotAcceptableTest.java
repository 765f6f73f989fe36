package io.subupgrade.web;

import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Api.token;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every operation answers an {@code Accept} it cannot serve with a 406 problem, and the contract says so on each
 * (the responses are held to openapi.yaml by the test filter, so an undeclared 406 fails here too).
 */
@QuarkusTest
class NotAcceptableTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    @Test
    void everyOperationAnswersAnUnservableAcceptWith406AndDeclaresIt() throws Exception {
        JsonNode paths = new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("openapi.yaml").toFile())
                .get("paths");
        Map<String, String> wrong = new TreeMap<>();
        String everyRole = token("acct-406", "customer", "operator", "meter");
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!METHODS.contains(op.getKey())) {
                return;
            }
            String method = op.getKey().toUpperCase();
            String where = method + " " + path.getKey();
            if (!op.getValue().path("responses").has("406")) {
                wrong.put(where, "406 not declared");
            }
            RequestSpecification request = raw().auth().oauth2(everyRole).accept("text/html");
            if (!method.equals("GET") && !method.equals("DELETE")) {
                request.contentType("application/json").body("{}");
            }
            Response r = request.request(method, concrete(path.getKey()));
            if (r.statusCode() != 406
                    || !"application/problem+json".equals(r.contentType())
                    || !"not-acceptable".equals(r.path("code"))) {
                wrong.put(where, r.statusCode() + " " + r.contentType() + " " + r.asString());
            }
        }));
        assertEquals(Map.of(), wrong, "operations whose unservable Accept is not a declared 406 problem");
    }

    @Test
    void theJsonOperationsSayTheyAnswerInJsonOnly() {
        raw().auth()
                .oauth2(token("acct-406", "customer"))
                .accept("application/xml")
                .get("/v1/offers")
                .then()
                .statusCode(406)
                .body("detail", org.hamcrest.Matchers.equalTo("The service answers in JSON only."));
    }

    @Test
    void theAcceptIsJudgedBeforeTheTokenTheRoleAndTheBody() {
        raw().auth()
                .oauth2(token("acct-406", "meter"))
                .accept("text/html")
                .contentType("application/json")
                .body("{\"url\": ")
                .post("/v1/webhook-endpoints")
                .then()
                .statusCode(406)
                .body("code", org.hamcrest.Matchers.equalTo("not-acceptable"));
        raw().accept("text/html")
                .get("/v1/subscriptions")
                .then()
                .statusCode(406)
                .body("code", org.hamcrest.Matchers.equalTo("not-acceptable"));
    }

    private static String concrete(String template) {
        return template.replaceAll(
                        "\\{(subscriptionId|requestId|endpointId|deliveryId|invoiceId)}",
                        "3f2c8a4e-5b1d-4c7a-9e2f-1a2b3c4d5e6f")
                .replaceAll("\\{[^}]+}", "some-id");
    }
}
