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
    OwnSite site = new OwnSite(dir, "water-treatment", plantId);
    site.plant(plantId + ".yaml");
    return site.architecture("water-treatment-flat", "site-flat.yaml", plantRef);
  }

  @Test
  void aPlantNamedByAPathRelativeToTheArchitectureIsTheArchitecturesPlantById() throws Exception {
    Path arch = site("own-plant-by-path", "../plants/own-plant-by-path.yaml");

    String[] r = run("check", arch.toString());

    assertThat(r[2]).isEmpty();
    assertThat(r[0]).isEqualTo(FLAT_FAILS);
    assertThat(r[1]).contains("architecture own-plant-by-path-flat (plant own-plant-by-path)");
    // The same plant given to --plant is the architecture's plant, not a mismatch.
    r = run("check", "--plant", dir.resolve("plants/own-plant-by-path.yaml").toString(), "" + arch);
    assertThat(r[2]).isEmpty();
    assertThat(r[0]).isEqualTo(FLAT_FAILS);
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

  /**
   * The file that declared an id first is gone (a temporary folder deleted): a file that declares
   * the id now takes it, and the id then names it.
   */
  @Test
  void aPlantFileThatIsGoneGivesItsIdToTheNextFileThatDeclaresIt() throws Exception {
    Path first = dir.resolve("first");
    new OwnSite(first, "water-treatment", "own-plant-moved").plant("plant.yaml");
    assertThat(run("plant", first.resolve("plants/plant.yaml").toString(), "--describe")[0])
        .isEqualTo("0");
    Files.delete(first.resolve("plants/plant.yaml"));

    Path arch =
        new OwnSite(dir.resolve("second"), "water-treatment", "own-plant-moved")
            .architecture("water-treatment-flat", "flat.yaml", "../plants/plant.yaml");
    new OwnSite(dir.resolve("second"), "water-treatment", "own-plant-moved").plant("plant.yaml");

    String[] r = run("check", arch.toString());
    assertThat(r[2]).isEmpty();
    assertThat(r[0]).isEqualTo(FLAT_FAILS);
    assertThat(dev.otlab.library.PlantLoader.file("own-plant-moved"))
        .contains(dir.resolve("second/plants/plant.yaml").toAbsolutePath().normalize());
  }
}
