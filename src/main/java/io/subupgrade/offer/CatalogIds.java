package io.subupgrade.offer;

/** Offer and meter ids are catalog codes such as {@code MS-AZR-0044P} or {@code vm-b1s-hour}. */
public final class CatalogIds {
    public static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
    public static final String MESSAGE = "must be a catalog id (letters, digits, '.', '_', '-'; at most 64)";

    private CatalogIds() {}
}
