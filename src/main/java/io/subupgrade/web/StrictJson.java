package io.subupgrade.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * The JSON reader takes the contract's types literally, for every body and every field at once.
 *
 * <ul>
 *   <li>A string field refuses a JSON number or boolean. Jackson would otherwise turn {@code 1.5} into
 *       {@code "1.5"}, and money and quantities are decimal strings precisely so that no client or proxy ever
 *       holds them as a float ({@code 0.1 + 0.2}).
 *   <li>An enum refuses a number: Jackson would read {@code 0} as the first constant.
 *   <li>A key given twice is refused: "last one wins" lets two readers of the same body (a proxy that checks the
 *       first {@code quantity}, this service that charged the last) disagree. Records also fail on it with an
 *       InvalidDefinitionException, which Quarkus answered with an empty 500.
 * </ul>
 *
 * Both failures reach {@link ProblemMappers} as a 400 {@code validation-failed} naming the field.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }
}
