package io.subupgrade.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc-123", "a", "trace.4bf92f3577b34da6:00f067aa0ba902b7", "A_Z-0.9:x"})
    void anIdOfSafeCharactersIsSane(String id) {
        assertTrue(RequestIds.isSane(id));
    }

    @Test
    void oneHundredAndTwentyEightCharactersAreTheLimit() {
        assertTrue(RequestIds.isSane("x".repeat(128)));
        assertFalse(RequestIds.isSane("x".repeat(129)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "a b", "abc\n", "ä", "<script>", "a/b", "a\"b", "a,b", "%41"})
    void anythingElseIsNot(String id) {
        assertFalse(RequestIds.isSane(id));
    }

    @Test
    void nullIsNotSane() {
        assertFalse(RequestIds.isSane(null));
    }

    @Test
    void oneSaneValueIsKept() {
        assertEquals("abc-123", RequestIds.choose(List.of("abc-123")));
    }

    @Test
    void noValueTwoValuesOrABadOneGetANewUuid() {
        for (List<String> sent : List.of(List.<String>of(), List.of("a", "b"), List.of("a b"), List.of(""))) {
            String chosen = RequestIds.choose(sent);
            assertEquals(chosen, UUID.fromString(chosen).toString(), sent.toString());
        }
        assertNotEquals(RequestIds.choose(List.of()), RequestIds.choose(List.of()));
    }
}
