package dev.otlab.process.fmi;

import dev.otlab.core.OtlabException;
import dev.otlab.process.SteppedProcessModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import no.ntnu.ihb.fmi4j.FmiStatus;
import no.ntnu.ihb.fmi4j.importer.fmi2.CoSimulationSlave;
import no.ntnu.ihb.fmi4j.importer.fmi2.Fmu;
import no.ntnu.ihb.fmi4j.modeldescription.CoSimulationModelDescription;
import no.ntnu.ihb.fmi4j.modeldescription.ModelDescriptionProvider;
import no.ntnu.ihb.fmi4j.modeldescription.variables.Causality;
import no.ntnu.ihb.fmi4j.modeldescription.variables.ModelVariables;
import no.ntnu.ihb.fmi4j.modeldescription.variables.TypedScalarVariable;
import no.ntnu.ihb.fmi4j.modeldescription.variables.VariableType;
import org.jspecify.annotations.Nullable;

/**
 * An FMI 2.0 co-simulation FMU as a plant's process model. Opening it checks the file before any
 * native code runs (it exists, is a zip, carries a 64-bit Linux binary, supports co-simulation, has
 * every variable the binding names) and fails with otlab's own error codes; then FMI4j instantiates
 * the FMU, the binding's parameters and the inputs' start values are set, and the FMU is
 * initialized at t = 0.
 *
 * <p>Each {@link #step(double, double)} writes every input (so a snapshot restored by the
 * simulation never holds an input the plant has since changed), calls {@code fmi2DoStep} and reads
 * every bound output in one call per variable type. Inputs are clamped to the FMU variable's
 * declared {@code min} and {@code max}; a Boolean input is written as true from 0.5 up, an Integer
 * one rounded.
 *
 * <p>The FMU's events reach the plant as tags: an FMU that flags an event in a Boolean output (an
 * overflow, a rupture, a trip) has it bound to a tag reading 0 or 1, and a {@code SafetyLimit} on
 * that tag at 0.5 turns it into a {@code LimitCrossing}, located by {@code ProcessSimulation}
 * inside the step when the binding asks for snapshots ({@link FmuSpec#snapshots()}, see there why
 * not by default) and the FMU can save its state ({@code canGetAndSetFMUstate}).
 *
 * <p>Not thread-safe, like every process model. Close it to free the FMU instance, its native
 * library and the folder FMI4j extracted it to.
 */
public final class FmuProcessModel implements SteppedProcessModel {

  /** The FMI platform folder whose binary the lab loads. */
  static final String PLATFORM = "linux64";

  private static final String DESCRIPTION = "modelDescription.xml";

  private final FmuSpec spec;
  private final String kind;
  private final Fmu fmu;
  private final CoSimulationSlave slave;
  private final boolean canSnapshot;
  private final List<String> inputTags;
  private final Map<String, Integer> inputIndex = new LinkedHashMap<>();
  private final Map<String, Integer> outputIndex = new LinkedHashMap<>();
  private final Map<String, String> units;
  // Inputs, by type, in binding order; their current (clamped) values are in inputValues.
  private final Variables inputs;
  private final double[] inputValues;
  private final Variables outputs;
  private final double[] outputValues;
  private boolean outputsStale;
  private boolean closed;

