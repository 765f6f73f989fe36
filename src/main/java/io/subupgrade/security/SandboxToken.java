package io.subupgrade.security;

import java.time.Instant;

/** A dev sign-in token and when it stops being accepted. */
public record SandboxToken(String token, Instant expiresAt) {}
