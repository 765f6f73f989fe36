package io.subupgrade.webhook;

import java.security.SecureRandom;
import java.util.Base64;

/** Endpoint secrets: {@code whsec_} and the base64 of 32 random bytes, as Standard Webhooks libraries read them. */
final class WebhookSecrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSecrets() {}

    static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }
}