  private FmuProcessModel(FmuSpec spec, Fmu fmu, CoSimulationModelDescription description) {
    this.spec = spec;
    this.fmu = fmu;
    this.kind = "fmu:" + description.getModelName();
    this.canSnapshot = spec.snapshots() && description.getAttributes().getCanGetAndSetFMUstate();
    ModelVariables variables = description.getModelVariables();
    Map<String, String> u = new LinkedHashMap<>();
    List<TypedScalarVariable<?>> out = new ArrayList<>();
    for (Map.Entry<String, String> b : spec.outputs().entrySet()) {
      TypedScalarVariable<?> v = variable(variables, b.getValue(), b.getKey());
      requireNumeric(v, b.getKey());
      outputIndex.put(b.getKey(), out.size());
      out.add(v);
      unit(v).ifPresent(unit -> u.put(b.getKey(), unit));
    }
    List<TypedScalarVariable<?>> in = new ArrayList<>();
    for (Map.Entry<String, String> b : spec.inputs().entrySet()) {
      TypedScalarVariable<?> v = variable(variables, b.getValue(), b.getKey());
      requireNumeric(v, b.getKey());
      if (v.getCausality() != Causality.INPUT) {
        throw new OtlabException(
            "FMU_BINDING_INVALID",
            "Tag '"
                + b.getKey()
                + "' is bound as an input to FMU variable '"
                + v.getName()
                + "', whose causality is "
                + causality(v)
                + ".",
            "Bind input tags to the FMU's inputs: " + names(variables, Causality.INPUT) + ".");
      }
      inputIndex.put(b.getKey(), in.size());
      in.add(v);
      unit(v).ifPresent(unit -> u.put(b.getKey(), unit));
    }
    for (String name : spec.parameters().keySet()) {
      TypedScalarVariable<?> v = variable(variables, name, name);
      requireNumeric(v, name);
      if (v.getCausality() != Causality.PARAMETER) {
        throw new OtlabException(
            "FMU_BINDING_INVALID",
            "FMU variable '"
                + name
                + "' is set as a parameter but its causality is "
                + causality(v)
                + ".",
            "Set only the FMU's parameters: " + names(variables, Causality.PARAMETER) + ".");
      }
    }
    this.inputs = new Variables(in);
    this.outputs = new Variables(out);
    this.inputValues = new double[in.size()];
    this.outputValues = new double[out.size()];
    this.inputTags = List.copyOf(spec.inputs().keySet());
    this.units = Collections.unmodifiableMap(u);
    this.slave = call("fmi2Instantiate", () -> fmu.asCoSimulationFmu().newInstance(kind));
    try {
      initialize(variables);
    } catch (RuntimeException e) {
      slave.close();
      throw e;
    }
  }

