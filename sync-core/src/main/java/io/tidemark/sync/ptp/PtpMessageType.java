package io.tidemark.sync.ptp;

/** The PTP messages Tidemark understands, common to both versions (v1 has no Announce). */
public enum PtpMessageType {
    SYNC, DELAY_REQ, FOLLOW_UP, DELAY_RESP, ANNOUNCE, OTHER;

    /** Sync and Delay_Req are timestamped on receipt and travel on the event port 319. */
    public boolean isEvent() {
        return this == SYNC || this == DELAY_REQ;
    }
}
