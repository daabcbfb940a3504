package io.tidemark.app.command;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@code tidemark record} can be told, as read from {@code --config FILE.json} (Jackson)
 * and then overridden by flags. Field names are the JSON keys; docs/recording.md lists them and
 * samples/configs/ has an example. Null means "not given here".
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class RecordConfig {
    public String device;
    public Integer channels;
    public Integer rateHz;
    public Integer bits;
    public Integer bufferMs;
    public String duration;
    public String rotate;
    public String out;
    public List<String> ntp = new ArrayList<>();
    /** "dante", "aes67" or "off" (default). */
    public String ptp;
    public String ptpInterface;
    public Boolean discipline;
    /** UDP port to serve the sync engine's time on. */
    public Integer serveNtp;
    /** Address blocks served besides loopback. */
    public List<String> ntpAllow = new ArrayList<>();
    /** "bwf" (default) or "none" (stamps only). */
    public String audio;
    public Boolean simulatedTime;
    /** ISO-8601 UTC start of simulated time, e.g. 2026-11-21T19:30:00Z; default now. */
    public String simStart;
    public Double simPpm;
    public Double simWander;
    public Double simLatencyMs;
    public Double simOutlierProbability;
    public Double simOutlierMs;
    /** Expected dropouts per hour. */
    public Double simDropouts;
    /** Expected overruns per hour. */
    public Double simOverruns;
    /** Expected disconnects per hour. */
    public Double simDisconnects;
    public Double simDisconnectMs;
    public Double simSysOffsetMs;
    public Double simSysPpm;
    public Double simNtpJitterUs;
    public Long simSeed;
    /** "tones" or "noise". */
    public String simSignal;
}
