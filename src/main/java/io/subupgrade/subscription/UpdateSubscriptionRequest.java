package io.subupgrade.subscription;

import io.subupgrade.web.Text;
import jakarta.validation.constraints.NotBlank;

public record UpdateSubscriptionRequest(
        @NotBlank @Text(max = 100) String displayName) {}
