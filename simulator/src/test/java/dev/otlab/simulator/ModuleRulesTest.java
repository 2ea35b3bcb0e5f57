package dev.otlab.simulator;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Keeps protocol libraries behind their adapters: only the modbus package touches j2mod and only
 * the opcua package touches Milo, so a library upgrade or swap stays inside one package.
 */
class ModuleRulesTest {

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.otlab");

  @Test
  void onlyTheModbusPackageUsesJ2mod() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.otlab.simulator.modbus..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("com.ghgande.j2mod..")
        .check(MAIN);
  }

  @Test
  void onlyTheOpcUaPackageUsesMilo() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.otlab.simulator.opcua..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.milo..")
        .check(MAIN);
  }

  @Test
  void theSimulatorDependsOnNoOtherOtlabModule() {
    noClasses()
        .that()
        .resideInAPackage("dev.otlab.simulator..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.otlab.scenarios..",
            "dev.otlab.attacks..",
            "dev.otlab.detection..",
            "dev.otlab.dashboard..")
        .check(MAIN);
  }
}
