package io.subupgrade.web.idempotency;

import java.util.UUID;

/** What claiming an Idempotency-Key found. */
public sealed interface Claim {

    /** The key is ours: run the request, then complete or release the claim with this token. */
    record Claimed(UUID token) implements Claim {}

    /** The same request already finished: answer with its response. */
    record Replay(StoredResponse response) implements Claim {}

    /** The same request is still running elsewhere. */
    record InUse() implements Claim {}

    /** The key was used for a different request. */
    record Reused() implements Claim {}
}
