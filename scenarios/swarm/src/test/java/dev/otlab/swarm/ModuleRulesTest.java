package dev.otlab.swarm;

import dev.otlab.testkit.Module;
import dev.otlab.testkit.ModuleRules;
import org.junit.jupiter.api.Test;

/** Holds this module to the dependency graph and library rules of {@link Module}. */
class ModuleRulesTest {

  @Test
  void usesOnlyTheModulesItMayReach() {
    ModuleRules.check(Module.SWARM);
  }
}
