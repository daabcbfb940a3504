package io.tidemark.sync.clock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Decides whether Tidemark may discipline the system clock: it must hold CAP_SYS_TIME and no other
 * time daemon may be steering the clock (two controllers fighting make both wrong). The decision is a
 * pure function of what {@link #inspect()} gathers from /proc, so it is tested without a real system.
 */
public final class DisciplineGuard {

    /** capability number of CAP_SYS_TIME in linux/capability.h */
    static final int CAP_SYS_TIME = 25;
    static final Set<String> STEERING_DAEMONS = Set.of("chronyd", "ntpd", "systemd-timesyncd", "ptp4l", "phc2sys",
            "timemaster", "openntpd");

    /** One running process: its name (/proc/PID/comm) and arguments (/proc/PID/cmdline). */
    public record ProcessInfo(long pid, String name, List<String> args) {
    }

    /** What the guard looks at. */
    public record SystemFacts(long effectiveCapabilities, List<ProcessInfo> processes) {
    }

    private DisciplineGuard() {
    }

    /** Empty when disciplining is allowed; otherwise the one-line reason and remedy. */
    public static Optional<String> refusal(SystemFacts facts) {
        if ((facts.effectiveCapabilities() & (1L << CAP_SYS_TIME)) == 0) {
            return Optional.of("cannot discipline the clock: this process lacks CAP_SYS_TIME; run as root or grant it"
                    + " (setcap cap_sys_time+ep, or AmbientCapabilities=CAP_SYS_TIME in the systemd unit),"
                    + " or run without --discipline to monitor only");
        }
        for (ProcessInfo p : facts.processes()) {
            if (STEERING_DAEMONS.contains(p.name()) && steers(p)) {
                return Optional.of("cannot discipline the clock: " + p.name() + " (pid " + p.pid()
                        + ") is already steering it; stop it (e.g. systemctl stop " + serviceOf(p.name())
                        + ") or run without --discipline to monitor only");
            }
        }
        return Optional.empty();
    }

    /** chronyd -x (serve only) and -Q (query only) leave the clock alone; every other daemon is assumed to steer. */
    static boolean steers(ProcessInfo p) {
        if (p.name().equals("chronyd")) {
            return !p.args().contains("-x") && !p.args().contains("-Q");
        }
        return true;
    }

    private static String serviceOf(String name) {
        return name.equals("chronyd") ? "chrony" : name;
    }

    /** Reads this machine's facts from /proc. */
    public static SystemFacts inspect() {
        return new SystemFacts(effectiveCapabilities(Path.of("/proc/self/status")), processes(Path.of("/proc")));
    }

    static long effectiveCapabilities(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("CapEff:")) {
                    return Long.parseUnsignedLong(line.substring(7).trim(), 16);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: no evidence of the capability
        }
        return 0;
    }

    static List<ProcessInfo> processes(Path proc) {
        List<ProcessInfo> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(proc)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                String n = d.getFileName().toString();
                if (!n.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String comm = Files.readString(d.resolve("comm"), StandardCharsets.UTF_8).trim();
                    byte[] cmd = Files.readAllBytes(d.resolve("cmdline"));
                    List<String> args = new ArrayList<>();
                    for (String a : new String(cmd, StandardCharsets.UTF_8).split("\0")) {
                        if (!a.isEmpty()) {
                            args.add(a);
                        }
                    }
                    out.add(new ProcessInfo(Long.parseLong(n), comm, args));
                } catch (IOException e) {
                    // the process ended while we looked
                }
            }
        } catch (IOException e) {
            // no /proc: nothing to report
        }
        return out;
    }
}