  /**
   * Opens and initializes the FMU a plant names.
   *
   * @throws OtlabException {@code FMU_FILE_MISSING}, {@code FMU_NOT_A_ZIP}, {@code
   *     FMU_DESCRIPTION_INVALID}, {@code FMU_NOT_COSIMULATION}, {@code FMU_NO_BINARY}, {@code
   *     FMU_VARIABLE_UNKNOWN}, {@code FMU_BINDING_INVALID} or {@code FMU_CALL_FAILED}
   */
  public static FmuProcessModel open(FmuSpec spec) {
    Path file = spec.file();
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new OtlabException(
          "FMU_FILE_MISSING",
          "There is no readable FMU file '" + file + "'.",
          "Give the path of an existing .fmu file (an FMI 2.0 co-simulation FMU).");
    }
    List<String> entries = entries(file);
    if (!entries.contains(DESCRIPTION)) {
      throw new OtlabException(
          "FMU_DESCRIPTION_INVALID",
          "FMU '" + file + "' has no " + DESCRIPTION + " at its root.",
          "Export the FMU again from its tool; every FMU carries its " + DESCRIPTION + ".");
    }
    Fmu fmu;
    try {
      fmu = Fmu.from(file.toFile());
    } catch (IOException | RuntimeException e) {
      throw new OtlabException(
          "FMU_DESCRIPTION_INVALID",
          "The " + DESCRIPTION + " of FMU '" + file + "' cannot be read: " + e.getMessage(),
          "Use an FMU exported for FMI 2.0 whose " + DESCRIPTION + " is valid.",
          e);
    }
    try {
      ModelDescriptionProvider md = fmu.getModelDescription();
      if (!md.getFmiVersion().startsWith("2.")) {
        throw new OtlabException(
            "FMU_DESCRIPTION_INVALID",
            "FMU '" + file + "' is for FMI " + md.getFmiVersion() + ".",
            "Export the model as an FMI 2.0 co-simulation FMU.");
      }
      if (!md.getSupportsCoSimulation()) {
        throw new OtlabException(
            "FMU_NOT_COSIMULATION",
            "FMU '"
                + file
                + "' ("
                + md.getModelName()
                + ") supports model exchange only; the lab steps FMUs by co-simulation.",
            "Export the model as a co-simulation FMU (FMI 2.0 Co-Simulation), with its solver"
                + " inside.");
      }
      CoSimulationModelDescription cs = md.asCoSimulationModelDescription();
      String binary =
          "binaries/" + PLATFORM + "/" + cs.getAttributes().getModelIdentifier() + ".so";
      if (!entries.contains(binary)) {
        TreeSet<String> platforms = new TreeSet<>();
        for (String e : entries) {
          String[] parts = e.split("/");
          if (parts.length > 2 && parts[0].equals("binaries")) {
            platforms.add(parts[1]);
          }
        }
        throw new OtlabException(
            "FMU_NO_BINARY",
            "FMU '"
                + file
                + "' has no "
                + binary
                + " for 64-bit Linux, where the lab runs; it carries binaries for "
                + (platforms.isEmpty() ? "no platform" : platforms.toString())
                + ".",
            "Export the FMU with a linux64 binary, or build one from its sources.");
      }
      return new FmuProcessModel(spec, fmu, cs);
    } catch (RuntimeException e) {
      fmu.close();
      throw e;
    }
  }

  private static List<String> entries(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      List<String> names = new ArrayList<>();
      for (ZipEntry e : Collections.list(zip.entries())) {
        names.add(e.getName());
      }
      return names;
    } catch (ZipException e) {
      throw new OtlabException(
          "FMU_NOT_A_ZIP",
          "File '" + file + "' is not an FMU: it is not a zip archive (" + e.getMessage() + ").",
          "Give the .fmu file itself, as the modelling tool exported it.",
          e);
    } catch (IOException e) {
      throw new OtlabException(
          "FMU_FILE_MISSING",
          "FMU file '" + file + "' cannot be read: " + e.getMessage(),
          "Check the file's permissions and that it is complete.",
          e);
    }
  }

  private void initialize(ModelVariables variables) {
    check("fmi2SetupExperiment", slave.setupExperiment());
    if (!spec.parameters().isEmpty()) {
      List<TypedScalarVariable<?>> ps = new ArrayList<>();
      for (String name : spec.parameters().keySet()) {
        ps.add(variable(variables, name, name));
      }
      Variables params = new Variables(ps);
      double[] values =
          spec.parameters().values().stream().mapToDouble(Double::doubleValue).toArray();
      params.write(this, values, "fmi2Set (parameters " + spec.parameters().keySet() + ")");
    }
    for (int i = 0; i < inputValues.length; i++) {
      Object start = inputs.variables.get(i).getStart();
      inputValues[i] = inputs.clamp(i, start instanceof Number n ? n.doubleValue() : 0);
    }
    inputs.write(this, inputValues, "fmi2Set (inputs)");
    check("fmi2EnterInitializationMode", slave.enterInitializationMode());
    check("fmi2ExitInitializationMode", slave.exitInitializationMode());
    readOutputs();
  }

  /** The binding this model was opened with. */
  public FmuSpec spec() {
    return spec;
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public List<String> inputTags() {
    return inputTags;
  }

  @Override
  public void setInput(String tag, double value) {
    int i = inputIndexOf(tag);
    if (Double.isNaN(value)) {
      throw new OtlabException(
          "PROCESS_INPUT_INVALID",
          "Input '" + tag + "' of process model '" + kind + "' cannot be NaN.",
          "Write a number.");
    }
    inputValues[i] = inputs.clamp(i, value);
    // An output may follow an input without a step (direct feedthrough): read it again when asked.
    outputsStale = true;
  }

  @Override
  public double input(String tag) {
    return inputValues[inputIndexOf(tag)];
  }

  @Override
  public Map<String, Double> values() {
    fresh();
    Map<String, Double> m = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : outputIndex.entrySet()) {
      m.put(e.getKey(), outputValues[e.getValue()]);
    }
    for (Map.Entry<String, Integer> e : inputIndex.entrySet()) {
      m.put(e.getKey(), inputValues[e.getValue()]);
    }
    return Collections.unmodifiableMap(m);
  }

  @Override
  public double value(String tag) {
    Integer o = outputIndex.get(tag);
    if (o != null) {
      fresh();
      return outputValues[o];
    }
    Integer i = inputIndex.get(tag);
    if (i != null) {
      return inputValues[i];
    }
    throw new OtlabException(
        "TAG_UNKNOWN",
        "Process model '" + kind + "' has no tag '" + tag + "'.",
        "Use one of: " + values().keySet() + ".");
  }

  @Override
  public Map<String, String> units() {
    return units;
  }

  @Override
  public double maxStep() {
    return spec.step();
  }

  @Override
  public void step(double from, double step) {
    requireOpen();
    inputs.write(this, inputValues, "fmi2Set (inputs)");
    if (!slave.doStep(from, step)) {
      throw failed(
          "fmi2DoStep from " + from + " s by " + step + " s",
          "The FMU failed a step; see its log messages, and check its parameters and the"
              + " communication step ("
              + spec.step()
              + " s).");
    }
    readOutputs();
  }

  @Override
  public Optional<Snapshot> snapshot() {
    if (!canSnapshot) {
      return Optional.empty();
    }
    requireOpen();
    long saved = slave.getFMUstate();
    if (saved == 0) {
      throw failed("fmi2GetFMUstate", "The FMU claims canGetAndSetFMUstate but saved no state.");
    }
    return Optional.of(new FmuSnapshot(saved));
  }

  /** Frees the FMU instance, its native library and its extracted files. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      slave.close();
    } finally {
      fmu.close();
    }
  }

  private final class FmuSnapshot implements Snapshot {
    private final long state;
    private boolean freed;

    FmuSnapshot(long state) {
      this.state = state;
    }

    @Override
    public void restore() {
      requireOpen();
      if (!slave.setFMUstate(state)) {
        throw failed("fmi2SetFMUstate", "The FMU could not go back to a state it saved.");
      }
      readOutputs();
    }

    @Override
    public void close() {
      if (!freed && !closed) {
        freed = true;
        slave.freeFMUstate(state);
      }
    }
  }

  private void fresh() {
    if (outputsStale) {
      inputs.write(this, inputValues, "fmi2Set (inputs)");
      readOutputs();
    }
  }

  private void readOutputs() {
    outputs.read(this, outputValues);
    outputsStale = false;
  }

  private int inputIndexOf(String tag) {
    Integer i = inputIndex.get(tag);
    if (i == null) {
      throw new OtlabException(
          "TAG_UNKNOWN",
          "Process model '" + kind + "' has no input '" + tag + "'.",
          "Use one of: " + inputTags + ".");
    }
    return i;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("FMU process model " + kind + " is closed");
    }
  }

  private void check(String call, boolean ok) {
    if (!ok) {
      throw failed(call, "See the FMU's log messages; the FMU may refuse a parameter value.");
    }
  }

  private void check(String call, FmiStatus status) {
    if (status != FmiStatus.OK && status != FmiStatus.Warning) {
      throw failed(call, status, "See the FMU's log messages; a variable may not be settable now.");
    }
  }

  private OtlabException failed(String call, String remedy) {
    return failed(call, slave.getLastStatus(), remedy);
  }

  private OtlabException failed(String call, FmiStatus status, String remedy) {
    return new OtlabException(
        "FMU_CALL_FAILED",
        "FMU '"
            + spec.file()
            + "' ("
            + kind
            + ") answered "
            + call
            + " with status "
            + status
            + ".",
        remedy);
  }

  /** Runs an FMI4j call that reports failure by throwing, as instantiation does. */
  private <T> T call(String call, Supplier<T> action) {
    try {
      return action.get();
    } catch (RuntimeException | LinkageError e) {
      throw new OtlabException(
          "FMU_CALL_FAILED",
          "FMU '" + spec.file() + "' (" + kind + ") failed " + call + ": " + e,
          "Check that the FMU's linux64 binary loads on this machine (its architecture and the"
              + " libraries it links against).",
          e);
    }
  }

  private static TypedScalarVariable<?> variable(
      ModelVariables variables, String name, String tag) {
    TypedScalarVariable<?> v = variables.getByNameOrNull(name);
    if (v == null) {
      List<String> all = new ArrayList<>();
      for (TypedScalarVariable<?> each : variables) {
        all.add(each.getName() + " (" + causality(each) + ")");
      }
      throw new OtlabException(
          "FMU_VARIABLE_UNKNOWN",
          "The FMU has no variable '"
              + name
              + "'"
              + (tag.equals(name) ? "" : " for tag '" + tag + "'")
              + ".",
          "Use one of the FMU's variables: " + all + ".");
    }
    return v;
  }

  private static void requireNumeric(TypedScalarVariable<?> v, String tag) {
    VariableType type = v.getType();
    if (type == VariableType.STRING) {
      throw new OtlabException(
          "FMU_BINDING_INVALID",
          "Tag '" + tag + "' is bound to FMU variable '" + v.getName() + "', a String.",
          "Bind tags to Real, Integer, Boolean or Enumeration variables: tags are numbers.");
    }
  }

  private static String causality(TypedScalarVariable<?> v) {
    return v.getCausality().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static List<String> names(ModelVariables variables, Causality causality) {
    List<String> out = new ArrayList<>();
    for (TypedScalarVariable<?> v : variables.getByCausality(causality)) {
      out.add(v.getName());
    }
    return out;
  }

  private static Optional<String> unit(TypedScalarVariable<?> v) {
    if (v.getType() == VariableType.REAL) {
      String unit = v.asRealVariable().getUnit();
      return Optional.ofNullable(unit);
    }
    return v.getType() == VariableType.BOOLEAN ? Optional.of("") : Optional.empty();
  }

  /**
   * Bound variables grouped by FMI type, so a read or a write is one native call per type; each
   * keeps its position in the binding order.
   */
  private static final class Variables {
    final List<TypedScalarVariable<?>> variables;
    final double[] min;
    final double[] max;
    final Group reals;
    final Group integers;
    final Group booleans;

    Variables(List<TypedScalarVariable<?>> variables) {
      this.variables = List.copyOf(variables);
      int n = variables.size();
      min = new double[n];
      max = new double[n];
      List<Integer> r = new ArrayList<>();
      List<Integer> i = new ArrayList<>();
      List<Integer> b = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        TypedScalarVariable<?> v = variables.get(k);
        min[k] = Double.NEGATIVE_INFINITY;
        max[k] = Double.POSITIVE_INFINITY;
        switch (v.getType()) {
          case REAL -> {
            r.add(k);
            min[k] = bound(v.asRealVariable().getMin(), Double.NEGATIVE_INFINITY);
            max[k] = bound(v.asRealVariable().getMax(), Double.POSITIVE_INFINITY);
          }
          case BOOLEAN -> {
            b.add(k);
            min[k] = 0;
            max[k] = 1;
          }
          default -> {
            // Integer and Enumeration travel as fmi2Integer.
            i.add(k);
            if (v.getType() == VariableType.INTEGER) {
              min[k] = bound(v.asIntegerVariable().getMin(), Double.NEGATIVE_INFINITY);
              max[k] = bound(v.asIntegerVariable().getMax(), Double.POSITIVE_INFINITY);
            }
          }
        }
      }
      reals = new Group(variables, r);
      integers = new Group(variables, i);
      booleans = new Group(variables, b);
    }

    private static double bound(@Nullable Number n, double otherwise) {
      return n == null ? otherwise : n.doubleValue();
    }

    double clamp(int k, double value) {
      double v = Math.max(min[k], Math.min(max[k], value));
      if (variables.get(k).getType() == VariableType.BOOLEAN) {
        return v >= 0.5 ? 1 : 0;
      }
      return variables.get(k).getType() == VariableType.REAL ? v : Math.rint(v);
    }

    void write(FmuProcessModel m, double[] values, String call) {
      if (reals.size() > 0) {
        for (int j = 0; j < reals.size(); j++) {
          reals.reals[j] = values[reals.index[j]];
        }
        m.check(call, m.slave.writeReal(reals.refs, reals.reals));
      }
      if (integers.size() > 0) {
        for (int j = 0; j < integers.size(); j++) {
          integers.ints[j] = (int) values[integers.index[j]];
        }
        m.check(call, m.slave.writeInteger(integers.refs, integers.ints));
      }
      if (booleans.size() > 0) {
        for (int j = 0; j < booleans.size(); j++) {
          booleans.bools[j] = values[booleans.index[j]] >= 0.5;
        }
        m.check(call, m.slave.writeBoolean(booleans.refs, booleans.bools));
      }
    }

    void read(FmuProcessModel m, double[] into) {
      if (reals.size() > 0) {
        m.check("fmi2GetReal", m.slave.readReal(reals.refs, reals.reals));
        for (int j = 0; j < reals.size(); j++) {
          into[reals.index[j]] = reals.reals[j];
        }
      }
      if (integers.size() > 0) {
        m.check("fmi2GetInteger", m.slave.readInteger(integers.refs, integers.ints));
        for (int j = 0; j < integers.size(); j++) {
          into[integers.index[j]] = integers.ints[j];
        }
      }
      if (booleans.size() > 0) {
        m.check("fmi2GetBoolean", m.slave.readBoolean(booleans.refs, booleans.bools));
        for (int j = 0; j < booleans.size(); j++) {
          into[booleans.index[j]] = booleans.bools[j] ? 1 : 0;
        }
      }
    }
  }

  /** The value references of one FMI type, the binding positions they fill, and call buffers. */
  private static final class Group {
    final int[] index;
    final long[] refs;
    final double[] reals;
    final int[] ints;
    final boolean[] bools;

    Group(List<TypedScalarVariable<?>> variables, List<Integer> positions) {
      int n = positions.size();
      index = new int[n];
      refs = new long[n];
      for (int j = 0; j < n; j++) {
        index[j] = positions.get(j);
        refs[j] = variables.get(index[j]).getValueReference();
      }
      reals = new double[n];
      ints = new int[n];
      bools = new boolean[n];
    }

    int size() {
      return index.length;
    }
  }
}
