package dev.digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.digitnet.data.ood.Doodles;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** {@code digitnet photos --doodles}: photographed doodles of every kind, scored beside the digits. */
class PhotosCliTest {

    @Test
    void photographedDoodlesAreReportedPerSplitAndKind() {
        CliRun run = CliRun.run("photos", "--model", "xs", "--per-style", "2", "--styles", "plain,legal-pad",
                "--doodles", "2", "--json");
        assertEquals(0, run.status(), run.err());
        JsonObject out = JsonParser.parseString(run.out()).getAsJsonObject();
        assertEquals(4, out.getAsJsonObject("all").get("pictures").getAsInt(), "the digits are scored as before");
        JsonObject groups = out.getAsJsonObject("not_digits");
        for (Doodles.Split split : Doodles.Split.values()) {
            String group = "doodles, " + split.id() + " kinds";
            JsonObject g = groups.getAsJsonObject(group);
            Set<String> kinds = Doodles.kinds(split).stream().map(Doodles.Kind::id).collect(Collectors.toSet());
            assertEquals(2 * kinds.size(), g.get("pictures").getAsInt(), group);
            assertEquals(kinds, g.getAsJsonObject("accepted_per_kind").keySet(), group + ": every kind, and only its split's");
            double accepted = g.get("accepted").getAsDouble();
            assertTrue(accepted >= 0 && accepted <= 1, group + " " + accepted);
        }
        // Trained kinds are mostly refused even as photos (6.5 % accepted on the full benchmark).
        assertTrue(groups.getAsJsonObject("doodles, trained kinds").get("accepted").getAsDouble() < 0.5, groups.toString());
    }

    @Test
    void aNegativeCountIsRefusedInOneLine() {
        CliRun run = CliRun.run("photos", "--model", "xs", "--doodles", "-1");
        assertNotEquals(0, run.status());
        assertTrue(run.err().contains("--doodles must be 0 to 1000"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }
}
