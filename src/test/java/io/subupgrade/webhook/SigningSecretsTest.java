package io.subupgrade.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which secrets sign a delivery, as the claim reads them from both shapes of the schema. */
class SigningSecretsTest {

    @Test
    void theCurrentSecretThenEveryRetiredOneStillSigning() {
        assertEquals(
                List.of("whsec_c", "whsec_b", "whsec_a"),
                DeliveryStore.signingSecrets("whsec_c", new String[] {"whsec_b", "whsec_a"}, "whsec_b"));
    }

    @Test
    void aRotationByAnInstanceOfBeforeV17IsOnlyInThePreviousSecretColumnAndStillSigns() {
        assertEquals(
                List.of("whsec_c", "whsec_b", "whsec_old"),
                DeliveryStore.signingSecrets("whsec_c", new String[] {"whsec_b"}, "whsec_old"));
        assertEquals(
                List.of("whsec_c", "whsec_old"), DeliveryStore.signingSecrets("whsec_c", new String[0], "whsec_old"));
    }

    @Test
    void neverRotatedSignsWithOneSecret() {
        assertEquals(List.of("whsec_c"), DeliveryStore.signingSecrets("whsec_c", new String[0], null));
    }
}
