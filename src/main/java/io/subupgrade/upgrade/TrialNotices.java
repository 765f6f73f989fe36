package io.subupgrade.upgrade;

import io.subupgrade.benefit.NotificationRules;
import io.subupgrade.event.EventData;
import io.subupgrade.event.EventLog;
import io.subupgrade.shared.Jdbc;
import io.subupgrade.shared.Jdbc.ArrayOf;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The {@code trial.ending_soon} job, one batch per call, set-based: claims ACTIVE subscriptions whose trial ends
 * within a mark not yet recorded (a range scan on {@code subscription_trial_ending}, so the cost follows the trials
 * ending soon, not the table), records every mark that applies with {@code ON CONFLICT DO NOTHING} and emits the
 * smallest one if this run recorded it. SKIP LOCKED splits the work between concurrent runs; the primary key of
 * {@code trial_notice} decides should two of them claim the same subscription anyway.
 */
@ApplicationScoped
public class TrialNotices {
    private static final String CLAIM = "SELECT s.id, s.owner_id, s.trial_ends_at, s.pending_upgrade_request_id"
            + " FROM subscription s"
            + " WHERE s.state = 'ACTIVE' AND s.trial_ends_at > ? AND s.trial_ends_at <= ?"
            + " AND EXISTS (SELECT 1 FROM unnest(?::int[], ?::timestamptz[]) AS m(days, until)"
            + "   WHERE s.trial_ends_at <= m.until AND NOT EXISTS (SELECT 1 FROM trial_notice n"
            + "     WHERE n.subscription_id = s.id AND n.mark_days = m.days))"
            + " ORDER BY s.trial_ends_at, s.id LIMIT ? FOR UPDATE OF s SKIP LOCKED";

    private static final String RECORD = "INSERT INTO trial_notice (subscription_id, mark_days, noticed_at, emitted)"
            + " SELECT v.subscription_id, v.mark_days, ?, v.emitted"
            + " FROM unnest(?::uuid[], ?::int[], ?::boolean[]) WITH ORDINALITY AS v(subscription_id, mark_days,"
            + " emitted, n) ORDER BY v.n"
            + " ON CONFLICT DO NOTHING RETURNING subscription_id, mark_days, emitted";

    @Inject
    Jdbc jdbc;

    @Inject
    EventLog events;

    private record Due(UUID id, String ownerId, Instant trialEndsAt, UUID pendingUpgradeRequestId) {}

    /** Notices one batch of trials ending soon; returns how many subscriptions it claimed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public int noticeEndingTrials(Instant now, List<Integer> configuredMarks, int batchSize) {
        List<Integer> marks = NotificationRules.trialMarks(configuredMarks);
        if (marks.isEmpty()) {
            return 0;
        }
        List<Due> due = claim(now, marks, batchSize);
        if (due.isEmpty()) {
            return 0;
        }
        List<Object> ids = new ArrayList<>(), days = new ArrayList<>(), emit = new ArrayList<>();
        Map<UUID, Due> byId = new HashMap<>();
        for (Due d : due) {
            byId.put(d.id(), d);
            List<Integer> applying = NotificationRules.marksApplying(marks, d.trialEndsAt(), now);
            int smallest =
                    NotificationRules.markToEmit(marks, d.trialEndsAt(), now).orElseThrow();
            for (int mark : applying) {
                ids.add(d.id());
                days.add(mark);
                emit.add(mark == smallest);
            }
        }
        List<EventLog.NewEvent> notices = new ArrayList<>();
        jdbc.onSessionConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(RECORD)) {
                ps.setTimestamp(1, Timestamp.from(now));
                ArrayOf.UUID.bind(ps, 2, ids);
                ArrayOf.INTEGER.bind(ps, 3, days);
                ArrayOf.BOOLEAN.bind(ps, 4, emit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getBoolean(3)) {
                            Due d = byId.get(rs.getObject(1, UUID.class));
                            notices.add(new EventLog.NewEvent(
                                    d.id(),
                                    d.ownerId(),
                                    now,
                                    new EventData.TrialEndingSoon(
                                            d.trialEndsAt(), rs.getInt(2), d.pendingUpgradeRequestId())));
                        }
                    }
                }
            }
            return null;
        });
        // RETURNING order is not promised: the feed gets them in claim order.
        Map<UUID, Integer> claimOrder = new HashMap<>();
        for (int i = 0; i < due.size(); i++) {
            claimOrder.put(due.get(i).id(), i);
        }
        notices.sort(Comparator.comparing(n -> claimOrder.get(n.subscriptionId())));
        events.appendAll(notices);
        return due.size();
    }

    private List<Due> claim(Instant now, List<Integer> marks, int batchSize) {
        Object[] days = marks.toArray();
        Object[] until = marks.stream()
                .map(d -> Timestamp.from(now.plus(Duration.ofDays(d))))
                .toArray();
        return jdbc.onSessionConnection(c -> {
            List<Due> due = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(CLAIM)) {
                ps.setObject(1, now.atOffset(ZoneOffset.UTC));
                ps.setObject(
                        2,
                        now.plus(Duration.ofDays(marks.get(marks.size() - 1))).atOffset(ZoneOffset.UTC));
                ArrayOf.INTEGER.bind(ps, 3, days);
                ArrayOf.TIMESTAMPTZ.bind(ps, 4, until);
                ps.setInt(5, batchSize);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        due.add(new Due(
                                rs.getObject(1, UUID.class),
                                rs.getString(2),
                                rs.getObject(3, OffsetDateTime.class).toInstant(),
                                rs.getObject(4, UUID.class)));
                    }
                }
            }
            return due;
        });
    }
}
