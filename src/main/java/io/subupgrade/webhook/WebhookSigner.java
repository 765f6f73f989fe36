package io.subupgrade.webhook;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code webhook-signature} header through the Standard Webhooks library: {@code v1,<base64 HMAC-SHA256>} of
 * {@code "{webhook-id}.{webhook-timestamp}.{body}"} per secret: the current one and every rotated-out one still within
 * its 24 h, space-separated (receivers accept the message if any signature matches).
 */
final class WebhookSigner {
    private WebhookSigner() {}

    static String signature(List<String> secrets, String webhookId, long timestampSeconds, String body) {
        return secrets.stream()
                .map(secret -> sign(secret, webhookId, timestampSeconds, body))
                .collect(Collectors.joining(" "));
    }

    private static String sign(String secret, String webhookId, long timestampSeconds, String body) {
        try {
            return new Webhook(secret).sign(webhookId, timestampSeconds, body);
        } catch (EmptyWebhookSecretException | WebhookSigningException e) {
            throw new IllegalStateException("A stored webhook secret cannot sign", e);
        }
    }
}
