package io.subupgrade.offer;

import io.subupgrade.shared.Money;
import io.subupgrade.web.Text;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** The body of {@code PUT /v1/offers/{offerId}}: the whole offer, replacing any earlier one. */
public record OfferInput(
        @NotBlank @Text(max = 200) String name,
        @Valid LocalizedNames localizedNames,
        @NotNull OfferCategory category,
        @Valid Money credit,
        @Min(1) @Max(3650) Integer termDays,
        @NotNull SpendingLimit spendingLimit,
        @NotNull @Size(max = 20) List<@NotNull @Pattern(regexp = CatalogIds.PATTERN) String> upgradableTo) {}
