package io.subupgrade.web.idempotency;

/** The parts of a response a replay must reproduce exactly; header values are null when absent. */
public record StoredResponse(
        int status, String contentType, String contentLanguage, String location, String etag, byte[] body) {}
