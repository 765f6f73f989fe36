package io.subupgrade.time;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** The {@code ClockAdvance} schema: an ISO-8601 duration such as {@code P30D}. */
public record ClockAdvance(@NotNull @Size(min = 2, max = 64) String duration) {}
