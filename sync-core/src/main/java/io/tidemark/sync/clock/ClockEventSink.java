package io.tidemark.sync.clock;

/** Where clock events go (the session's clock_events table, a log, a test's list). */
public interface ClockEventSink {
    void accept(ClockEvent event);

    ClockEventSink NONE = event -> { };
}
