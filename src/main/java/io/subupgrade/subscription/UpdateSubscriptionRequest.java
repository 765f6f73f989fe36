package io.subupgrade.subscription;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

public record UpdateSubscriptionRequest(
        @NotBlank @Size(max = 100) String displayName) {}
