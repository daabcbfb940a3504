package io.tidemark.sync.ntp;

import java.util.List;

/**
 * What the client knows now, for people and for the server that serves its time.
 *
 * @param synchronised     a source is selected and has a clock model
 * @param selectedServer   the selected source, or null
 * @param stratum          the selected source's stratum (0 if none)
 * @param referenceId      the selected source's reference ID as sent on the wire (for an NTP server
 *                         following it: the source's IPv4 address, or its ASCII code at stratum 1)
 * @param offsetNs         UTC minus CLOCK_REALTIME now, as the model estimates it
 * @param frequencyPpm     how fast UTC gains on CLOCK_MONOTONIC_RAW, ppm
 * @param uncertaintyNs    the model's 1σ uncertainty now, ns
 * @param rootDelayNs      round trip to the primary reference: the source's root delay plus its delay
 * @param rootDispersionNs the source's root dispersion plus our uncertainty
 * @param sources          every configured server
 */
public record NtpClientStatus(boolean synchronised, String selectedServer, int stratum, int referenceId, long offsetNs,
                              double frequencyPpm, double uncertaintyNs, long rootDelayNs, long rootDispersionNs,
                              List<Source> sources) {

    /**
     * One server as the client sees it.
     *
     * @param server        "host:port"
     * @param state         selected, candidate, falseticker, unsynchronised, unreachable, denied, or new
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
    public record Source(String server, String state, int pollLog2, int reach, int stratum, String refId, int leap,
                         long lastOffsetNs, long lastDelayNs, long minDelayNs, long accepted, long rejected,
                         String kissCode) {
    }
}
