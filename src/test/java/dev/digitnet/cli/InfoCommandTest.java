package dev.digitnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InfoCommandTest {

    @Test
    void infoJsonReportsTheModelCardParameterCountAndFlops() {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = DigitNetCli.run("info", "--json");
        } finally {
            System.setOut(original);
        }
        assertEquals(0, status);
        JsonObject json = JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        assertEquals(531_888, json.get("parameters").getAsLong());
        // 2 × multiply-accumulates per image, by hand (per-pixel MACs × pixels):
        // stage1 (1→24, 32²): (25 + 96 + 2304 + 24) × 1024 = 2,507,776
        // stage2 (24→48, 16²): (600 + 4608 + 9216 + 1152) × 256 = 3,987,456
        // stage3 (48→96, 8²): (1200 + 18432 + 36864 + 4608) × 64 = 3,910,656, then 2 × (2400 + 36864 + 36864) × 64 = 9,744,384
        // stage4 (96→192, 4²): (2400 + 73728 + 147456 + 18432) × 16 = 3,872,256
        // head: 768 × 64 + 64 × 10 = 49,792 → total 24,072,320 MACs = 48,144,640 FLOPs
        assertEquals(48_144_640, json.get("flops").getAsLong());
        assertEquals(16, json.getAsJsonArray("layers").size(),
                "stem, 6 blocks, 3 max pools, average pool, the head's 2 dropouts, 2 linear layers and GELU");
    }
}
