package dev.digitnet.runtime;

import ai.djl.pytorch.jni.JniUtils;
import com.google.gson.JsonObject;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ProbabilityModel;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;

/**
 * DJL's PyTorch engine (libtorch) over a loaded {@link DigitNetModel}: the engine that also trains.
 *
 * <p>libtorch has one intra-op thread setting for the whole process, read by each thread when it
 * first runs parallel work. So the threads of {@link RuntimeOptions} are applied when a model is
 * opened, before its predictors run: while models are open the one opened last decides, and when
 * the last closes the setting found before the first is restored. Inter-op threads are set to one
 * once per process: a DigitNet forward pass never runs inter-op work, so more only idle.
 *
 * <p>Runs on the CPU: the build carries libtorch's CPU natives (pom.xml), and models are made on
 * DJL's default device, which is then the CPU.
 */
public final class PyTorchEngine implements EngineProvider {

    /** Open models, the one opened last first. */
    private static final Deque<Model> OPEN = new ArrayDeque<>();
    private static int threadsBeforeFirst;
    private static boolean interOpSet;

    public PyTorchEngine() {
        // ServiceLoader's constructor: starts nothing (libtorch starts with the first model).
    }

    @Override
    public InferenceEngine engine() {
        return InferenceEngine.PYTORCH;
    }

    @Override
    public Set<Device> devices() {
        return EnumSet.of(Device.CPU);
    }

    @Override
    public InferenceModel open(DigitNetModel model, RuntimeOptions options) {
        Model opened = new Model(model, options);
        try {
            opened(opened);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return opened;
    }

    private static synchronized void opened(Model model) {
        if (OPEN.isEmpty()) {
            threadsBeforeFirst = JniUtils.getNumThreads();
        }
        if (!interOpSet) {
            interOpSet = true;
            try {
                if (JniUtils.getNumInteropThreads() != 1) {
                    JniUtils.setNumInteropThreads(1);
                }
            } catch (RuntimeException e) {
                // libtorch fixes inter-op threads once parallel work has started; they idle anyway.
            }
        }
        OPEN.push(model);
        applyThreads(model.options.threads());
    }

    private static synchronized void closed(Model model) {
        if (OPEN.remove(model)) {
            applyThreads(OPEN.isEmpty() ? threadsBeforeFirst : OPEN.peek().options.threads());
        }
    }

    private static void applyThreads(int threads) {
        if (JniUtils.getNumThreads() != threads) {
            JniUtils.setNumThreads(threads);
        }
    }

    /** The model on libtorch; predictors share its weights. */
    private static final class Model implements InferenceModel {
        private final DigitNetModel model;
        private final RuntimeOptions options;

        Model(DigitNetModel model, RuntimeOptions options) {
            this.model = model;
            this.options = options;
        }

        @Override
        public RuntimeOptions options() {
            return options;
        }

        @Override
        public ProbabilityModel newProbabilityModel() {
            return model.newProbabilityModel();
        }

        @Override
        public JsonObject card() {
            return model.card();
        }

        @Override
        public void close() {
            closed(this);
            model.close();
        }
    }
}
