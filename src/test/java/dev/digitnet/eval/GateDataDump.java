package dev.digitnet.eval;

import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistData;
import dev.digitnet.data.MnistStore;
import dev.digitnet.data.ood.FashionMnist;
import dev.digitnet.data.ood.OodBenchmark;
import dev.digitnet.data.ood.OodSet;
import dev.digitnet.data.ood.PenDigits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes the not-a-digit fit's pictures as raw files for the pixel-gate experiment outside the
 * project (not a test; scripts/gate-experiment.py reads the folder): the head's training and
 * validation groups exactly as {@code fit-head} makes them, the MNIST test digits clean and
 * redrawn with the pen, and the benchmark's sets of the test seed, each as little-endian float32
 * [count, 32, 32] plus a line in index.tsv (split, name, digit, count, tags file).
 */
public final class GateDataDump {

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        MnistData mnist = new MnistStore(MnistStore.defaultDirectory(), System.err::println).load();
        FashionMnist fashionTrain = FashionMnist.trainSplit(FashionMnist.defaultDirectory(), System.err::println);
        NotDigitHeadFit.Pictures p = NotDigitHeadFit.pictures(mnist, fashionTrain, NotDigitHeadFit.Sizes.DEFAULT,
                System.err::println);
        List<String> index = new ArrayList<>();
        for (var g : p.trainingGroups()) {
            write(out, index, "train", g.name(), g.digit(), g.pixels(), g.count(), null);
        }
        write(out, index, "val", "calibration clean", true, p.calibrationClean().pixels(), p.calibrationClean().count(), null);
        write(out, index, "val", "calibration augmented", true, p.calibrationAugmented().pixels(),
                p.calibrationAugmented().count(), null);
        write(out, index, "val", p.validationPenGroup().name(), true, p.validationPenGroup().pixels(),
                p.validationPenGroup().count(), null);
        for (var g : p.validationGroups()) {
            write(out, index, "val", g.name(), false, g.pixels(), g.count(), null);
        }
        DigitImages test = DigitImages.of(mnist.test());
        write(out, index, "test", "mnist test", true, test.pixels(), test.count(), null);
        DigitImages pen = PenDigits.redraw(mnist.test(), 0, mnist.test().count(), OodBenchmark.DEFAULT_SEED);
        write(out, index, "test", "mnist test pen", true, pen.pixels(), pen.count(), null);
        OodBenchmark bench = OodBenchmark.build(FashionMnist.defaultDirectory(), OodBenchmark.DEFAULT_SEED, System.err::println);
        for (OodSet set : bench.sets()) {
            write(out, index, "test", set.name(), false, set.pixels(), set.count(), set.items());
        }
        Files.write(out.resolve("index.tsv"), index);
    }

    private static void write(Path out, List<String> index, String split, String name, boolean digit, float[] pixels,
            int count, List<String> tags) throws IOException {
        String file = (split + "-" + name).replaceAll("[^A-Za-z0-9]+", "_").toLowerCase(Locale.ROOT);
        ByteBuffer b = ByteBuffer.allocate(pixels.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(pixels);
        Files.write(out.resolve(file + ".f32"), b.array());
        if (tags != null) {
            Files.write(out.resolve(file + ".tags"), tags);
        }
        index.add(String.join("\t", split, name, String.valueOf(digit), String.valueOf(count), file));
        System.err.printf(Locale.ROOT, "%s %s: %d%n", split, name, count);
    }
}
