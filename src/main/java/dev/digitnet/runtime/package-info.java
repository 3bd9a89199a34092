/**
 * The runtime layer: how a model is found and run. {@link dev.digitnet.runtime.ModelReference}
 * reads a model reference (bundled name, model folder or {@code .onnx} file) and opens it with
 * {@link dev.digitnet.runtime.RuntimeOptions} (engine, device, threads) as an {@link
 * dev.digitnet.runtime.InferenceModel}; engines plug in as {@link
 * dev.digitnet.runtime.EngineProvider}s (PyTorch here, ONNX Runtime in {@code onnx});
 * {@link dev.digitnet.runtime.Workload} holds each job's default engine.
 *
 * <p>Depends on {@code model} only; {@code predict} builds classifiers over what it opens, and the
 * CLI, the server and the Java facade all load models through it.
 */
package dev.digitnet.runtime;
