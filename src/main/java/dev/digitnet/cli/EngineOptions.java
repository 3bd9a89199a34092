package dev.digitnet.cli;

import dev.digitnet.onnx.InferenceEngine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Option;

/**
 * {@code --engine pytorch|onnxruntime}: which runtime answers. Each command has its own default,
 * the faster one for its job on the measured machine (docs/benchmarks.md).
 */
final class EngineOptions {

    @Option(names = "--engine", paramLabel = "ENGINE", converter = EngineConverter.class,
            description = "inference engine: pytorch (libtorch through DJL) or onnxruntime (the model exported to ONNX); "
                    + "default: the faster one measured for the command (docs/benchmarks.md): onnxruntime for predict, "
                    + "evaluate and serve, pytorch for bench; always onnxruntime for a .onnx --model")
    InferenceEngine engine;

    /** The engine asked for, or the command's default. */
    InferenceEngine orDefault(InferenceEngine commandDefault) {
        return engine != null ? engine : commandDefault;
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
}
