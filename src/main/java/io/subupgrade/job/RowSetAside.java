package io.subupgrade.job;

import java.util.UUID;

/**
 * A row a job set aside, fired as a CDI event by {@link SetAsideStore#mark} in the transaction that marks it, once
 * per mark. {@code ops/Metrics} observes it and counts it when that transaction commits: job/ is below ops/, so it
 * announces rather than calls (docs/architecture.md, layout).
 */
public record RowSetAside(Job job, UUID rowId) {}
