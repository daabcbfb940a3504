package io.tidemark.sync.ntp;

/** Where the NTP client reports every exchange, accepted or not (the session's ntp_samples table). */
public interface NtpSampleSink {
    void accept(NtpSample sample);

    NtpSampleSink NONE = sample -> { };
}
