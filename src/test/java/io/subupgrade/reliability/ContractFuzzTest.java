package io.subupgrade.reliability;

import static io.subupgrade.testing.Api.customer;
import static io.subupgrade.testing.Api.newAccount;
import static io.subupgrade.testing.Fixtures.FREE_TRIAL;
import static io.subupgrade.testing.Fixtures.PAYG;
import static io.subupgrade.testing.Fixtures.STUDENTS;
import static io.subupgrade.testing.Fixtures.subscribe;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.subupgrade.testing.Api;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A seeded contract fuzzer. Reads {@code openapi.yaml} with swagger-parser and, for every
 * operation in turn, sends a request built from the operation's schemas: valid, or mutated (a
 * missing required field, a wrong type, an unknown field, injection-shaped, unicode, huge or
 * null-byte strings, bad UUIDs, negative and huge numbers, broken JSON, a wrong content type) with
 * a valid, wrong-role, other-account, expired, garbage or missing token. Every response must be
 * below 500, conform to the contract (swagger-request-validator, response side) and, for errors,
 * be problem+json.
 *
 * <p>{@code -Dfuzz.requests=10000} for the long run (default 1,500), {@code -Dfuzz.seed=N} to
 * replay a run. jqwik is not used: its engine does not run {@code @QuarkusTest} extensions, and a
 * seeded {@link Random} gives the same reproducibility.
 */
