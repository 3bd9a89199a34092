package dev.digitnet.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where an engine runs a forward pass. Which devices a build offers is up to its engines ({@link
 * EngineProvider#devices()}): this project's build has the CPU natives of libtorch and ONNX Runtime
 * (pom.xml), so asking it for a GPU is refused in one line rather than silently run on the CPU.
 */
public enum Device {
    CPU("cpu"),
    GPU("gpu");

    private final String id;

    Device(String id) {
        this.id = id;
    }

    /** The name on the command line and in JSON: {@code cpu} or {@code gpu}. */
    public String id() {
        return id;
    }

    /**
     * The device of that name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the choices
     */
    public static Device of(String name) {
        for (Device device : values()) {
            if (device.id.equals(name.toLowerCase(Locale.ROOT))) {
                return device;
            }
        }
        throw new IllegalArgumentException("unknown device '" + name + "': use "
                + Arrays.stream(values()).map(Device::id).collect(Collectors.joining(" or ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
