package io.subupgrade.upgrade;

/** The {@code JobRunResult} schema: what one run of the jobs did. */
public record JobRunResult(int finalized, int disabled, int expired) {}
