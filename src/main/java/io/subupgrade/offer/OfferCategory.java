package io.subupgrade.offer;

public enum OfferCategory {
    FREE_TRIAL,
    STUDENT,
    PAY_AS_YOU_GO
}
