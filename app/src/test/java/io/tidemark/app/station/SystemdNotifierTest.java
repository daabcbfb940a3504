package io.tidemark.app.station;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The datagrams reach a real unix socket, read by another program (python3) as systemd would read them. */
class SystemdNotifierTest {

    /** Starts a python3 receiver on {@code socketName}; returns the process, its "listening" line already read. */
    static Process receiver(String socketName, int messages) throws Exception {
        String script = String.join("\n",
                "import socket, sys",
                "name = sys.argv[1]",
                "addr = '\\0' + name[1:] if name.startswith('@') else name",
                "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
                "s.bind(addr)",
                "s.settimeout(20)",
                "print('listening', flush=True)",
                "for _ in range(int(sys.argv[2])):",
                "    print(repr(s.recv(4096).decode()), flush=True)");
        Process p = new ProcessBuilder("python3", "-c", script, socketName, Integer.toString(messages))
                .redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("listening", r.readLine());
        return p;
    }

    static List<String> lines(Process p) throws Exception {
        List<String> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        for (String l; (l = r.readLine()) != null; ) {
            out.add(l);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join("\n", out));
        return out;
    }

    @Test
    void readyStatusWatchdogAndStoppingArriveAsDatagrams(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("notify");
        Process p = receiver(socket.toString(), 4);
        SystemdNotifier n = SystemdNotifier.from(Map.of("NOTIFY_SOCKET", socket.toString()), 42);
        assertTrue(n.enabled());
        n.ready("recording 20261204T120000Z\n(8 ch)");
        n.status("recording, 1 file");
        n.watchdog();
        n.stopping("stopping on SIGTERM");
        assertEquals(List.of("'READY=1\\nSTATUS=recording 20261204T120000Z (8 ch)'", "'STATUS=recording, 1 file'",
                "'WATCHDOG=1'", "'STOPPING=1\\nSTATUS=stopping on SIGTERM'"), lines(p));
        assertTrue(Files.exists(socket));
    }

    @Test
    void theAbstractNamespaceIsReachedToo() throws Exception {
        String name = "@tidemark-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Process p = receiver(name, 1);
        SystemdNotifier.from(Map.of("NOTIFY_SOCKET", name), 1).watchdog();
        assertEquals(List.of("'WATCHDOG=1'"), lines(p));
    }

    @Test
    void withoutASocketNothingIsSentAndTheWatchdogIntervalIsForThisPidOnly() {
        SystemdNotifier off = SystemdNotifier.from(Map.of(), 7);
        assertFalse(off.enabled());
        off.ready("nothing listens"); // must not throw
        assertEquals(30_000_000_000L, SystemdNotifier.from(Map.of("WATCHDOG_USEC", "30000000"), 7)
                .watchdogIntervalNs().orElseThrow());
        assertEquals(30_000_000_000L, SystemdNotifier.from(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "7"), 7)
                .watchdogIntervalNs().orElseThrow());
        assertTrue(SystemdNotifier.from(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "8"), 7)
                .watchdogIntervalNs().isEmpty(), "the watchdog is meant for another process");
    }

    @Test
    void aSocketThatIsGoneIsLoggedNotThrown(@TempDir Path dir) {
        SystemdNotifier.from(Map.of("NOTIFY_SOCKET", dir.resolve("nobody").toString()), 1).status("no one reads this");
    }
}
