package dev.digitnet.cli;

import dev.digitnet.runtime.Device;
import dev.digitnet.runtime.InferenceEngine;
import dev.digitnet.runtime.ModelReference;
import dev.digitnet.runtime.RuntimeOptions;
import dev.digitnet.runtime.Workload;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --engine pytorch|onnxruntime} and {@code --device cpu|gpu}: which runtime answers, and
 * where. Each command's default engine is its {@link Workload}'s, which the help shows.
 */
final class EngineOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--engine", paramLabel = "ENGINE", converter = EngineConverter.class,
            description = "inference engine: pytorch (libtorch through DJL) or onnxruntime (the model exported to ONNX "
                    + "in memory); default: ${DEFAULT-VALUE}, the faster one measured for this command "
                    + "(docs/benchmarks.md), and onnxruntime for a .onnx --model")
    InferenceEngine engine;

    @Option(names = "--device", paramLabel = "DEVICE", converter = DeviceConverter.class,
            description = "where the engine runs: cpu, or gpu in a build with a GPU engine (default: ${DEFAULT-VALUE})")
    Device device = Device.CPU;

    EngineOptions(Workload workload) {
        this.engine = workload.defaultEngine();
    }

    /** The engine given with {@code --engine}, or {@code null} when the command's default applies. */
    InferenceEngine asked() {
        return command.commandLine().getParseResult().hasMatchedOption("--engine") ? engine : null;
    }

    /** Options for {@code model}: the engine asked for, else the one for that model and command; the device; the threads. */
    RuntimeOptions runtime(ModelReference model, int threads) {
        InferenceEngine asked = asked();
        return new RuntimeOptions(asked != null ? asked : model.defaultEngine(engine), device, threads);
    }

    static final class EngineConverter implements ITypeConverter<InferenceEngine> {
        @Override
        public InferenceEngine convert(String value) {
            try {
                return InferenceEngine.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class DeviceConverter implements ITypeConverter<Device> {
        @Override
        public Device convert(String value) {
            try {
                return Device.of(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
