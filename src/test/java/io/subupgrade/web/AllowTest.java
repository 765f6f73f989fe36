package io.subupgrade.web;

import static io.restassured.RestAssured.given;
import static io.subupgrade.testing.Api.raw;
import static io.subupgrade.testing.Api.token;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Allow, on OPTIONS and on 405, lists exactly the contract's methods for every path (plus HEAD and OPTIONS). */
@QuarkusTest
class AllowTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head");

    @Test
    void optionsListsTheContractsMethodsOnEveryPath() throws Exception {
        Map<String, Set<String>> wrong = new TreeMap<>();
        for (Map.Entry<String, Set<String>> path : contract().entrySet()) {
            Response r = given().options(concrete(path.getKey()));
            Set<String> allow = split(r.header("Allow"));
            if (r.statusCode() != 200 || !allow.equals(path.getValue())) {
                wrong.put(path.getKey(), allow);
            }
        }
        assertEquals(Map.of(), wrong, "paths whose OPTIONS Allow differs from " + contract());
    }

    @Test
    void a405CarriesAllowToo() throws Exception {
        Map<String, String> wrong = new TreeMap<>();
        for (Map.Entry<String, Set<String>> path : contract().entrySet()) {
            // DELETE, or PUT where the path has a DELETE (no path has both).
            String method = path.getValue().contains("DELETE") ? "PUT" : "DELETE";
            Response r = raw().auth().oauth2(token("ops", "operator")).request(method, concrete(path.getKey()));
            if (r.statusCode() != 405
                    || !"application/problem+json".equals(r.contentType())
                    || !"method-not-allowed".equals(r.path("code"))
                    || !path.getValue().equals(split(r.header("Allow")))) {
                wrong.put(path.getKey(), r.statusCode() + " " + r.contentType() + " Allow: " + r.header("Allow"));
            }
        }
        assertEquals(Map.of(), wrong, "paths whose 405 is not a problem with the contract's Allow");
    }

    @Test
    void aSubscriptionAllowsPatchNotPost() {
        given().options("/v1/subscriptions/3f2c8a4e-5b1d-4c7a-9e2f-1a2b3c4d5e6f")
                .then()
                .statusCode(200)
                .header("Allow", equalTo("GET, PATCH, HEAD, OPTIONS"));
    }

    /** Each path of openapi.yaml with its methods, HEAD where there is a GET, and OPTIONS. */
    private static Map<String, Set<String>> contract() throws Exception {
        JsonNode paths = new ObjectMapper(new YAMLFactory())
                .readTree(Path.of("openapi.yaml").toFile())
                .get("paths");
        Map<String, Set<String>> all = new TreeMap<>();
        paths.fieldNames().forEachRemaining(p -> {
            Set<String> methods = new TreeSet<>();
            paths.get(p).fieldNames().forEachRemaining(m -> {
                if (METHODS.contains(m)) {
                    methods.add(m.toUpperCase());
                }
            });
            if (methods.contains("GET")) {
                methods.add("HEAD");
            }
            methods.add("OPTIONS");
            all.put(p, methods);
        });
        return all;
    }

    private static String concrete(String template) {
        return template.replaceAll("\\{(subscriptionId|requestId)}", "3f2c8a4e-5b1d-4c7a-9e2f-1a2b3c4d5e6f")
                .replaceAll("\\{[^}]+}", "some-id");
    }

    private static Set<String> split(String allow) {
        List<String> parts = allow == null ? List.of() : new ArrayList<>(Arrays.asList(allow.split(",")));
        return parts.stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
