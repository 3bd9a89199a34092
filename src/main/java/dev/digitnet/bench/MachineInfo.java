package dev.digitnet.bench;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import com.google.gson.JsonObject;
import dev.digitnet.runtime.InferenceEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a benchmark figure was measured on: the machine, the library versions and the process's peak memory. */
public final class MachineInfo {

    private MachineInfo() {}

    /** The process's peak resident set (VmHWM), in MB; -1 where /proc is unavailable. */
    public static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Cores, OS, Java, DJL, the engine's version, CPU model and allocator. Only the engine that ran
     * is asked its version: asking libtorch would start it.
     */
    public static JsonObject describe(InferenceEngine engine) {
        JsonObject m = new JsonObject();
        m.addProperty("cores", Runtime.getRuntime().availableProcessors());
        m.addProperty("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.addProperty("java", System.getProperty("java.version"));
        m.addProperty("djl", Engine.getDjlVersion());
        if (engine == InferenceEngine.PYTORCH) {
            m.addProperty("pytorch", Engine.getInstance().getVersion());
        } else {
            m.addProperty("onnxruntime", OrtEnvironment.getEnvironment().getVersion());
        }
        m.addProperty("cpu", cpuModel());
        String preload = System.getenv("LD_PRELOAD");
        m.addProperty("allocator", preload == null || preload.isBlank() ? "glibc malloc" : preload);
        return m;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