@QuarkusTest
class ContractFuzzTest {
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 1500);
    private static final long SEED = Long.getLong("fuzz.seed", 8L);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> NASTY = List.of(
            "' OR 1=1 --",
            "\"; DROP TABLE subscription; --",
            "1; SELECT pg_sleep(10)",
            "<script>alert(1)</script>",
            "../../../etc/passwd",
            "..%2F..%2Fetc%2Fpasswd",
            "a\u0000b",
            "\u0000",
            "𝕌𝕟𝕚𝕔𝕠𝕕𝕖 🚀",
            "免費試用",
            "\u202Egnp.exe",
            "",
            " ",
            "%s%s%s%n",
            "${jndi:ldap://example.invalid/a}",
            "{{7*7}}",
            "-1",
            "0",
            "-0.000001",
            "1e309",
            "NaN",
            "99999999999999999999999999999.9999999",
            "null",
            "true",
            "00000000-0000-0000-0000-000000000000",
            "not-a-uuid",
            "3f2c1b7e-1111-4444-8888-zzzzzzzzzzzz",
            "9999-99-99T99:99:99Z",
            "2025-02-30T10:00:00Z",
            "x".repeat(10_000));

    private final Random rnd = new Random(SEED);
    private final Map<String, AtomicInteger> statuses = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private int mutated;

    record Op(String method, String path, Operation operation) {}

    private String owner;
    private String other;
    private final Map<String, List<String>> ids = new LinkedHashMap<>();

    @Test
    void everyOperationKeepsTheContractUnderValidAndMutatedInput() throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        OpenAPI api = new OpenAPIV3Parser().read("openapi.yaml", null, options);
        List<Op> ops = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
                .forEach((method, op) -> ops.add(new Op(method.name(), path, op))));

        owner = newAccount();
        other = newAccount();
        String trial = subscribe(owner, FREE_TRIAL);
        String student = subscribe(owner, STUDENTS);
        String payg = subscribe(other, PAYG);
        String request = customer(owner)
                .body(Map.of("targetOfferId", PAYG, "confirm", true))
                .post("/v1/subscriptions/" + student + "/upgrade-requests")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        ids.put(
                "subscriptionId",
                List.of(trial, student, payg, UUID.randomUUID().toString()));
        ids.put("requestId", List.of(request, UUID.randomUUID().toString()));
        ids.put("offerId", List.of(FREE_TRIAL, PAYG, STUDENTS, "MS-AZR-0144P", "NO-SUCH-OFFER"));
        ids.put("meterId", List.of("vm-b1s-hour", "vm-d2s-v3-hour", "no-such-meter"));

        Map<String, AtomicInteger> perOperation = new TreeMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            Op op = ops.get(i % ops.size());
            perOperation
                    .computeIfAbsent(op.method() + " " + op.path(), k -> new AtomicInteger())
                    .incrementAndGet();
            fuzzOnce(op, i);
        }
        System.out.printf(
                "ContractFuzzTest: %d requests (seed %d, %d with mutated input) over %d operations; statuses %s;"
                        + " failures %d%n",
                REQUESTS, SEED, mutated, ops.size(), statuses, failures.size());
        assertTrue(
                failures.isEmpty(),
                () -> failures.size() + " failures, the first:\n"
                        + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
    }

    @Test
    void anOversizedRequestLineIsRefusedBeforeAnyRoute() {
        // Like the 431 for long headers: the HTTP server answers before any route, outside the contract.
        int status = io.restassured.RestAssured.given()
                .urlEncodingEnabled(false)
                .auth()
                .oauth2(Api.token(newAccount(), "customer"))
                .get("/v1/offers?cursor=" + "x".repeat(10_000))
                .statusCode();
        org.junit.jupiter.api.Assertions.assertEquals(414, status);
    }

    private void fuzzOnce(Op op, int n) {
        boolean mutate = rnd.nextInt(100) < 60;
        if (mutate) {
            mutated++;
        }
        String path = op.path();
        List<Parameter> params = op.operation().getParameters() == null
                ? List.of()
                : op.operation().getParameters();
        RequestSpecification spec = Api.raw().urlEncodingEnabled(false);
        StringBuilder query = new StringBuilder();
        StringBuilder description = new StringBuilder();
        for (Parameter p : params) {
            boolean bad = mutate && rnd.nextInt(3) == 0;
            switch (p.getIn()) {
                case "path" -> {
                    String value = bad ? urlNasty() : pathValue(op, p.getName());
                    if (value.isEmpty()) {
                        value = " ";
                    }
                    path = path.replace("{" + p.getName() + "}", encode(value));
                }
                case "query" -> {
                    if (bad || rnd.nextBoolean()) {
                        String value = bad ? urlNasty() : String.valueOf(generate(p.getSchema(), 0));
                        query.append(query.length() == 0 ? "?" : "&")
                                .append(p.getName())
                                .append('=')
                                .append(encode(value));
                    }
                }
                case "header" -> {
                    if (bad || rnd.nextBoolean()) {
                        String value = bad ? asciiNasty() : headerValue(p);
                        spec.header(p.getName(), value);
                    }
                }
                default -> {}
            }
        }
        description.append(op.method()).append(' ').append(path).append(query);
        spec.header("Accept", rnd.nextInt(10) == 0 ? "*/*" : "application/json");

        String token = token(op, description);
        if (token != null) {
            spec.header("Authorization", "Bearer " + token);
        }
        if (op.operation().getRequestBody() != null) {
            String body = body(op, mutate);
            String type = mutate && rnd.nextInt(12) == 0 ? "text/plain" : "application/json";
            spec.contentType(type).body(body.getBytes(StandardCharsets.UTF_8));
            description.append(" ").append(type).append(" ").append(abbreviate(body));
        }
        try {
            Response r = spec.request(op.method(), path + query);
            int status = r.statusCode();
            statuses.computeIfAbsent(String.valueOf(status), k -> new AtomicInteger())
                    .incrementAndGet();
            if (status >= 500) {
                failures.add("#" + n + " " + status + " for " + description + ": " + abbreviate(r.asString()));
            } else if (status >= 400 && !String.valueOf(r.contentType()).startsWith("application/problem+json")) {
                failures.add("#" + n + " " + status + " not problem+json (" + r.contentType() + ") for " + description);
            }
        } catch (Throwable e) {
            statuses.computeIfAbsent("contract-violation", k -> new AtomicInteger())
                    .incrementAndGet();
            failures.add("#" + n + " " + abbreviate(description.toString()) + ": " + errorsOf(e));
        }
    }

    /** The roles listed in the operation's "Roles:" line of openapi.yaml. */
    private static List<String> roles(Op op) {
        String text = String.valueOf(op.operation().getDescription());
        int at = text.indexOf("Roles:");
        List<String> roles = new ArrayList<>();
        if (at >= 0) {
            String line = text.substring(at, text.indexOf('.', at) < 0 ? text.length() : text.indexOf('.', at));
            for (String role : List.of("customer", "operator", "meter")) {
                if (line.contains("`" + role + "`")) {
                    roles.add(role);
                }
            }
        }
        return roles;
    }

    /** A token of a random kind (half the time one with a role the operation allows); appends which to the description. */
    private String token(Op op, StringBuilder description) {
        List<String> allowed = roles(op);
        int kind = rnd.nextInt(9);
        if (!allowed.isEmpty() && rnd.nextBoolean()) {
            kind = switch (allowed.get(rnd.nextInt(allowed.size()))) {
                case "operator" -> 3;
                case "meter" -> 4;
                default -> 0;
            };
        }
        String account;
        Set<String> roles;
        switch (kind) {
            case 0, 1, 2 -> {
                account = owner;
                roles = Set.of("customer");
            }
            case 3 -> {
                account = "ops-fuzz";
                roles = Set.of("operator");
            }
            case 4 -> {
                account = "meter-fuzz";
                roles = Set.of("meter");
            }
            case 5 -> {
                account = other;
                roles = Set.of("customer");
            }
            case 6 -> {
                description.append(" [no token]");
                return null;
            }
            case 7 -> {
                description.append(" [garbage token]");
                return rnd.nextBoolean() ? "abc.def.ghi" : asciiNasty().replace(' ', '_');
            }
            default -> {
                description.append(" [expired token]");
                long now = Instant.now().getEpochSecond();
                return Jwt.issuer(Api.ISSUER)
                        .subject(owner)
                        .upn(owner)
                        .groups(Set.of("customer"))
                        .issuedAt(now - 7200)
                        .expiresAt(now - 3600)
                        .sign();
            }
        }
        description
                .append(" [")
                .append(roles)
                .append(account.equals(other) ? " other account" : "")
                .append(']');
        return Api.token(account, roles.toArray(String[]::new));
    }

    private String pathValue(Op op, String name) {
        if (op.method().equals("PUT") && (name.equals("offerId") || name.equals("meterId"))) {
            // Never replace the seeded catalog that other tests rely on.
            return name.equals("offerId") ? "FUZZ-" + alnum(6).toUpperCase() : "fuzz-" + alnum(6).toLowerCase();
        }
        List<String> candidates = ids.get(name);
        return candidates == null ? alnum(8) : candidates.get(rnd.nextInt(candidates.size()));
    }

    private String headerValue(Parameter p) {
        return switch (p.getName()) {
            case "Accept-Language" ->
                List.of("zh-TW", "en", "fr-CA;q=0.5, zh-TW", "*", "xx-YY").get(rnd.nextInt(5));
            case "If-Match" -> List.of("\"0\"", "\"1\"", "*", "W/\"0\"").get(rnd.nextInt(4));
            default -> "fuzz-" + UUID.randomUUID();
        };
    }

    private String body(Op op, boolean mutate) {
        MediaType media = op.operation().getRequestBody().getContent().get("application/json");
        Object value = media == null ? Map.of() : generate(media.getSchema(), 0);
        if (op.path().equals("/v1/sandbox/clock/advance")) {
            // A valid advance would move the clock every other test shares: always an invalid duration.
            return json(Map.of("duration", rnd.nextBoolean() ? nasty() : "P-1D"));
        }
        if (!mutate) {
            return json(value);
        }
        switch (rnd.nextInt(9)) {
            case 0 -> {
                return List.of("", "{", "[]", "null", "not json", "{\"a\":", "\"text\"", "123", "{}{}")
                        .get(rnd.nextInt(9));
            }
            case 1 -> {
                return json(Map.of());
            }
            default -> {
                if (value instanceof Map<?, ?> map) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) map);
                    mutateObject(m, media.getSchema());
                    return json(m);
                }
                return json(nastyValue());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void mutateObject(Map<String, Object> m, Schema<?> schema) {
        List<String> keys = new ArrayList<>(m.keySet());
        int what = rnd.nextInt(5);
        if (keys.isEmpty() || what == 0) {
            m.put(rnd.nextBoolean() ? "unknownField" : nasty(), nastyValue());
            return;
        }
        String key = keys.get(rnd.nextInt(keys.size()));
        Object current = m.get(key);
        switch (what) {
            case 1 -> m.remove(key);
            case 2 -> m.put(key, null);
            default -> {
                if (current instanceof Map<?, ?> inner && schema.getProperties() != null) {
                    Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) inner);
                    Schema<?> innerSchema = schema.getProperties().get(key);
                    mutateObject(copy, innerSchema == null ? new Schema<>() : innerSchema);
                    m.put(key, copy);
                } else if (current instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Map<?, ?>) {
                    List<Object> copy = new ArrayList<>(list);
                    Map<String, Object> first = new LinkedHashMap<>((Map<String, Object>) list.get(0));
                    Schema<?> items = schema.getProperties() == null
                            ? null
                            : schema.getProperties().get(key).getItems();
                    mutateObject(first, items == null ? new Schema<>() : items);
                    copy.set(0, first);
                    m.put(key, copy);
                } else {
                    m.put(key, nastyValue());
                }
            }
        }
    }

    /** A value valid for the schema (examples preferred, so that ids and amounts mean something). */
    private Object generate(Schema<?> schema, int depth) {
        if (schema == null || depth > 6) {
            return "x";
        }
        if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
            return schema.getEnum().get(rnd.nextInt(schema.getEnum().size()));
        }
        String type = schema.getType() != null
                ? schema.getType()
                : schema.getProperties() != null ? "object" : schema.getItems() != null ? "array" : "string";
        switch (type) {
            case "object" -> {
                Map<String, Object> m = new LinkedHashMap<>();
                List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
                if (schema.getProperties() != null) {
                    schema.getProperties().forEach((name, prop) -> {
                        if (Boolean.TRUE.equals(prop.getReadOnly())) {
                            return;
                        }
                        if (required.contains(name) || rnd.nextBoolean()) {
                            m.put(name, generate(prop, depth + 1));
                        }
                    });
                }
                return m;
            }
            case "array" -> {
                int min = schema.getMinItems() == null ? 0 : schema.getMinItems();
                int count = Math.max(min, rnd.nextInt(3));
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    list.add(generate(schema.getItems(), depth + 1));
                }
                return list;
            }
            case "integer" -> {
                long min = schema.getMinimum() == null ? 0 : schema.getMinimum().longValue();
                long max = schema.getMaximum() == null
                        ? min + 1000
                        : schema.getMaximum().longValue();
                return min + (long) (rnd.nextDouble() * (max - min + 1));
            }
            case "number" -> {
                return rnd.nextInt(10_000) / 100.0;
            }
            case "boolean" -> {
                return schema.getExample() instanceof Boolean b ? b : rnd.nextBoolean();
            }
            default -> {
                return string(schema);
            }
        }
    }

    private String string(Schema<?> schema) {
        if (schema.getExample() != null && rnd.nextInt(4) != 0) {
            Object example = schema.getExample();
            return example instanceof Instant ? example.toString() : String.valueOf(example);
        }
        String format = schema.getFormat();
        if ("uuid".equals(format)) {
            List<String> subs = ids.get("subscriptionId");
            return rnd.nextBoolean()
                    ? subs.get(rnd.nextInt(subs.size()))
                    : UUID.randomUUID().toString();
        }
        if ("date-time".equals(format)) {
            return Instant.now().minusSeconds(rnd.nextInt(86_400)).toString();
        }
        int min = schema.getMinLength() == null ? 1 : schema.getMinLength();
        int max = schema.getMaxLength() == null ? 24 : Math.min(schema.getMaxLength(), 24);
        return alnum(Math.max(min, Math.min(max, 1 + rnd.nextInt(12))));
    }

    private Object nastyValue() {
        return switch (rnd.nextInt(8)) {
            case 0 -> -1;
            case 1 -> Long.MAX_VALUE;
            case 2 -> 1e308;
            case 3 -> List.of(nasty());
            case 4 -> Map.of("nested", nasty());
            case 5 -> rnd.nextBoolean();
            default -> nasty();
        };
    }

    private String nasty() {
        return NASTY.get(rnd.nextInt(NASTY.size()));
    }

    /**
     * For paths and query strings: at most 1,000 characters, so that the request line stays within
     * the HTTP server's 4 KB limit (longer ones get its bare 414, tested on its own below).
     */
    private String urlNasty() {
        String s = nasty();
        return s.length() > 1000 ? s.substring(0, 1000) : s;
    }

    private String asciiNasty() {
        String s;
        do {
            s = nasty();
        } while (s.isEmpty() || s.length() > 200 || !s.chars().allMatch(c -> c >= 0x20 && c < 0x7f));
        return s;
    }

    private String alnum(int length) {
        String chars = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(chars.charAt(rnd.nextInt(chars.length())));
        }
        return b.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ERROR-level findings of the contract validator (its message lists ignored ones too). */
    private static String errorsOf(Throwable e) {
        String message = String.valueOf(e.getMessage());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "\"key\" : \"([^\"]+)\",\\s*\"level\" : \"ERROR\",\\s*\"message\" : \"((?:[^\"\\\\]|\\\\.){0,300})")
                .matcher(message);
        List<String> errors = new ArrayList<>();
        while (m.find()) {
            errors.add(m.group(1) + ": " + m.group(2));
        }
        return errors.isEmpty() ? e.getClass().getSimpleName() + " " + abbreviate(message) : errors.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
