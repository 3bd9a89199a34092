package dev.digitnet.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.data.MnistStore;
import dev.digitnet.data.ood.Doodles;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the head is trained on: the held-out doodle kinds never, every trained kind. */
class NotDigitHeadFitTest {

    @Test
    void theHeadNeverTrainsOnAHeldOutKind() {
        var mnist = new MnistStore(MnistStore.defaultDirectory(), System.out::println).load();
        int trainedKinds = Doodles.kinds(Doodles.Split.TRAINED).size();
        NotDigitHeadFit.Sizes tiny = new NotDigitHeadFit.Sizes(20, 10, 3 * trainedKinds, 0, 8, 10, 0);
        NotDigitHeadFit.Pictures pictures = NotDigitHeadFit.pictures(mnist, null, tiny, s -> { });
        Set<String> trained = new HashSet<>();
        Doodles.kinds(Doodles.Split.TRAINED).forEach(k -> trained.add(k.id()));
        assertEquals(trained, pictures.trainingDoodleKinds(), "every trained kind, and nothing else");
        for (Doodles.Kind k : Doodles.kinds(Doodles.Split.HELD_OUT)) {
            assertFalse(pictures.trainingDoodleKinds().contains(k.id()), k.id() + " is held out");
        }
        assertTrue(pictures.training().contains("doodles (trained kinds) " + 3 * trainedKinds), pictures.training());
        assertFalse(pictures.training().contains("doodles (held"), pictures.training());
    }

    @Test
    void kindsLeftOutAreNeitherTrainedNorInTheTrainedKindsValidationButASetOfTheirOwn() {
        var mnist = new MnistStore(MnistStore.defaultDirectory(), System.out::println).load();
        Set<Doodles.Kind> out = java.util.EnumSet.of(Doodles.Kind.SQUARE, Doodles.Kind.HASH);
        int kept = Doodles.kinds(Doodles.Split.TRAINED).size() - out.size();
        NotDigitHeadFit.Sizes tiny = new NotDigitHeadFit.Sizes(20, 10, 3 * kept, 0, 8, 10, 0);
        NotDigitHeadFit.Pictures pictures = NotDigitHeadFit.pictures(mnist, null, tiny, out, s -> { });
        assertEquals(kept, pictures.trainingDoodleKinds().size(), pictures.trainingDoodleKinds().toString());
        for (Doodles.Kind k : out) {
            assertFalse(pictures.trainingDoodleKinds().contains(k.id()), k.id() + " is left out");
        }
        var groups = pictures.validationGroups();
        var leftOut = groups.stream().filter(g -> g.name().equals(NotDigitHeadFit.LEFT_OUT_KINDS)).toList();
        assertEquals(1, leftOut.size(), "one validation set of the kinds left out");
        assertEquals(Doodles.PER_HELD_OUT_KIND * out.size(), leftOut.get(0).count());
        assertFalse(leftOut.get(0).digit());
        var trainedValidation = groups.stream().filter(g -> g.name().equals(dev.digitnet.data.ood.OodBenchmark.DOODLES_TRAINED))
                .findFirst().orElseThrow();
        assertEquals(Doodles.PER_TRAINED_KIND * kept, trainedValidation.count(), "the trained kinds' validation set shrinks");

        var noHeldOut = assertThrows(IllegalArgumentException.class, () -> NotDigitHeadFit.pictures(mnist, null, tiny,
                Set.of(Doodles.Kind.STAR), s -> { }));
        assertTrue(noHeldOut.getMessage().contains("star"), noHeldOut.getMessage());
    }
}
