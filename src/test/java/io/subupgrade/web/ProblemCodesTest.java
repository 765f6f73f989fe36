package io.subupgrade.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.subupgrade.problem.ProblemCode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * ProblemCode, the contract and the titles name the same codes: a code added in one place and forgotten in another
 * fails here, without booting the service.
 */
class ProblemCodesTest {
    private static final Path CONTRACT = Path.of("openapi.yaml");
    private static final Pattern PROBLEM_TYPE = Pattern.compile("/problems/([a-z0-9-]+)");
    private static final Set<String> CODES =
            Arrays.stream(ProblemCode.values()).map(ProblemCode::wireName).collect(Collectors.toSet());

    @Test
    void everyCodeIsDocumentedInTheContract() throws IOException {
        String contract = Files.readString(CONTRACT);
        List<String> undocumented = CODES.stream()
                .filter(c -> !contract.contains("`" + c + "`") && !contract.contains("/problems/" + c))
                .sorted()
                .toList();
        assertEquals(List.of(), undocumented);
    }

    @Test
    void everyCodeHasATitleInEveryLanguageAndNoTitleIsLeftOver() throws IOException {
        for (String file : List.of("problems.properties", "problems_zh_TW.properties")) {
            Set<String> titled = new TreeSet<>(titles(file).stringPropertyNames());
            assertEquals(new TreeSet<>(CODES), titled, file);
            titles(file).forEach((code, title) -> assertFalse(title.toString().isBlank(), file + ": " + code));
        }
    }

    @Test
    void everyProblemTypeInTheContractIsACode() throws IOException {
        Matcher m = PROBLEM_TYPE.matcher(Files.readString(CONTRACT));
        Set<String> unknown = new TreeSet<>();
        while (m.find()) {
            if (!CODES.contains(m.group(1))) {
                unknown.add(m.group(1));
            }
        }
        assertEquals(Set.of(), unknown);
    }

    @Test
    void everyProblemExampleHasACodeWithItsStatusAndType() throws IOException {
        List<JsonNode> examples = new ArrayList<>();
        collectProblemExamples(new ObjectMapper(new YAMLFactory()).readTree(CONTRACT.toFile()), false, examples);
        assertFalse(examples.isEmpty(), "no problem examples found in the contract");
        for (JsonNode example : examples) {
            String code = example.path("code").asText();
            assertTrue(CODES.contains(code), "example with unknown code: " + example);
            ProblemCode problem = ProblemCode.ofWireName(code);
            assertEquals(problem.status(), example.path("status").asInt(), "status of " + example);
            assertEquals(problem.type(), example.path("type").asText(), "type of " + example);
        }
    }

    /**
     * The example values of problem+json responses, and any other object with a problem {@code type} (a rejected batch
     * record embeds one in a 200 answer).
     */
    private static void collectProblemExamples(JsonNode node, boolean underProblemJson, List<JsonNode> found) {
        if (node.isArray()) {
            node.forEach(n -> collectProblemExamples(n, underProblemJson, found));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        if (node.path("type").asText().startsWith("/problems/")) {
            found.add(node);
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            boolean problemJson = underProblemJson || name.equals(Problem.MEDIA_TYPE);
            if (problemJson && name.equals("example")) {
                found.add(value);
            } else if (problemJson && name.equals("examples")) {
                value.forEach(e -> found.add(e.path("value")));
            } else {
                collectProblemExamples(value, problemJson, found);
            }
        }
    }

    private static Properties titles(String file) throws IOException {
        Properties titles = new Properties();
        // UTF-8, as ResourceBundle reads them.
        try (Reader in = Files.newBufferedReader(Path.of("src/main/resources", file), StandardCharsets.UTF_8)) {
            titles.load(in);
        }
        return titles;
    }
}
