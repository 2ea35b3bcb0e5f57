package dev.otlab.scoring.arch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.otlab.library.ArchitectureLoader;
import dev.otlab.library.Library;
import dev.otlab.network.ArchitectureSpec;
import dev.otlab.network.HostRole;
import dev.otlab.network.HostSpec;
import dev.otlab.scoring.arch.AttackPaths.AttackPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped architectures: schema, loader, and what {@code otlab check} must say about each. */
class LibraryArchitecturesTest {

  static final Path DIR = Path.of("..", "library", "architectures");

  /** Every library plant: each ships the four reference designs. */
  static final List<String> PLANTS = Library.names("plants");

  static Stream<Path> files() throws Exception {
    try (Stream<Path> s = Files.list(DIR)) {
      return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  static Schema schema() throws Exception {
    JsonNode schemaNode =
        new ObjectMapper()
            .readTree(Path.of("..", "library", "schemas", "architecture.schema.json").toFile());
    return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
        .getSchema(schemaNode);
  }

  @ParameterizedTest
  @MethodSource("files")
  void matchesTheSchemaAndLoads(Path file) throws Exception {
    JsonNode node = dev.otlab.library.Reader.yaml().readTree(file.toFile());
    List<Error> errors = schema().validate(node);
    assertThat(errors).as(file + " against the schema").isEmpty();
    ArchitectureSpec a = ArchitectureLoader.load(file.toString());
    assertThat(file.getFileName().toString()).isEqualTo(a.id() + ".yaml");
    assertThat(Files.readString(file))
        .as("comment block")
        .startsWith("# ")
        .contains("Known weaknesses");
  }

  @Test
  void everyPlantHasTheFourDesignsInTheIndex() {
    for (String plant : PLANTS) {
      for (String design : List.of("flat", "purdue-dmz", "purdue-dmz-dpi", "vendor-backdoor")) {
        assertThat(Library.names("architectures")).contains(plant + "-" + design);
      }
    }
  }

  @Test
  void checkFlagsFlatAndVendorBackdoorAndPassesDpi() {
    for (String plant : PLANTS) {
      CheckReport flat = CheckReport.of(ArchitectureLoader.load(plant + "-flat"));
      assertThat(flat.passed()).isFalse();
      assertThat(flat.findings())
          .filteredOn(f -> f.severity() == Severity.HIGH)
          .extracting(Finding::id)
          .contains("sis-shared-zone", "it-ot-skips-dmz", "opcua-insecure", "weak-credentials");

      CheckReport vendor = CheckReport.of(ArchitectureLoader.load(plant + "-vendor-backdoor"));
      assertThat(vendor.passed()).isFalse();
      assertThat(vendor.findings())
          .filteredOn(f -> f.severity() == Severity.HIGH)
          .allSatisfy(
              f -> assertThat(f.elements()).anySatisfy(e -> assertThat(e).contains("vendor")))
          .extracting(Finding::id)
          .contains("it-ot-skips-dmz", "write-into-control");

      CheckReport dpi = CheckReport.of(ArchitectureLoader.load(plant + "-purdue-dmz-dpi"));
      // Low findings only, but for the office account that also opens the jump host: medium,
      // since the engineering account behind it needs a second factor.
      assertThat(dpi.findings())
          .as(plant + " dpi")
          .filteredOn(f -> f.severity() != Severity.LOW)
          .extracting(f -> f.id() + " " + f.severity() + " " + f.elements().get(0))
          .containsExactly("credential-reuse MEDIUM account:office-user");
      assertThat(dpi.passed()).isTrue();

      CheckReport l4 = CheckReport.of(ArchitectureLoader.load(plant + "-purdue-dmz"));
      assertThat(l4.findings())
          .filteredOn(f -> f.severity() == Severity.HIGH)
          .extracting(Finding::id)
          .contains("write-into-control", "opcua-insecure", "sis-reachable", "credential-reuse");
    }
  }

  @Test
  void dpiAllowsExactlyTheIntendedOperations() {
    Reachability r = new Reachability(ArchitectureLoader.load("water-treatment-purdue-dmz-dpi"));
    // HMI: reads everything, writes holding registers only (FC 6, 16), inside the PLC's map.
    var hmi = r.access("hmi-1", "plc-dosing", Service.MODBUS).orElseThrow();
    assertThat(hmi.best().operations().functionCodes()).containsExactly(1, 2, 3, 4, 6, 16);
    assertThat(hmi.best().operations().ranges())
        .extracting(x -> x.first() + ".." + x.last())
        .containsExactly("0..5");
    assertThat(r.access("hmi-1", "plc-dosing", Service.OPCUA)).isEmpty();
    // Historian: read only, on both protocols, OPC UA signed so the conduit sees the services.
    assertThat(r.access("historian", "plc-intake", Service.MODBUS).orElseThrow().writeCapable())
        .isFalse();
    var ua = r.access("historian", "plc-intake", Service.OPCUA).orElseThrow();
    assertThat(ua.writeCapable()).isFalse();
    assertThat(ua.best().operations().minSecurity().name()).isEqualTo("SIGN");
    // Engineering writes; nobody outside the safety zone writes the SIS.
    assertThat(r.access("eng-ws", "plc-treatment", Service.MODBUS).orElseThrow().writeCapable())
        .isTrue();
    ArchitectureSpec spec = r.spec();
    for (HostSpec h : spec.hosts()) {
      for (Service s : List.of(Service.MODBUS, Service.OPCUA)) {
        if (!h.zones().contains("safety")) {
          r.access(h.id(), "sis-water", s)
              .ifPresent(a -> assertThat(a.writeCapable()).as(h.id() + " " + s).isFalse());
        }
      }
    }
    assertThat(r.access("historian", "sis-water", Service.MODBUS)).isEmpty();
    // The office reaches only the mirror and the jump host.
    assertThat(r.from("ws-1"))
        .extracting(a -> a.to() + " " + a.service())
        .containsExactlyInAnyOrder("hist-mirror http:80", "jump-1 rdp:3389");
  }

  @Test
  void attackPathsOnTheLibrary() {
    for (String plant : PLANTS) {
      List<String> controllers =
          ArchitectureLoader.load(plant + "-flat").hosts().stream()
              .filter(h -> h.role() == HostRole.PLC || h.role() == HostRole.SIS)
              .map(HostSpec::id)
              .toList();
      // dpi: the office and the DMZ reach no PLC and no SIS: the office account opens the jump
      // host, but the engineering account saved there needs a second factor.
      List<AttackPath> dpi =
          AttackPaths.compute(new Reachability(ArchitectureLoader.load(plant + "-purdue-dmz-dpi")));
      assertThat(dpi)
          .filteredOn(p -> p.origin().equals("enterprise") || p.origin().equals("dmz"))
          .hasSize(2 * controllers.size())
          .allSatisfy(p -> assertThat(p.reachable()).isFalse());
      // vendor backdoor: the vendor laptop writes every PLC in one hop, without any DPI rule.
      List<AttackPath> vendor =
          AttackPaths.compute(
              new Reachability(ArchitectureLoader.load(plant + "-vendor-backdoor")));
      assertThat(vendor)
          .filteredOn(p -> p.origin().equals("vendor") && p.target().startsWith("plc-"))
          .isNotEmpty()
          .allSatisfy(
              p -> {
                assertThat(p.entryPoints()).containsExactly("vendor-remote");
                assertThat(p.hops()).isEqualTo(1);
                assertThat(p.filteredRules()).isZero();
                assertThat(p.writeCapable()).isTrue();
              });
      // purdue-dmz (L4 only): from the DMZ, pivot on the weak engineering workstation, then any
      // PLC.
      List<AttackPath> l4 =
          AttackPaths.compute(new Reachability(ArchitectureLoader.load(plant + "-purdue-dmz")));
      assertThat(l4)
          .filteredOn(p -> p.origin().equals("dmz"))
          .hasSize(controllers.size())
          .allSatisfy(
              p -> {
                assertThat(p.hops()).isEqualTo(2);
                assertThat(p.steps().get(0).pivot()).isTrue();
                assertThat(p.steps().get(0).to()).isEqualTo("eng-ws");
                assertThat(p.writeCapable()).isTrue();
              });
      // From the office: the office engineer's domain account, taken on ws-1, opens the jump host
      // (strong credentials of its own), and the weak engineering workstation follows.
      assertThat(l4)
          .filteredOn(p -> p.origin().equals("enterprise"))
          .hasSize(controllers.size())
          .allSatisfy(
              p -> {
                assertThat(p.steps())
                    .extracting(AttackPaths.Step::to)
                    .startsWith("jump-1", "eng-ws");
                assertThat(p.steps().get(0).account()).isEqualTo("office-user");
                assertThat(p.steps().get(0).takenOn()).isEqualTo("ws-1");
                assertThat(p.writeCapable()).isTrue();
              });
      // flat: every target is held from the one zone, with no conduit at all.
      List<AttackPath> flat =
          AttackPaths.compute(new Reachability(ArchitectureLoader.load(plant + "-flat")));
      assertThat(flat)
          .hasSize(controllers.size())
          .allSatisfy(
              p -> {
                assertThat(p.hops()).isZero();
                assertThat(p.writeCapable()).isTrue();
              });
    }
  }
}
