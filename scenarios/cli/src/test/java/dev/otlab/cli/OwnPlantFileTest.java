package dev.otlab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otlab.library.Library;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plant of the user's own, outside the library: architectures and scenarios name it by a path
 * relative to themselves or by its id with {@code --plant FILE}, and every command compares plants
 * by id, never by how a file spelled its reference (a path once failed {@code run} and {@code lab}
 * with LAB_PLANT_MISMATCH).
 */
class OwnPlantFileTest {

  /** {@code check}'s status for the flat design: its findings fail the check (2 is bad input). */
  private static final String FLAT_FAILS = "1";

  @TempDir Path dir;

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new String[] {Integer.toString(status), out.toString(), err.toString()};
  }

  /** The library's water treatment plant under another id, and a flat architecture naming it. */
  private Path site(String plantId, String plantRef) throws IOException {
    Path plants = Files.createDirectories(dir.resolve("plants"));
    Files.writeString(
        plants.resolve(plantId + ".yaml"),
        Library.read("plants", "water-treatment")
            .text()
            .replace("\nid: water-treatment\n", "\nid: " + plantId + "\n"));
    Path archs = Files.createDirectories(dir.resolve("architectures"));
    Path arch = archs.resolve("site-flat.yaml");
    Files.writeString(
        arch,
        Library.read("architectures", "water-treatment-flat")
            .text()
            .replace("\nplant: water-treatment\n", "\nplant: " + plantRef + "\n")
            .replace("\nid: water-treatment-flat\n", "\nid: site-flat\n"));
    return arch;
  }

  @Test
  void aPlantNamedByAPathRelativeToTheArchitectureIsTheArchitecturesPlantById() throws Exception {
    Path arch = site("own-plant-by-path", "../plants/own-plant-by-path.yaml");

    String[] r = run("check", arch.toString());

    assertThat(r[2]).isEmpty();
    assertThat(r[0]).isEqualTo(FLAT_FAILS);
    assertThat(r[1]).contains("architecture site-flat (plant own-plant-by-path)");
    // The same plant given to --plant is the architecture's plant, not a mismatch.
    r = run("check", "--plant", dir.resolve("plants/own-plant-by-path.yaml").toString(), "" + arch);
    assertThat(r[2]).isEmpty();
    assertThat(r[0]).isEqualTo(FLAT_FAILS);
  }

  /** The container lab's images carry the library: compose refuses a plant from elsewhere. */
  @Test
  void composeRefusesAPlantTheContainerImagesDoNotCarry() throws Exception {
    Path arch = site("own-plant-compose", "../plants/own-plant-compose.yaml");

    String[] r = run("compose", "--architecture", arch.toString());

    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2])
        .contains("COMPOSE_OUTSIDE_LIBRARY", "own-plant-compose", "docker/build-images.sh");
    assertThat(r[1]).isEmpty();
  }

  @Test
  void aPlantNamedByIdIsFoundThroughThePlantOption() throws Exception {
    Path arch = site("own-plant-by-id", "own-plant-by-id");
    String plant = dir.resolve("plants/own-plant-by-id.yaml").toString();

    String[] without = run("check", arch.toString());
    assertThat(without[0]).isEqualTo("2");
    assertThat(without[2]).contains("No plant named 'own-plant-by-id'");

    String[] with = run("check", "--plant", plant, arch.toString());
    assertThat(with[2]).isEmpty();
    assertThat(with[0]).isEqualTo(FLAT_FAILS);
    assertThat(with[1]).contains("(plant own-plant-by-id)");

    String[] other = run("check", "--plant", plant, "water-treatment-flat");
    assertThat(other[0]).isEqualTo("2");
    assertThat(other[2])
        .contains("LAB_PLANT_MISMATCH", "drawn for plant 'water-treatment', not 'own-plant-by-id'");
  }

  @Test
  void aFileMayNotTakeTheIdOfALibraryPlantWithOtherContents() throws Exception {
    Path fake = dir.resolve("water-treatment-mine.yaml");
    Files.writeString(
        fake,
        Library.read("plants", "water-treatment")
            .text()
            .replace("{name: raw_area, value: 5.0,", "{name: raw_area, value: 6.0,"));

    String[] r = run("check", "--plant", fake.toString(), "water-treatment-flat");

    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2])
        .contains("PLANT_ID_TAKEN", "declares id 'water-treatment'", "an id of its own");
    // An identical copy is the library's plant, and is taken as such.
    Path copy = dir.resolve("copy.yaml");
    Files.writeString(copy, Library.read("plants", "water-treatment").text());
    assertThat(run("check", "--plant", copy.toString(), "water-treatment-flat")[0])
        .isEqualTo(FLAT_FAILS);
  }
}
