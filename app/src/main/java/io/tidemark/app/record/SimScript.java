package io.tidemark.app.record;

import io.tidemark.app.cli.DurationParser;
import io.tidemark.app.cli.UserError;
import io.tidemark.recorder.session.SimWorld;

/**
 * The scripted changes of the simulated world's time sources ({@code --sim-ntp-switch-at}, {@code --sim-clock-step-at}):
 * checked before anything is created, then put on the world's timeline before its NTP client exists.
 */
final class SimScript {

    private SimScript() {
    }

    /** One line for a bad value, or for a key given without simulated time. */
    static void check(RecordOptions cfg) {
        if ((cfg.simNtpSwitchAt != null || cfg.simClockStepAt != null) && !cfg.simulatedTime) {
            throw new UserError((cfg.simNtpSwitchAt != null ? "--sim-ntp-switch-at" : "--sim-clock-step-at")
                    + " needs simulated time", "add --simulated-time");
        }
        if (cfg.simNtpSwitchAt != null && cfg.simNtpOutage != null) {
            throw new UserError("--sim-ntp-switch-at and --sim-ntp-outage both script the first NTP server",
                    "give one of them");
        }
        if (cfg.simNtpSwitchAt != null) {
            duration(cfg.simNtpSwitchAt, "--sim-ntp-switch-at");
        }
        if (cfg.simClockStepAt != null) {
            clockStep(cfg.simClockStepAt);
        }
    }

    /** Adds the second NTP server and silences the first, and schedules the clock step, as the options say. */
    static void apply(RecordOptions options, SimWorld world, long startTrueNs) {
        if (options.simNtpSwitchAt != null) {
            world.addSecondNtpServer();
            world.ntpServer().unreachable(startTrueNs + duration(options.simNtpSwitchAt, "--sim-ntp-switch-at"),
                    Long.MAX_VALUE);
        }
        if (options.simClockStepAt != null) {
            long[] step = clockStep(options.simClockStepAt);
            world.timeline().schedule(startTrueNs + step[0] - world.timeline().nowNs(), () -> world.clock().step(step[1]));
        }
    }

    /** "START+STEP" or "START-STEP" as {startNs, stepNs}. */
    static long[] clockStep(String text) {
        int sign = text.indexOf('+');
        if (sign < 0) {
            sign = text.indexOf('-');
        }
        if (sign < 0) {
            throw new UserError("--sim-clock-step-at " + text + " is not START+STEP", "write e.g. 2h+250ms or 2h-250ms");
        }
        long stepNs = duration(text.substring(sign + 1).trim(), "--sim-clock-step-at");
        if (stepNs == 0) {
            throw new UserError("--sim-clock-step-at " + text + " steps by nothing", "write e.g. 2h+250ms");
        }
        return new long[] {duration(text.substring(0, sign).trim(), "--sim-clock-step-at"),
                text.charAt(sign) == '-' ? -stepNs : stepNs};
    }

    private static long duration(String text, String flag) {
        try {
            return DurationParser.parse(text).toNanos();
        } catch (RuntimeException e) {
            throw new UserError(flag + " " + text + " is not a duration", "use e.g. 250ms, 60s, 90m, 2h");
        }
    }
}
