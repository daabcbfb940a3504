package io.tidemark.sync.ntp;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.List;
import java.util.Locale;

/**
 * What the client knows now, for people and for the server that serves its time.
 *
 * @param synchronised     a source is selected and has a clock model
 * @param selectedServer   the selected source, or null
 * @param stratum          the selected source's stratum (0 if none)
 * @param leap             the selected source's leap indicator
 * @param referenceId      the selected source's reference ID as sent on the wire (for an NTP server
 *                         following it: the source's IPv4 address, or its ASCII code at stratum 1)
 * @param offsetNs         UTC minus CLOCK_REALTIME now, as the model estimates it
 * @param frequencyPpm     how fast UTC gains on CLOCK_MONOTONIC_RAW, ppm
 * @param uncertaintyNs    the model's 1σ uncertainty now, ns
 * @param rootDelayNs      round trip to the primary reference: the source's root delay plus its delay
 * @param rootDispersionNs the source's root dispersion plus our uncertainty
 * @param lastUpdateNs     UTC of the selected source's last accepted sample (its T3)
 * @param sources          every configured server
 */
public record NtpClientStatus(boolean synchronised, String selectedServer, int stratum, int leap, int referenceId,
                              long offsetNs, double frequencyPpm, double uncertaintyNs, long rootDelayNs,
                              long rootDispersionNs, long lastUpdateNs, List<Source> sources) {

    /**
     * One server as the client sees it.
     *
     * @param server        "host:port"
     * @param state         where the server stands in selection
     * @param pollLog2      current poll interval, log2 s
     * @param reach         the last 8 polls as bits (1 = answered with a valid sample), newest lowest
     * @param stratum       last seen stratum
     * @param refId         last seen reference ID as text
     * @param leap          last seen leap indicator
     * @param lastOffsetNs  offset of the last accepted sample
     * @param lastDelayNs   delay of the last accepted sample
     * @param minDelayNs    the least delay seen in the model's window
     * @param accepted      accepted samples so far
     * @param rejected      rejected exchanges so far
     * @param kissCode      the last Kiss-o'-Death code received, or null
     */
    public record Source(String server, SourceState state, int pollLog2, int reach, int stratum, String refId, int leap,
                         long lastOffsetNs, long lastDelayNs, long minDelayNs, long accepted, long rejected,
                         String kissCode) {
    }

    /** A server's standing, in chrony's words; JSON and {@link #toString()} give it in lower case. */
    public enum SourceState {
        /** The source whose clock model serves. */
        SELECTED,
        /** Usable, agrees with the selected one, not chosen. */
        CANDIDATE,
        /** Has a model that disagrees with the majority. */
        FALSETICKER,
        /** Answers, but is not synchronised itself (leap 3, or a stratum outside 1 to 15). */
        UNSYNCHRONISED,
        /** Has stopped answering. */
        UNREACHABLE,
        /** Told us to go away (Kiss-o'-Death DENY or RSTR). */
        DENIED,
        /** Not yet heard, or too few samples for a model. */
        NEW;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
