package io.subupgrade.security;

import io.subupgrade.shared.TextRules;
import java.time.Duration;
import java.util.Optional;

/**
 * What a verified token must also say before the service trusts it: the one place for the claim rules (applied by
 * {@link VerifiedTokens} before a token is accepted or cached; listed in openapi.yaml's {@code bearerAuth} and the
 * docs/sign-in.md, "Claim rules and refusals").
 *
 * <ul>
 *   <li>The account id ({@code sub}, else the principal name the token gives) is 1-255 characters, the size of the
 *       {@code owner_id} columns, with no leading or trailing whitespace: " alice " must not become a second account
 *       next to "alice", and an empty id is no account at all. It is valid Unicode and holds none of the characters
 *       free text refuses ({@link TextRules#isRefused}): no control characters (U+0000-U+001F, U+007F-U+009F),
 *       no bidi marks, embeddings, overrides or isolates (U+200E/F, U+202A-U+202E, U+2066-U+2069) or other format
 *       characters, no line separators or noncharacters. An id with U+202E displays reversed in logs and consoles
 *       ("acct-1", U+202E, "gpj.exe" reads "acct-1exe.jpg"), and could not be given as the {@code ownerId} filter, which
 *       refuses the same characters.
 *   <li>{@code exp} is at most {@link #MAX_LIFETIME} ahead. Identity providers issue tokens for minutes or hours; an
 *       {@code exp} years ahead is almost always milliseconds written where seconds belong (1.8e12 is the year
 *       58000). Refused rather than capped: such a token would otherwise live "forever", and a silent cap would hide
 *       the provider's mistake instead of reporting it.
 * </ul>
 */
public final class ClaimRules {
    public static final int MAX_ACCOUNT_ID_LENGTH = 255;
    public static final Duration MAX_LIFETIME = Duration.ofDays(366);

    private ClaimRules() {}

    /** No lone UTF-16 surrogate: it has no UTF-8 form, so the stored owner id would not be the token's. */
    private static boolean isValidUnicode(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Why the claims are refused, or empty when they are acceptable. */
    public static Optional<String> refusal(String accountId, long expiresAt, long nowEpochSecond) {
        if (accountId == null || accountId.isEmpty()) {
            return Optional.of("the token names no account (sub)");
        }
        if (accountId.length() > MAX_ACCOUNT_ID_LENGTH) {
            return Optional.of("sub is longer than " + MAX_ACCOUNT_ID_LENGTH + " characters");
        }
        if (!accountId.strip().equals(accountId)) {
            return Optional.of("sub starts or ends with whitespace");
        }
        if (!isValidUnicode(accountId)) {
            return Optional.of("sub is not valid Unicode");
        }
        if (accountId.codePoints().anyMatch(TextRules::isRefused)) {
            return Optional.of("sub contains a control or format character");
        }
        if (expiresAt - nowEpochSecond > MAX_LIFETIME.toSeconds()) {
            return Optional.of("exp is more than " + MAX_LIFETIME.toDays() + " days ahead (milliseconds for seconds?)");
        }
        return Optional.empty();
    }
}
