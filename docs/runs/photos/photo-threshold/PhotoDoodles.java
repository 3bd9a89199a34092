import dev.digitnet.data.DigitImages;
import dev.digitnet.data.ood.Doodles;
import dev.digitnet.data.ood.Photographed;
import dev.digitnet.model.Calibration;
import dev.digitnet.model.DigitNetModel;
import dev.digitnet.model.ProbabilityModel;
import java.nio.file.Path;
import java.util.List;

/** Share of photographed doodles (trained kinds, seed 1; held-out kinds, seed 20240607) a model's check accepts, clean and photo thresholds. */
public class PhotoDoodles {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[1]);
        try (DigitNetModel model = DigitNetModel.load(Path.of(a[0])); ProbabilityModel p = model.newProbabilityModel()) {
            Calibration c = Calibration.of(model.metadata());
            for (Doodles.Split split : Doodles.Split.values()) {
                long seed = split == Doodles.Split.TRAINED ? 1 : 20240607L;
                List<Doodles.Kind> kinds = Doodles.kinds(split);
                DigitImages d = Photographed.generate(Doodles.asMnist("photographed doodles check", seed, kinds, n), seed, n);
                ProbabilityModel.Outputs out = p.outputs(d.pixels(), d.count(), 500);
                int clean = 0, photo = 0;
                int[] perKind = new int[Doodles.Kind.values().length];
                int[] total = new int[Doodles.Kind.values().length];
                for (int i = 0; i < d.count(); i++) {
                    boolean cl = c.check(out.logits()[i], out.notDigit()[i], d.image(i), d.side()).digit();
                    boolean ph = c.forPhotos().check(out.logits()[i], out.notDigit()[i], d.image(i), d.side()).digit();
                    clean += cl ? 1 : 0;
                    photo += ph ? 1 : 0;
                    total[d.labels()[i]]++;
                    perKind[d.labels()[i]] += ph ? 1 : 0;
                }
                StringBuilder kindsText = new StringBuilder();
                for (Doodles.Kind k : kinds) {
                    kindsText.append(String.format(java.util.Locale.ROOT, " %s %.0f%%", k.id(), 100.0 * perKind[k.ordinal()] / Math.max(1, total[k.ordinal()])));
                }
                System.out.printf(java.util.Locale.ROOT, "%s kinds, %d photographed doodles: accepted %.2f%% at the clean threshold %.3f, %.2f%% at the photo threshold %.3f;%s%n",
                        split, d.count(), 100.0 * clean / d.count(), c.maxNotDigit(), 100.0 * photo / d.count(), c.maxNotDigitPhoto(), kindsText);
            }
        }
    }
}
