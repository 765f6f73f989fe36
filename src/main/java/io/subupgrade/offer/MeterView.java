package io.subupgrade.offer;

import io.subupgrade.shared.Money;
import java.util.Locale;

/** The {@code Meter} schema of openapi.yaml. */
public record MeterView(String id, String name, String unit, Money unitPrice) {

    public static MeterView of(Meter meter, Locale language) {
        return new MeterView(
                meter.id, meter.name(language), meter.unit, Money.of(meter.unitPriceAmount, meter.unitPriceCurrency));
    }
}
