package dev.digitnet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.digitnet.model.DigitNetModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadmeExampleTest {

    @Test
    void readmeShowsExactlyTheCompiledExample() throws Exception {
        String source = Files.readString(Path.of("src/test/java/dev/digitnet/ReadmeExample.java"));
        String snippet = source.substring(source.indexOf("// README:begin") + "// README:begin".length(),
                source.indexOf("// README:end")).stripIndent().strip();
        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains(snippet), "README.md must contain the example verbatim:\n" + snippet);
    }

    @Test
    void exampleClassifiesAHandDrawnSevenWithTheBundledModel(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(DigitNetModel.hasBundled(), "no bundled model in this build");
        BufferedImage image = new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 200, 200);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(16, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawPolyline(new int[] {50, 150, 85}, new int[] {40, 40, 170}, 3);
        g.dispose();
        Path png = dir.resolve("seven.png");
        ImageIO.write(image, "png", png.toFile());

        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            ReadmeExample.run(png);
        } finally {
            System.setOut(original);
        }
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("7 "), "top answer should be 7: " + lines);
    }
}
