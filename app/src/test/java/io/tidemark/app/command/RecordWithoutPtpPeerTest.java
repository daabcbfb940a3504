package io.tidemark.app.command;

import io.tidemark.app.CliRun;
import io.tidemark.common.Json;
import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.recorder.store.SessionReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tidemark record --ptp aes67 --interface lo} in real time with no PTP peer on the loopback: the
 * recording runs to its end, ptp_time_ns stays null, and the engine logs to clock_events that no
 * grandmaster was heard.
 */
class RecordWithoutPtpPeerTest {

    @Test
    void aRecordingWithoutAGrandmasterStillRecordsAndSaysSo(@TempDir Path out) throws Exception {
        CliRun run = CliRun.run("record", "--device", "sim", "--channels", "2", "--rate", "48000", "--bits", "16",
                "--duration", "6s", "--audio", "none", "--out", out.toString(), "--ptp", "aes67", "--interface", "lo",
                "--json");
        assertEquals(0, run.exitCode(), run.err());
        Path dir = Path.of(Json.MAPPER.readTree(run.out()).get("session").asText());
        List<BufferStamp> rows = new ArrayList<>();
        List<String> details = new ArrayList<>();
        try (SessionReader r = SessionReader.open(dir)) {
            assertEquals("completed", r.session().stopReason());
            r.forEachBuffer(rows::add);
            try (Statement s = r.connection().createStatement();
                 ResultSet rs = s.executeQuery("SELECT kind, state, detail FROM clock_events ORDER BY id")) {
                while (rs.next()) {
                    details.add(rs.getString(1) + " " + rs.getString(2) + ": " + rs.getString(3));
                }
            }
        }
        assertEquals(60, rows.size(), "6 s of 100 ms buffers");
        for (BufferStamp b : rows) {
            assertEquals(null, b.ptpTimeNs(), "no PTP time without a grandmaster");
            assertEquals(BufferStamp.SyncState.NONE, b.syncState());
        }
        assertTrue(details.stream().anyMatch(d -> d.startsWith("state NTP_ONLY: no PTP grandmaster heard")),
                "the missing grandmaster is logged: " + details);
    }
}
