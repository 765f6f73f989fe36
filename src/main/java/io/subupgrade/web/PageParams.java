package io.subupgrade.web;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.QueryParam;

/**
 * {@code ?limit=&cursor=} of every list; bound with {@code @BeanParam @Valid}. The limit is read
 * as text because JAX-RS turns an unconvertible query parameter into a 404, and a bad limit is a 400.
 */
public class PageParams {
    public static final int DEFAULT_LIMIT = 20;

    @QueryParam("limit")
    @Pattern(regexp = "^(100|[1-9][0-9]?)$", message = "must be an integer between 1 and 100")
    public String limit;

    @QueryParam("cursor")
    @Size(max = 512, message = "must be at most 512 characters")
    public String cursor;

    public int limit() {
        return limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit);
    }
}
