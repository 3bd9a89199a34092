/**
 * Benchmarks as library parts: training throughput ({@link dev.digitnet.bench.TrainingBenchmark}),
 * evaluation throughput and batch-1 latency ({@link dev.digitnet.bench.InferenceBenchmark}), the
 * HTTP server under load ({@link dev.digitnet.bench.ServerBenchmark}), and what they ran on
 * ({@link dev.digitnet.bench.MachineInfo}). {@code digitnet bench} only chooses among them and
 * prints; their JSON keys are what {@code scripts/compare-builds.sh} and
 * {@code scripts/compare-engines.sh} read.
 */
package dev.digitnet.bench;
