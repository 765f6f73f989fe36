package io.subupgrade.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.subupgrade.problem.FieldError;
import java.util.List;

/**
 * RFC 9457 problem details with the service's stable {@code code}, the request's id ({@link RequestIds}; absent only
 * on a problem embedded in a larger response, such as a rejected usage-batch record) and field errors.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        String instance,
        String code,
        String requestId,
        List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
