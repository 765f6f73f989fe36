package io.subupgrade.security;

/** The JWT {@code groups} the service knows. */
public final class Roles {
    public static final String CUSTOMER = "customer";
    public static final String OPERATOR = "operator";
    public static final String METER = "meter";

    private Roles() {}
}
