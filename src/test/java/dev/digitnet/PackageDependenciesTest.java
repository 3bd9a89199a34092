package dev.digitnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages depend on each other one way: no cycles, and the layers the design names stay where
 * it puts them (read from the sources' imports and qualified names).
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src", "main", "java", "dev", "digitnet");
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.digitnet\\.((?:[a-z]+\\.)*)[A-Z]");

    /** Package (relative to dev.digitnet, "" for the root) → the packages its main sources refer to. */
    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                String from = SOURCES.relativize(f.getParent()).toString().replace('/', '.').replace('\\', '.');
                Set<String> to = graph.computeIfAbsent(from, k -> new TreeSet<>());
                try {
                    for (String line : Files.readAllLines(f)) {
                        if (line.startsWith("package ")) {
                            continue;
                        }
                        Matcher m = REFERENCE.matcher(line);
                        while (m.find()) {
                            String target = m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1);
                            if (!target.equals(from)) {
                                to.add(target);
                            }
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        return graph;
    }

    @Test
    void thereAreNoCycles() throws IOException {
        Map<String, Set<String>> graph = dependencies();
        assertTrue(graph.size() > 8, "found the packages: " + graph.keySet());
        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            findCycle(graph, start, new ArrayList<>(List.of(start)), cycles);
        }
        assertEquals(List.of(), cycles);
    }

    private static void findCycle(Map<String, Set<String>> graph, String at, List<String> path, List<String> cycles) {
        for (String next : graph.getOrDefault(at, Set.of())) {
            if (next.equals(path.get(0))) {
                cycles.add(String.join(" -> ", path) + " -> " + next);
            } else if (!path.contains(next) && next.compareTo(path.get(0)) > 0) {
                path.add(next);
                findCycle(graph, next, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }

    @Test
    void theLayersStayInPlace() throws IOException {
        Map<String, Set<String>> graph = dependencies();
        assertEquals(Set.of(), graph.get("io"), "io is the bottom: it depends on nothing of ours");
        assertEquals(Set.of("model"), graph.get("runtime"), "runtime finds engines by ServiceLoader, never by name");
        assertTrue(!graph.get("model").contains("runtime") && !graph.get("data").contains("model"), graph.toString());
        // The one input path (bytes or pixels to the model's input) stands on data and io alone: the
        // CLI, the Java API and the server call it, never the other way, and the dataset side does
        // not read pictures (data.ood makes its pictures' inputs through it, as uploads are made).
        assertTrue(Set.of("data", "io").containsAll(graph.get("input")), "input: " + graph.get("input"));
        for (String below : List.of("io", "data", "data.photos", "model", "runtime", "onnx", "train")) {
            assertTrue(!graph.getOrDefault(below, Set.of()).contains("input"), below + " must not use input: " + graph.get(below));
        }
        for (String reader : List.of("predict", "serve", "bench")) {
            assertTrue(!graph.get(reader).contains("onnx"), reader + " loads models through runtime: " + graph.get(reader));
        }
    }
}
