package io.tidemark.app.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.CliRun;
import io.tidemark.common.Json;
import io.tidemark.common.UtcNanos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batch queries against a deployment of two sessions with a crash gap: each click's true UTC finds its
 * session and its click sample (±1); an instant in the gap says so in its row; malformed lines are each
 * reported with their line number and the others answered (exit 1). The same for --utc on a
 * deployment, and --samples-from on a session as CSV.
 */
class QueryBatchTest {

    @TempDir
    Path tmp;

    @Test
    void batchAnswersEveryLineSaysGapsAndNamesMalformedLines() throws Exception {
        Path deployment = tmp.resolve("deployment");
        List<List<long[]>> clicks = DeploymentIndexTest.twoSessions(deployment);
        long[] inA = clicks.get(0).get(5);
        long[] inB = clicks.get(1).get(5);
        long inGap = clicks.get(0).get(clicks.get(0).size() - 1)[1] + 3_000_000_000L;
        Path in = tmp.resolve("detections.txt");
        Files.writeString(in, String.join("\n", UtcNanos.toInstant(inA[1]).toString(), "not-a-time",
                UtcNanos.toInstant(inGap).toString(), "", "# a comment", UtcNanos.toInstant(inB[1]).toString(),
                "2026-13-45T99:00:00Z") + "\n");
        CliRun r = CliRun.run("query", deployment.toString(), "--utc-from", in.toString(), "--json");
        assertEquals(1, r.exitCode(), r.err());
        List<JsonNode> rows = r.out().lines().map(l -> {
            try {
                return Json.MAPPER.readTree(l);
            } catch (Exception e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertEquals(5, rows.size(), r.out());
        assertEquals("20261119T000000Z-sim", rows.get(0).get("session").asText());
        assertEquals(inA[0], rows.get(0).get("sample").asLong(), 1.0, rows.get(0).toString());
        assertNull(rows.get(0).get("problem").textValue());
        assertTrue(rows.get(1).get("problem").asText().startsWith("line 2:"), rows.get(1).toString());
        assertTrue(rows.get(2).get("problem").asText().contains("gap") && rows.get(2).get("problem").asText().contains("crash"),
                rows.get(2).toString());
        assertEquals("20261119T000037Z-sim", rows.get(3).get("session").asText());
        assertEquals(inB[0], rows.get(3).get("sample").asLong(), 1.0, rows.get(3).toString());
        assertTrue(rows.get(4).get("problem").asText().startsWith("line 7:"), rows.get(4).toString());
        assertTrue(r.err().contains("line 2") && r.err().contains("line 7"), r.err());

        CliRun one = CliRun.run("query", deployment.toString(), "--utc", UtcNanos.toInstant(inB[1]).toString(), "--json");
        assertEquals(0, one.exitCode(), one.err());
        JsonNode j = Json.MAPPER.readTree(one.out());
        assertEquals("20261119T000037Z-sim", j.get("session").asText());
        assertEquals(inB[0], j.get("sample").asLong(), 1.0);
        CliRun gap = CliRun.run("query", deployment.toString(), "--utc", UtcNanos.toInstant(inGap).toString());
        assertEquals(2, gap.exitCode());
        assertTrue(gap.userErrorLine().contains("crash"), gap.userErrorLine());

        Path samples = tmp.resolve("samples.txt");
        Files.writeString(samples, inB[0] + "\nx1\n");
        CliRun csv = CliRun.run("query", deployment.resolve("20261119T000037Z-sim").toString(), "--samples-from",
                samples.toString(), "--csv");
        assertEquals(1, csv.exitCode(), csv.err());
        List<String> lines = csv.out().lines().toList();
        assertEquals(3, lines.size(), csv.out());
        assertTrue(lines.get(0).startsWith("line,input,session,utc"), lines.get(0));
        long utcNs = Long.parseLong(lines.get(1).split(",")[4]);
        assertTrue(Math.abs(utcNs - inB[1]) < 50_000, "sample " + inB[0] + " at " + utcNs + ", truly " + inB[1]);
        assertTrue(lines.get(2).contains("line 2:"), lines.get(2));
    }
}
