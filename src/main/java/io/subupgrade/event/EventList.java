package io.subupgrade.event;

import java.util.List;

/** The {@code EventList} schema: {@code nextCursor} is the last id, to pass as {@code after}. */
public record EventList(List<EventView> data, String nextCursor) {

    public static EventList of(List<EventView> data) {
        return new EventList(
                data,
                data.isEmpty() ? null : Long.toString(data.get(data.size() - 1).id()));
    }
}
