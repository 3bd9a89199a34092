package dev.digitnet.runtime;

import dev.digitnet.model.DigitNetModel;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The engines of this build, by {@link InferenceEngine}, and the checks every opening goes through. */
final class Engines {

    private static final Map<InferenceEngine, EngineProvider> PROVIDERS = load();

    private Engines() {}

    private static Map<InferenceEngine, EngineProvider> load() {
        Map<InferenceEngine, EngineProvider> providers = new EnumMap<>(InferenceEngine.class);
        for (EngineProvider provider : ServiceLoader.load(EngineProvider.class, Engines.class.getClassLoader())) {
            providers.putIfAbsent(provider.engine(), provider);
        }
        return providers;
    }

    /**
     * The provider that runs these options: refused, in one line, before anything is loaded, when
     * this build lacks the engine or the engine cannot run on the device.
     */
    static EngineProvider forOptions(RuntimeOptions options) {
        EngineProvider provider = PROVIDERS.get(options.engine());
        if (provider == null) {
            throw new IllegalArgumentException("this build has no " + options.engine() + " engine (it has "
                    + PROVIDERS.keySet().stream().map(InferenceEngine::id).collect(Collectors.joining(" and ")) + ")");
        }
        if (!provider.devices().contains(options.device())) {
            List<String> able = new ArrayList<>();
            PROVIDERS.values().stream().filter(p -> p.devices().contains(options.device()))
                    .forEach(p -> able.add(p.engine().id()));
            throw new IllegalArgumentException(able.isEmpty()
                    ? "device " + options.device() + ": this build has no engine for it ("
                            + PROVIDERS.values().stream().map(p -> p.engine() + " runs on " + p.devices().stream()
                                    .map(Device::id).collect(Collectors.joining(", "))).collect(Collectors.joining("; "))
                            + "); use device cpu"
                    : "device " + options.device() + ": " + options.engine() + " cannot run on it in this build; "
                            + String.join(" or ", able) + " can");
        }
        return provider;
    }

    static InferenceModel open(DigitNetModel model, RuntimeOptions options) {
        EngineProvider provider;
        try {
            provider = forOptions(options);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return provider.open(model, options);
    }
}
