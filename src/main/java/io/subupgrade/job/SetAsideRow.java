package io.subupgrade.job;

import java.time.Instant;
import java.util.UUID;

/** The {@code SetAsideRow} schema: a row a job set aside, why, and when an operator retried it (null until then). */
public record SetAsideRow(UUID id, String job, UUID rowId, String reason, Instant setAsideAt, Instant retriedAt) {}
