package io.tidemark.app.command;

import com.fasterxml.jackson.databind.JsonNode;
import io.tidemark.app.Tidemark;
import io.tidemark.common.Json;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DevicesCommandTest {

    @Test
    void devicesListsTheSimulatedDeviceAsTableAndJson() throws Exception {
        StringWriter table = new StringWriter();
        var cl = Tidemark.commandLine();
        cl.setOut(new PrintWriter(table));
        assertEquals(0, cl.execute("devices"));
        assertTrue(table.toString().startsWith("NAME "), table.toString());
        assertTrue(table.toString().lines().anyMatch(l -> l.startsWith("sim ") && l.contains("1-64")
                && l.contains("f32,s16,s24_3,s32") && l.contains("44.1,48,88.2,96,176.4,192")), table.toString());

        StringWriter json = new StringWriter();
        cl = Tidemark.commandLine();
        cl.setOut(new PrintWriter(json));
        assertEquals(0, cl.execute("devices", "--json"));
        JsonNode tree = Json.MAPPER.readTree(json.toString());
        JsonNode sim = tree.get(tree.size() - 1);
        assertEquals("sim", sim.get("name").asText());
        assertEquals(64, sim.get("maxChannels").asInt());
        assertEquals(6, sim.get("sampleRatesHz").size());
        assertTrue(sim.get("simulated").asBoolean());
    }
}
