package io.tidemark.sync.ptp;

/** What a {@link PtpPort} reports. */
public interface PtpPortListener {

    /** A completed Sync from the selected grandmaster. */
    void onMeasurement(PtpMeasurement measurement);

    /** Every decoded message (for monitoring). */
    default void onMessage(PtpObservation observation) {
    }
}
