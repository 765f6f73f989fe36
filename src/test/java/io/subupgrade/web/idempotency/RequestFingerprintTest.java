package io.subupgrade.web.idempotency;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When two bodies under one Idempotency-Key are the same request. */
class RequestFingerprintTest {
    private static final JsonFactory JSON = new JsonFactory();

    @ParameterizedTest(name = "[{index}] {0} => {1}")
    @CsvSource(
            delimiterString = " => ",
            quoteCharacter = '`',
            value = {
                "{\"b\":1,\"a\":2} => {\"a\":2,\"b\":1}",
                "{ \"a\" : [ 3 , 1 , 2 ] } => {\"a\":[3,1,2]}",
                "{\"z\":{\"y\":true,\"x\":null},\"a\":false} => {\"a\":false,\"z\":{\"x\":null,\"y\":true}}",
                "{\"a\":\"\\u0041\\n\"} => {\"a\":\"A\\n\"}",
                "{\"a\":1.0,\"b\":1.00,\"c\":1e0,\"d\":-0} => {\"a\":1.0,\"b\":1.00,\"c\":1e0,\"d\":-0}",
                "{\"é\":1,\"e\":2,\"E\":3} => {\"E\":3,\"e\":2,\"é\":1}",
                "[{\"b\":1,\"a\":2},{}] => [{\"a\":2,\"b\":1},{}]",
                "\"x\" => \"x\"",
            })
    void theCanonicalFormSortsKeysDropsWhitespaceAndKeepsNumbersAsWritten(String body, String canonical) {
        assertEquals(Optional.of(canonical), canonical(body));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {"{\"a\":1,\"a\":1}", "{\"a\":1} {}", "{\"a\":", "nope", "{\"a\":1}]", "NaN", "`  `"})
    void aBodyThatIsNotExactlyOneJsonValueHasNoCanonicalForm(String body) {
        assertEquals(Optional.empty(), canonical(body));
        assertEquals(Optional.empty(), canonical(""));
    }

    @Test
    void whitespaceAroundAndInsideIsNotPartOfTheMeaning() {
        assertEquals(Optional.of("{\"a\":12}"), canonical("\r\n\t{ \"a\" :\n 12 }\n"));
    }

    @Test
    void reorderedJsonHasTheSameMeaningButNotTheSameBytes() {
        RequestFingerprint a = json("{\"offerId\":\"MS-AZR-0003P\",\"displayName\":\"Retried\"}");
        RequestFingerprint b = json("{\n  \"displayName\": \"Retried\",\n  \"offerId\": \"MS-AZR-0003P\"\n}");
        assertArrayEquals(a.meaning(), b.meaning());
        assertFalse(Arrays.equals(a.bytes(), b.bytes()));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{\"n\":\"Retried\"}|{\"n\":\"Retried \"}",
                "{\"n\":\"Retried\"}|{\"n\":\"retried\"}",
                "{\"n\":\"é\"}|{\"n\":\"e\\u0301\"}", // the same letter in NFC and NFD: other code points
                "{\"q\":1.0}|{\"q\":1.00}",
                "{\"q\":1}|{\"q\":1.0}",
                "{\"q\":1}|{\"q\":\"1\"}",
                "{\"a\":[1,2]}|{\"a\":[2,1]}",
                "{\"a\":null}|{}",
                "{\"a\":{}}|{\"a\":[]}",
            })
    void anyOtherValueIsAnotherRequest(String one, String other) {
        assertFalse(Arrays.equals(json(one).meaning(), json(other).meaning()), one + " vs " + other);
    }

    @Test
    void theTargetAndMethodArePartOfTheRequest() {
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        RequestFingerprint here = RequestFingerprint.of(JSON, "POST", "/v1/subscriptions", true, body);
        RequestFingerprint there = RequestFingerprint.of(JSON, "POST", "/v1/usage-batches", true, body);
        RequestFingerprint query = RequestFingerprint.of(JSON, "POST", "/v1/subscriptions?x=1", true, body);
        assertFalse(Arrays.equals(here.meaning(), there.meaning()));
        assertFalse(Arrays.equals(here.meaning(), query.meaning()));
        assertFalse(Arrays.equals(here.bytes(), there.bytes()));
    }

    @Test
    void aBodyThatIsNotJsonIsComparedByItsBytes() {
        byte[] a = "{\"b\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8);
        byte[] b = "{\"a\":2,\"b\":1}".getBytes(StandardCharsets.UTF_8);
        RequestFingerprint textA = RequestFingerprint.of(JSON, "POST", "/x", false, a);
        RequestFingerprint textB = RequestFingerprint.of(JSON, "POST", "/x", false, b);
        assertFalse(Arrays.equals(textA.meaning(), textB.meaning()));
        assertArrayEquals(
                textA.meaning(),
                RequestFingerprint.of(JSON, "POST", "/x", false, a).meaning());
        // Marked apart from a JSON body whose canonical text happens to be those very bytes.
        byte[] canonical = "{\"a\":2,\"b\":1}".getBytes(StandardCharsets.UTF_8);
        assertFalse(Arrays.equals(
                textB.meaning(),
                RequestFingerprint.of(JSON, "POST", "/x", true, canonical).meaning()));
    }

    /** The bytes fingerprint is the one stored before V17: SHA-256 of "METHOD target\n" and the body. */
    @Test
    void theBytesFingerprintIsTheOneKeysWereStoredWithBefore() throws Exception {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update("POST /v1/subscriptions\n".getBytes(StandardCharsets.UTF_8));
        sha.update(body);
        assertArrayEquals(
                sha.digest(),
                RequestFingerprint.of(JSON, "POST", "/v1/subscriptions", true, body)
                        .bytes());
        assertTrue(RequestFingerprint.of(JSON, "POST", "/v1/subscriptions", true, body)
                        .meaning()
                        .length
                == 32);
    }

    private static RequestFingerprint json(String body) {
        return RequestFingerprint.of(JSON, "POST", "/v1/subscriptions", true, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> canonical(String body) {
        return RequestFingerprint.canonicalJson(JSON, body.getBytes(StandardCharsets.UTF_8))
                .map(b -> new String(b, StandardCharsets.UTF_8));
    }
}
