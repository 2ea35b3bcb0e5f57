package dev.otlab.process.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.otlab.core.OtlabException;
import dev.otlab.process.CstrModel;
import dev.otlab.process.DrainingTankModel;
import dev.otlab.process.ModelParameters.Definition;
import dev.otlab.process.WaterTreatmentModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnitTest {

  private static final Dimension M = Dimension.LENGTH;
  private static final Dimension S = Dimension.TIME;
  private static final Dimension KG = Dimension.MASS;

  private static Unit u(String s) {
    return Unit.parse(s, "the test");
  }

  @Test
  void theUnitsThePlantFilesAndModelsUseParse() {
    List<String> used = new ArrayList<>();
    for (List<Definition> defs :
        List.of(
            WaterTreatmentModel.PARAMETERS, CstrModel.PARAMETERS, DrainingTankModel.PARAMETERS)) {
      defs.forEach(d -> used.add(d.unit()));
    }
    used.addAll(new WaterTreatmentModel().units().values());
    used.addAll(new CstrModel().units().values());
    // As scenarios/library/plants/*.yaml write them.
    used.addAll(List.of("m3/h", "mg/L", "g/h", "K", "K/K", "(g/h)/(mg/L)", "flag", "fraction"));
    used.addAll(List.of("mol/L", "s", "m", "bar", "Pa", "kPa", "W", "kW", "J", "%", "1/s", ""));
    for (String s : used) {
      assertThat(u(s).symbol()).isEqualTo(s.strip());
    }
  }

  @Test
  void scalesTakeValuesToSi() {
    assertThat(u("m^3/h").dimension()).isEqualTo(M.pow(3).over(S));
    assertThat(u("m^3/h").scale()).isCloseTo(1 / 3600.0, within(1e-18));
    assertThat(u("m3/h"))
        .extracting(Unit::dimension, Unit::scale)
        .containsExactly(u("m^3/h").dimension(), u("m^3/h").scale());
    assertThat(u("mg/L").dimension()).isEqualTo(KG.over(M.pow(3)));
    assertThat(u("mg/L").scale()).isCloseTo(1e-3, within(1e-18));
    assertThat(u("g/h").scale()).isCloseTo(1e-3 / 3600, within(1e-20));
    assertThat(u("L").scale()).isEqualTo(1e-3);
    assertThat(u("bar").toSi(2)).isEqualTo(2e5);
    assertThat(u("kPa").dimension()).isEqualTo(u("Pa").dimension());
    assertThat(u("kW").dimension()).isEqualTo(u("J/s").dimension());
    assertThat(u("W").dimension()).isEqualTo(KG.times(M.pow(2)).over(S.pow(3)));
    assertThat(u("%").toSi(50)).isEqualTo(0.5);
    assertThat(u("%").dimension().isNone()).isTrue();
    assertThat(u("1/s").dimension()).isEqualTo(S.pow(-1));
    assertThat(u("1/min").scale()).isCloseTo(1 / 60.0, within(1e-18));
    assertThat(u("J/(g K)").scale()).isEqualTo(1e3);
    assertThat(u("mol/(L min)").scale()).isCloseTo(1e3 / 60, within(1e-12));
    assertThat(u("(g/h)/(mg/L)").dimension()).isEqualTo(M.pow(3).over(S));
    assertThat(u("m/s^2").dimension()).isEqualTo(M.over(S.pow(2)));
    assertThat(u("s^-1")).extracting(Unit::dimension).isEqualTo(S.pow(-1));
    assertThat(u("kg m^2 s^-3")).extracting(Unit::dimension).isEqualTo(u("W").dimension());
    assertThat(u("m^3/h").fromSi(1 / 3600.0)).isCloseTo(1, within(1e-12));
    assertThat(u("K/K").dimension().isNone()).isTrue();
  }

  @Test
  void badUnitsSayWhereAndWhatToWrite() {
    assertThatThrownBy(() -> u("m^3/furlong"))
        .isInstanceOf(OtlabException.class)
        .hasMessageContaining("'m^3/furlong' of the test")
        .hasMessageContaining("position 5")
        .satisfies(
            e -> {
              OtlabException o = (OtlabException) e;
              assertThat(o.code()).isEqualTo("UNIT_UNKNOWN");
              assertThat(o.remedy()).contains("m", "bar", "kW");
            });
    assertThatThrownBy(() -> u("°C"))
        .hasMessageContaining("Celsius")
        .extracting(e -> ((OtlabException) e).remedy())
        .asString()
        .contains("K");
    assertThatThrownBy(() -> u("m^")).hasMessageContaining("whole-number exponent");
    assertThatThrownBy(() -> u("(m/s")).hasMessageContaining("')' is missing");
  }
}
