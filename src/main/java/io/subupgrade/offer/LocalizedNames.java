package io.subupgrade.offer;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Size;

/** Translations of a catalog name; zh-TW is the one language besides English the service speaks. */
public record LocalizedNames(
        @JsonProperty("zh-TW") @Size(min = 1, max = 200, message = "must be 1 to 200 characters")
        String zhTw) {}
