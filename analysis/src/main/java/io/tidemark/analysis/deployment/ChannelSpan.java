package io.tidemark.analysis.deployment;

import io.tidemark.recorder.store.SessionReader;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A span in which a channel was silent or clipping, from the station's events: {@code channel_silent} to
 * {@code channel_sound}, {@code channel_clipping} to {@code channel_clipping_end}. The station stamps each of
 * these events with the instant of the change itself (counted back in samples from the buffer that showed it),
 * so a silence found after 10 min still starts when it began. A span still open when its session ends ends there.
 *
 * @param session    the session it lies in
 * @param channel    1-based channel
 * @param kind       "silent" or "clipping"
 * @param startUtcNs when it began (the events' CLOCK_REALTIME)
 * @param endUtcNs   when it ended
 * @param open       it had not ended when the session did
 */
public record ChannelSpan(String session, int channel, String kind, long startUtcNs, long endUtcNs, boolean open) {

    private static final Pattern CHANNEL = Pattern.compile("^channel (\\d+)");

    public long lengthNs() {
        return endUtcNs - startUtcNs;
    }

    /** Every span of every session of {@code d}, in session and time order. */
    public static List<ChannelSpan> of(Deployment d) throws SQLException {
        List<ChannelSpan> out = new ArrayList<>();
        for (SessionSpan s : d.sessions()) {
            out.addAll(of(s));
        }
        return out;
    }

    static List<ChannelSpan> of(SessionSpan s) throws SQLException {
        List<ChannelSpan> out = new ArrayList<>();
        Map<String, Long> openSince = new HashMap<>();
        try (SessionReader r = SessionReader.open(s.dir()); Statement st = r.connection().createStatement();
             ResultSet q = st.executeQuery("SELECT realtime_ns, kind, detail FROM events WHERE kind IN ('channel_silent',"
                     + " 'channel_sound', 'channel_clipping', 'channel_clipping_end') ORDER BY realtime_ns, id")) {
            while (q.next()) {
                Matcher m = CHANNEL.matcher(q.getString(3) == null ? "" : q.getString(3));
                if (!m.find()) {
                    continue;
                }
                int ch = Integer.parseInt(m.group(1));
                String kind = q.getString(2);
                boolean begins = kind.equals("channel_silent") || kind.equals("channel_clipping");
                String what = kind.startsWith("channel_clipping") ? "clipping" : "silent";
                String key = what + ":" + ch;
                long at = q.getLong(1);
                if (begins) {
                    openSince.putIfAbsent(key, at);
                } else {
                    Long since = openSince.remove(key);
                    if (since != null) {
                        out.add(new ChannelSpan(s.sessionId(), ch, what, since, at, false));
                    }
                }
            }
        }
        openSince.forEach((key, since) -> out.add(new ChannelSpan(s.sessionId(),
                Integer.parseInt(key.substring(key.indexOf(':') + 1)), key.substring(0, key.indexOf(':')), since,
                Math.max(since, s.endUtcNs()), true)));
        out.sort(java.util.Comparator.comparingLong(ChannelSpan::startUtcNs));
        return out;
    }
}
