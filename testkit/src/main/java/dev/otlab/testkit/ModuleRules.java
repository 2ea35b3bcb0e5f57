package dev.otlab.testkit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The architecture rules every module's {@code ModuleRulesTest} runs on its own main classes: it
 * uses only the modules {@link Module} lets it reach (never the test kit), Quarkus stays in the
 * dashboard, j2mod behind the simulator's Modbus adapter, Milo behind its OPC UA adapter and the
 * attacks that speak OPC UA themselves, Moquette and Paho behind its MQTT adapter, FMI4j behind the
 * process module's FMI adapter.
 */
public final class ModuleRules {

  private ModuleRules() {}

  /**
   * Checks the main classes of {@code module} (those on the test's class path) against the rules.
   */
  public static void check(Module module) {
    JavaClasses classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(module.rootPackage());
    if (classes.isEmpty()) {
      throw new AssertionError(
          "No main classes of module "
              + module
              + " in package "
              + module.rootPackage()
              + ": run the check from that module's tests.");
    }
    String own = module.rootPackage() + "..";
    Set<Module> reach = module.reach();
    List<String> forbidden = new ArrayList<>();
    for (Module other : EnumSet.complementOf(EnumSet.copyOf(reach))) {
      if (other != module) {
        forbidden.add(other.rootPackage() + "..");
      }
    }
    forbidden.add("dev.otlab.testkit..");
    noClasses()
        .that()
        .resideInAPackage(own)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(forbidden.toArray(String[]::new))
        .because(module + " may use only " + reach + " (testkit Module)")
        .check(classes);
    if (module != Module.DASHBOARD) {
      noClasses()
          .that()
          .resideInAPackage(own)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.quarkus..", "jakarta.ws.rs..", "jakarta.enterprise..")
          .because("every module but the dashboard is plain Java and runs headless")
          .allowEmptyShould(true)
          .check(classes);
    }
    noClasses()
        .that()
        .resideInAPackage(own)
        .and()
        .resideOutsideOfPackage("dev.otlab.simulator.modbus..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.ghgande.j2mod..")
        .because("j2mod stays behind the simulator's Modbus adapter")
        .allowEmptyShould(true)
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage(own)
        .and()
        .resideOutsideOfPackages("dev.otlab.simulator.opcua..", "dev.otlab.attacks..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.milo..")
        .because("Milo stays behind the OPC UA adapter and the attacks that speak OPC UA")
        .allowEmptyShould(true)
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage(own)
        .and()
        .resideOutsideOfPackage("dev.otlab.simulator.mqtt..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.moquette..", "org.eclipse.paho..")
        .because("the MQTT broker (Moquette) and client (Paho) stay behind simulator.mqtt")
        .allowEmptyShould(true)
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage(own)
        .and()
        .resideOutsideOfPackage("dev.otlab.process.fmi..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("no.ntnu.ihb.fmi4j..", "kotlin..")
        .because("FMI4j (and the Kotlin runtime it brings) stays behind process.fmi")
        .allowEmptyShould(true)
        .check(classes);
  }
}
