package dev.wharf.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many guests growing their memory at once under a small heap: the budget of all guests says no
 * to the late ones, and the container keeps answering.
 */
class MemoryBudgetIT {

    private static final Path JAR = Path.of(System.getProperty("wharf.jar", "target/wharf.jar"));

    @TempDir
    Path dir;

    @Test
    void eightyHogsUnderOneGigabyteLeaveTheContainerAnswering() throws Exception {
        byte[] hog;
        try (InputStream in = MemoryBudgetIT.class.getResourceAsStream("/guests/hog.wasm")) {
            hog = in.readAllBytes();
        }
        Path staging = Files.createDirectories(dir.resolve("staging"));
        for (int i = 0; i < 80; i++) {
            Files.write(staging.resolve("hog" + i + ".jar"), DeployFolderIT.jar("test.hog" + i, "hog" + i, hog, "hog.wasm"));
        }
        try (Container c = new Container(JAR, dir, "-Xmx1g")) {
            String budget = c.await(l -> l.contains("memory budget of all guests:"), 60_000, "the budget");
            c.await(l -> l.contains("component counter is ready"), 60_000, "start-up");
            for (int i = 0; i < 80; i++) {
                Files.move(staging.resolve("hog" + i + ".jar"), dir.resolve("deploy/hog" + i + ".jar"), StandardCopyOption.ATOMIC_MOVE);
            }
            Pattern ready = Pattern.compile(".*component hog\\d+ is ready.*");
            for (int i = 0; i < 80; i++) {
                c.await(l -> ready.matcher(l).matches(), 60_000, "hog " + i + " ready");
            }
            // every hog grows to its cap (256 pages, 16 MiB) as long as the budget lets it
            int full = 0;
            int refused = 0;
            long pages = 0;
            Pattern number = Pattern.compile("^(?:g! )?(\\d+)$");
            for (int i = 0; i < 80; i++) {
                c.command("wasm:invoke hog" + i + " grow");
                String line = c.await(l -> number.matcher(l.trim()).matches(), 30_000, "hog " + i + " grown");
                Matcher m = number.matcher(line.trim());
                assertThat(m.matches()).isTrue();
                int p = Integer.parseInt(m.group(1));
                pages += p;
                if (p == 256) {
                    full++;
                } else {
                    refused++;
                }
            }
            System.out.println("MemoryBudgetIT: -Xmx1g, " + budget.substring(budget.indexOf("memory budget")) + "; of 80 hogs "
                    + full + " reached their 256 pages, " + refused + " were refused growth; " + pages / 16 + " MiB held");
            assertThat(full).isGreaterThan(0);
            assertThat(refused).as("late hogs told no").isGreaterThan(0);
            // the container and every component still answer
            c.command("wasm:invoke calculator add 2 3");
            c.await(l -> l.endsWith("5"), 10_000, "calculator still answering");
            c.command("wasm:invoke hog79 answer");
            c.await(l -> l.endsWith("42"), 10_000, "the last hog still answering");
            // a new component now cannot even get its first page
            Files.write(dir.resolve("late.tmp"), DeployFolderIT.jar("test.hog.late", "late", hog, "hog.wasm"));
            Files.move(dir.resolve("late.tmp"), dir.resolve("deploy/late.jar"), StandardCopyOption.ATOMIC_MOVE);
            String no = c.await(l -> l.contains("late") && l.contains("memory budget of all guests is exhausted"), 10_000,
                    "the late component refused");
            System.out.println("MemoryBudgetIT: " + no.substring(no.indexOf("cannot deploy")));
            c.command("wasm:list");
            c.await(l -> l.contains("memory budget of all guests is exhausted"), 10_000, "wasm:list says why");
            c.stop();
        }
    }
}
