import ai.djl.pytorch.jni.JniUtils;
import dev.digitnet.data.DigitImages;
import dev.digitnet.data.MnistStore;
import dev.digitnet.model.ModelFamily;
import dev.digitnet.train.*;

public class Prof {
    public static void main(String[] a) throws Exception {
        String spec = a[0];
        int warm = 30, timed = Integer.parseInt(a[2]);
        var mnist = new MnistStore(MnistStore.defaultDirectory(), s -> {}).load();
        DigitImages train = DigitImages.of(mnist.train());
        TrainingRecipe card = TrainingRecipe.modelCard();
        int batch = card.batchSize();
        DigitImages images = train.first(batch * (warm + timed));
        TrainingRecipe recipe = card.toBuilder().epochs(1).batchSize(batch).warmupSteps(0)
                .schedule(TrainingRecipe.Schedule.CONSTANT).finalLearningRateRatio(1).build();
        try (TrainingSession session = TrainingSession.start(recipe, ModelFamily.config(spec))) {
            DigitNetTrainer.Builder trainer = DigitNetTrainer.builder().listener(new TrainingListener() {
                public void onStep(StepResult step) {
                    if (step.step() == warm) JniUtils.startProfile(false, true, false);
                }
            });
            trainer.augmentation(null);
            trainer.build().fit(session, images, images.first(0));
            JniUtils.stopProfile(a[1]);
        }
    }
}
