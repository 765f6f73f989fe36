package io.subupgrade.offer;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.subupgrade.web.Text;

/** Translations of a catalog name; zh-TW is the one language besides English the service speaks. */
public record LocalizedNames(
        @JsonProperty("zh-TW") @Text(min = 1, max = 200) String zhTw) {}
