package dev.digitnet.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.digitnet.data.Fonts;
import dev.digitnet.data.MnistSplit;
import dev.digitnet.data.ood.Doodles;
import dev.digitnet.data.photos.PhotoBenchmark;
import dev.digitnet.data.photos.PhotoStyle;
import dev.digitnet.eval.PhotoReport;
import dev.digitnet.input.DigitInput;
import dev.digitnet.input.ImageDecoder;
import dev.digitnet.input.InputTrace;
import dev.digitnet.input.ModelInput;
import dev.digitnet.io.AtomicFiles;
import dev.digitnet.predict.DigitClassifier;
import dev.digitnet.runtime.ModelReference;
import dev.digitnet.runtime.RuntimeOptions;
import dev.digitnet.runtime.Workload;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code digitnet photos}: the photo benchmark. Photo-like pictures of MNIST test digits on paper
 * ({@link PhotoBenchmark}), each read as an upload is ({@link DigitInput}: JPEG bytes in) and
 * classified, with figures per style; the held-out styles apart.
 */
@Command(name = "photos", mixinStandardHelpOptions = true,
        description = "Score a model on generated photos of digits on paper (lines, light, noise, JPEG), per style.")
final class PhotosCommand implements Callable<Integer> {

    @Mixin ModelOptions modelOptions;
    /** Pictures one at a time, as {@code predict} reads them, on every core. */
    @Mixin EngineOptions engineOptions = new EngineOptions(Workload.SINGLE_IMAGES);
    @Mixin DataOptions data;

    @Option(names = "--per-style", paramLabel = "N", description = "pictures per style (default: ${DEFAULT-VALUE})")
    int perStyle = 300;

    @Option(names = "--seed", description = "seed of the pictures (default: ${DEFAULT-VALUE})")
    long seed = PhotoBenchmark.DEFAULT_SEED;

    @Option(names = "--styles", split = ",", paramLabel = "STYLE",
            description = "styles to run (default: all): plain, ruled, squared, pencil, shadow, dim; "
                    + "held out: legal-pad, desk-edge, dot-grid, phone-big")
    List<String> styles;

    @Option(names = "--examples", paramLabel = "DIR",
            description = "write the first pictures of each style (photo, cleaned picture, 28×28) and a contact sheet here")
    Path examples;

    @Option(names = "--misread", paramLabel = "DIR",
            description = "write every picture read wrong or refused (photo, cleaned picture, 28×28) here")
    Path misread;

    @Option(names = "--doodles", paramLabel = "N", description = "also photograph N pen doodles of each doodle kind, "
            + "trained and held-out kinds (docs/trust.md), in the same scenes, and report the share accepted as a digit "
            + "(default: ${DEFAULT-VALUE}: none)")
    int doodles = 0;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    static final int EXAMPLES = 4;

