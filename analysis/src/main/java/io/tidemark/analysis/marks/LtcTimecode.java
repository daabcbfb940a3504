package io.tidemark.analysis.marks;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The label an LTC frame carries.
 *
 * @param dropFrame   bit 10: labels skip frame numbers 0 and 1 at minutes not divisible by ten
 * @param dateOrNull  the date from the user bits (SMPTE 309M), when the binary-group flags say they
 *                    hold one
 * @param zoneOrNull  the time zone of the time code from the user bits; null without a date or for a
 *                    zone code that is not a whole hour (the time code is then taken as UTC)
 */
public record LtcTimecode(int hours, int minutes, int seconds, int frames, boolean dropFrame,
                          LocalDate dateOrNull, ZoneOffset zoneOrNull) {

    /** Frames since the start of the day's count (drop-frame labels skip numbers, the count does not). */
    public long frameCount(LtcFrameRate rate) {
        int perSecond = rate.labelsPerSecond();
        long count = ((hours * 60L + minutes) * 60 + seconds) * perSecond + frames;
        if (dropFrame) {
            long totalMinutes = hours * 60L + minutes;
            count -= 2 * (totalMinutes - totalMinutes / 10);
        }
        return count;
    }

    /** hh:mm:ss:ff, with ';' before the frames for drop-frame, then the date and zone when present. */
    @Override
    public String toString() {
        String time = String.format(Locale.ROOT, "%02d:%02d:%02d%s%02d", hours, minutes, seconds, dropFrame ? ";" : ":", frames);
        if (dateOrNull == null) {
            return time;
        }
        return dateOrNull + " " + time + (zoneOrNull == null ? " (zone unknown)" : " " + zoneOrNull.getId());
    }
}
