package io.subupgrade.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The log records written while it is open, with the request id each carried: a JUL handler on the root logger, which
 * is the JBoss LogManager's root in a Quarkus test, so it sees what the console handler sees.
 */
public final class LogCapture implements AutoCloseable {
    public record Line(String logger, String level, String message, String requestId) {}

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            // Read now, on the thread that logs: the MDC is that of the request being handled there.
            ExtLogRecord ext = record instanceof ExtLogRecord e ? e : ExtLogRecord.wrap(record);
            lines.add(new Line(
                    record.getLoggerName(),
                    record.getLevel().getName(),
                    ext.getFormattedMessage(),
                    ext.getMdc("requestId")));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private LogCapture() {}

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        Logger.getLogger("").addHandler(capture.handler);
        return capture;
    }

    /** The lines of one logger (its full name), in the order written. */
    public List<Line> of(Class<?> logger) {
        return lines.stream().filter(l -> logger.getName().equals(l.logger())).toList();
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(handler);
    }
}
