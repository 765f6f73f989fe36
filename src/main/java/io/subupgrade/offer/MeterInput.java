package io.subupgrade.offer;

import io.subupgrade.shared.Money;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The body of {@code PUT /v1/meters/{meterId}}. */
public record MeterInput(
        @NotBlank @Size(max = 200) String name,
        @Valid LocalizedNames localizedNames,
        @NotBlank @Size(max = 50) String unit,
        @NotNull @Valid Money unitPrice) {}
