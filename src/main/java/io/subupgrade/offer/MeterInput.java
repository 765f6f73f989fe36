package io.subupgrade.offer;

import io.subupgrade.shared.Money;
import io.subupgrade.web.Text;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** The body of {@code PUT /v1/meters/{meterId}}. */
public record MeterInput(
        @NotBlank @Text(max = 200) String name,
        @Valid LocalizedNames localizedNames,
        @NotBlank @Text(max = 50) String unit,
        @NotNull @Valid Money unitPrice) {}