    @Override
    public Integer call() throws Exception {
        if (perStyle < 1 || perStyle > 100_000) {
            throw new IllegalArgumentException("--per-style must be 1 to 100000, got " + perStyle);
        }
        if (doodles < 0 || doodles > 1_000) {
            throw new IllegalArgumentException("--doodles must be 0 to 1000 (per kind), got " + doodles);
        }
        List<PhotoStyle> chosen = styles == null ? PhotoStyle.all() : styles.stream().map(PhotoStyle::byId).toList();
        MnistSplit test = data.load().test();
        PhotoBenchmark benchmark = new PhotoBenchmark(test, seed);
        PhotoReport report = new PhotoReport(seed);
        int threads = Runtime.getRuntime().availableProcessors();
        List<List<BufferedImage[]>> sheet = new ArrayList<>();
        ModelReference reference = modelOptions.reference();
        RuntimeOptions runtime = engineOptions.runtime(reference, RuntimeOptions.threadsPerPredictor(threads));
        try (DigitClassifier classifier = DigitClassifier.of(reference.open(runtime), threads)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                for (PhotoStyle style : chosen) {
                    List<Future<BufferedImage[]>> jobs = new ArrayList<>();
                    for (int i = 0; i < perStyle; i++) {
                        int index = i;
                        jobs.add(pool.submit(() -> one(benchmark, classifier, report, style, index)));
                    }
                    List<BufferedImage[]> row = new ArrayList<>();
                    for (Future<BufferedImage[]> job : jobs) {
                        BufferedImage[] pair = job.get();
                        if (pair != null) {
                            row.add(pair);
                        }
                    }
                    sheet.add(row);
                    if (!json) {
                        System.err.printf(Locale.ROOT, "%s: %d pictures%n", style.id(), perStyle);
                    }
                }
                for (Doodles.Split split : doodles == 0 ? List.<Doodles.Split>of() : List.of(Doodles.Split.values())) {
                    photographDoodles(split, chosen, classifier, report, pool);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        if (examples != null) {
            writeSheet(chosen, sheet, examples.resolve("photos-sheet.png"));
        }
        if (json) {
            JsonObject out = report.toJson();
            out.addProperty("model", reference.describe());
            out.addProperty("per_style", perStyle);
            System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(out));
        } else {
            System.out.println("Photo benchmark, " + reference.describe() + ", " + perStyle + " pictures per style");
            System.out.print(report.toText());
        }
        return 0;
    }

    /**
     * {@link #doodles} doodles of each kind of the split, in turn, photographed in the chosen styles
     * in turn (so each kind meets every style), read and classified like the digits; what is counted
     * is whether each is accepted as a digit.
     */
    private void photographDoodles(Doodles.Split split, List<PhotoStyle> chosen, DigitClassifier classifier,
            PhotoReport report, ExecutorService pool) throws Exception {
        List<Doodles.Kind> kinds = Doodles.kinds(split);
        String group = "doodles, " + split.id() + " kinds";
        MnistSplit ink = Doodles.asMnist("photographed " + group, seed, kinds, doodles * kinds.size());
        PhotoBenchmark pictures = new PhotoBenchmark(ink, seed);
        List<Future<?>> jobs = new ArrayList<>();
        for (int i = 0; i < ink.count(); i++) {
            int index = i;
            jobs.add(pool.submit(() -> {
                PhotoStyle style = chosen.get(index / kinds.size() % chosen.size());
                PhotoBenchmark.Photo photo = pictures.make(style, index, index);
                ModelInput input = DigitInput.read(photo.jpeg());
                report.addNonDigit(group, kinds.get(index % kinds.size()).id(), classifier.classify(input).isDigit());
                return null;
            }));
        }
        for (Future<?> job : jobs) {
            job.get();
        }
        if (!json) {
            System.err.printf(Locale.ROOT, "%s: %d pictures%n", group, ink.count());
        }
    }

    /** Makes, reads and classifies one picture; returns its photo and 28×28 when it is an example. */
    private BufferedImage[] one(PhotoBenchmark benchmark, DigitClassifier classifier, PhotoReport report,
            PhotoStyle style, int index) throws IOException {
        PhotoBenchmark.Photo photo = benchmark.make(style, index);
        InputTrace trace = new InputTrace();
        ModelInput input = DigitInput.read(photo.jpeg(), ImageDecoder.Limits.DEFAULT, ImageDecoder.Budget.NONE, trace);
        DigitClassifier.Classification c = classifier.classify(input);
        boolean correct = !c.empty() && c.best().digit() == photo.label();
        boolean refused = !c.isDigit();
        report.add(style, correct, refused, trace.route() == InputTrace.Route.PHOTO);
        String stem = style.id() + "-" + index + "-label" + photo.label();
        if (misread != null && (!correct || refused)) {
            write(misread, stem + "-read" + (c.empty() ? "blank" : c.best().digit()) + (refused ? "-refused" : ""), photo, trace);
        }
        if (index < EXAMPLES) {
            if (examples != null) {
                write(examples, stem, photo, trace);
            }
            return new BufferedImage[] {ImageIO.read(new ByteArrayInputStream(photo.jpeg())), trace.picture28()};
        }
        return null;
    }

    private static void write(Path dir, String stem, PhotoBenchmark.Photo photo, InputTrace trace) throws IOException {
        AtomicFiles.write(dir.resolve(stem + ".jpg"), photo.jpeg());
        trace.write(dir, stem);
    }

    /** One row per style: each example photo (160 px high) and beside it the 28×28 the model saw (×4). */
    private static void writeSheet(List<PhotoStyle> chosen, List<List<BufferedImage[]>> rows, Path file) throws IOException {
        int cell = 160, small = 112, label = 90, gap = 8;
        int cols = rows.stream().mapToInt(List::size).max().orElse(0);
        int width = label + cols * (cell * 4 / 3 + small + 3 * gap);
        int height = rows.size() * (cell + gap) + gap;
        BufferedImage sheet = new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setFont(Fonts.caption(Font.PLAIN, 12));
        for (int r = 0; r < rows.size(); r++) {
            int y = gap + r * (cell + gap);
            g.setColor(Color.BLACK);
            g.drawString(chosen.get(r).id(), 6, y + cell / 2);
            int x = label;
            for (BufferedImage[] pair : rows.get(r)) {
                BufferedImage photo = pair[0];
                int pw = photo.getWidth() * cell / photo.getHeight();
                g.drawImage(photo, x, y, pw, cell, null);
                x += pw + gap;
                if (pair[1] != null) {
                    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
                    g.drawImage(pair[1], x, y + (cell - small) / 2, small, small, null);
                    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                }
                x += small + 2 * gap;
            }
        }
        g.dispose();
        AtomicFiles.writeFile(file, AtomicFiles.Policy.OWNED, tmp -> ImageIO.write(sheet, "png", tmp.toFile()));
    }
}
