/*
 * The draining tank of otlab's DrainingTankModel as an FMI 2.0 co-simulation FMU, so the FMU path
 * can be checked against the Java model and Torricelli's closed form. The equations are the Java
 * model's, in SI units inside (flows in m3/s) and m3/h at the variables:
 *
 *   Q_out = Cd a sqrt(2 g h)                       for h >= h_lam
 *   Q_out = Cd a sqrt(2 g h_lam) h / h_lam         for 0 <= h < h_lam   (the laminar tail)
 *   dh/dt = (Q_in - Q_out) / A                     0 while h >= H and Q_in > Q_out
 *
 * and the level is clamped to [0, H] after each substep, as DrainingTankModel.constrain does after
 * each window. fmi2DoStep integrates with classic Runge-Kutta (RK4) in equal substeps no longer
 * than the parameter step_size. The FMU can save and restore its state (canGetAndSetFMUstate), so
 * an importer may step back to locate an event.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmi2_api.h"

#define GUID "{3b1f6c2e-8d0a-4c55-9e0b-otlab-draining-tank-1}"
#define SECONDS_PER_HOUR 3600.0

/* Real value references, as in modelDescription.xml. */
enum {
  VR_LEVEL,
  VR_OUTFLOW,
  VR_OVERFLOW,
  VR_INFLOW,
  VR_AREA,
  VR_ORIFICE_AREA,
  VR_DISCHARGE_COEFFICIENT,
  VR_GRAVITY,
  VR_HEIGHT,
  VR_LAMINAR_LEVEL,
  VR_MAX_INFLOW,
  VR_INITIAL_LEVEL,
  VR_STEP_SIZE,
  REAL_COUNT
};
/* Boolean value references. */
enum { VR_OVERFLOWING, BOOLEAN_COUNT };

static const char *const REAL_NAMES[REAL_COUNT] = {
    "level",  "outflow",       "overflow",   "inflow",        "area",
    "orifice_area", "discharge_coefficient", "gravity", "height", "laminar_level",
    "max_inflow", "initial_level", "step_size"};

typedef enum { INSTANTIATED, INITIALIZATION, STEPPING, TERMINATED } Mode;

/* Everything that changes while the FMU runs; an FMU state is a copy of it. */
typedef struct {
  double real[REAL_COUNT];
  double time;
  Mode mode;
} State;

/* A saved FMU state, kept in its instance's list so fmi2GetFMUstate can tell a state it handed
   out (to overwrite, as the standard allows) from an importer's uninitialised pointer. */
typedef struct Saved {
  State s;
  struct Saved *next;
} Saved;

typedef struct {
  State s;
  Saved *saved;
  char *name;
  fmi2CallbackLogger logger;
  fmi2ComponentEnvironment environment;
  int loggingOn;
} Tank;

static void log_error(Tank *t, const char *format, ...) {
  char message[512];
  va_list args;
  va_start(args, format);
  vsnprintf(message, sizeof message, format, args);
  va_end(args);
  if (t->logger != NULL) {
    t->logger(t->environment, t->name, fmi2Error, "logStatusError", "%s", message);
  }
}

static void defaults(State *s) {
  memset(s, 0, sizeof *s);
  s->real[VR_AREA] = 1.0;
  s->real[VR_ORIFICE_AREA] = 1e-3;
  s->real[VR_DISCHARGE_COEFFICIENT] = 0.61;
  s->real[VR_GRAVITY] = 9.81;
  s->real[VR_HEIGHT] = 2.0;
  s->real[VR_LAMINAR_LEVEL] = 1e-4;
  s->real[VR_MAX_INFLOW] = 10.0;
  s->real[VR_INITIAL_LEVEL] = 1.0;
  s->real[VR_STEP_SIZE] = 0.01;
  s->real[VR_INFLOW] = 0.0;
  s->real[VR_LEVEL] = 1.0;
  s->mode = INSTANTIATED;
}

/* Orifice outflow in m3/s at level h. */
static double outflow(const State *s, double h) {
  if (h <= 0) {
    return 0;
  }
  double factor = s->real[VR_DISCHARGE_COEFFICIENT] * s->real[VR_ORIFICE_AREA] *
                  sqrt(2 * s->real[VR_GRAVITY]);
  double laminar = s->real[VR_LAMINAR_LEVEL];
  return h >= laminar ? factor * sqrt(h) : factor * sqrt(laminar) / laminar * h;
}

static double inflow_m3s(const State *s) {
  double q = s->real[VR_INFLOW];
  q = q < 0 ? 0 : q > s->real[VR_MAX_INFLOW] ? s->real[VR_MAX_INFLOW] : q;
  return q / SECONDS_PER_HOUR;
}

static double derivative(const State *s, double h) {
  double net = inflow_m3s(s) - outflow(s, h);
  return h >= s->real[VR_HEIGHT] && net > 0 ? 0 : net / s->real[VR_AREA];
}

static double clamp_level(const State *s, double h) {
  return h < 0 ? 0 : h > s->real[VR_HEIGHT] ? s->real[VR_HEIGHT] : h;
}

/* The outputs that follow from the level and the inflow. */
static void derive(State *s) {
  double h = s->real[VR_LEVEL];
  double out = outflow(s, h) * SECONDS_PER_HOUR;
  double in = inflow_m3s(s) * SECONDS_PER_HOUR;
  s->real[VR_OUTFLOW] = out;
  s->real[VR_OVERFLOW] = h >= s->real[VR_HEIGHT] && in > out ? in - out : 0;
}

static int valid_parameters(Tank *t) {
  const double *r = t->s.real;
  for (int vr = VR_AREA; vr <= VR_STEP_SIZE; vr++) {
    if (!(r[vr] > 0 || (vr == VR_INITIAL_LEVEL && r[vr] == 0)) || !isfinite(r[vr])) {
      log_error(t, "parameter %s = %g must be a positive finite number", REAL_NAMES[vr], r[vr]);
      return 0;
    }
  }
  if (r[VR_DISCHARGE_COEFFICIENT] > 1) {
    log_error(t, "discharge_coefficient = %g must be at most 1", r[VR_DISCHARGE_COEFFICIENT]);
    return 0;
  }
  if (r[VR_INITIAL_LEVEL] > r[VR_HEIGHT]) {
    log_error(t, "initial_level = %g is above height = %g", r[VR_INITIAL_LEVEL], r[VR_HEIGHT]);
    return 0;
  }
  return 1;
}

const char *fmi2GetTypesPlatform(void) { return "default"; }

const char *fmi2GetVersion(void) { return "2.0"; }

fmi2Status fmi2SetDebugLogging(fmi2Component c, fmi2Boolean loggingOn, size_t nCategories,
                               const fmi2String categories[]) {
  (void)nCategories;
  (void)categories;
  ((Tank *)c)->loggingOn = loggingOn;
  return fmi2OK;
}

fmi2Component fmi2Instantiate(fmi2String instanceName, fmi2Type fmuType, fmi2String fmuGUID,
                              fmi2String fmuResourceLocation,
                              const fmi2CallbackFunctions *functions, fmi2Boolean visible,
                              fmi2Boolean loggingOn) {
  (void)fmuResourceLocation;
  (void)visible;
  fmi2CallbackLogger logger = functions != NULL ? functions->logger : NULL;
  const char *name = instanceName != NULL ? instanceName : "draining-tank";
  if (fmuType != fmi2CoSimulation || fmuGUID == NULL || strcmp(fmuGUID, GUID) != 0) {
    if (logger != NULL) {
      logger(functions->componentEnvironment, name, fmi2Error, "logStatusError",
             "this FMU is co-simulation only and has GUID %s", GUID);
    }
    return NULL;
  }
  /* Plain malloc: the FMI 2.0 importer's allocator is optional in practice and this FMU's memory
     never crosses to the importer. */
  Tank *t = calloc(1, sizeof *t);
  if (t == NULL) {
    return NULL;
  }
  t->name = strdup(name);
  t->logger = logger;
  t->environment = functions != NULL ? functions->componentEnvironment : NULL;
  t->loggingOn = loggingOn;
  defaults(&t->s);
  return t;
}

void fmi2FreeInstance(fmi2Component c) {
  Tank *t = c;
  if (t != NULL) {
    while (t->saved != NULL) {
      Saved *next = t->saved->next;
      free(t->saved);
      t->saved = next;
    }
    free(t->name);
    free(t);
  }
}

fmi2Status fmi2SetupExperiment(fmi2Component c, fmi2Boolean toleranceDefined, fmi2Real tolerance,
                               fmi2Real startTime, fmi2Boolean stopTimeDefined,
                               fmi2Real stopTime) {
  (void)toleranceDefined;
  (void)tolerance;
  (void)stopTimeDefined;
  (void)stopTime;
  ((Tank *)c)->s.time = startTime;
  return fmi2OK;
}

fmi2Status fmi2EnterInitializationMode(fmi2Component c) {
  ((Tank *)c)->s.mode = INITIALIZATION;
  return fmi2OK;
}

fmi2Status fmi2ExitInitializationMode(fmi2Component c) {
  Tank *t = c;
  if (!valid_parameters(t)) {
    return fmi2Error;
  }
  t->s.real[VR_LEVEL] = t->s.real[VR_INITIAL_LEVEL];
  derive(&t->s);
  t->s.mode = STEPPING;
  return fmi2OK;
}

fmi2Status fmi2Terminate(fmi2Component c) {
  ((Tank *)c)->s.mode = TERMINATED;
  return fmi2OK;
}

fmi2Status fmi2Reset(fmi2Component c) {
  defaults(&((Tank *)c)->s);
  return fmi2OK;
}

fmi2Status fmi2GetReal(fmi2Component c, const fmi2ValueReference vr[], size_t nvr,
                       fmi2Real value[]) {
  Tank *t = c;
  for (size_t i = 0; i < nvr; i++) {
    if (vr[i] >= REAL_COUNT) {
      log_error(t, "no Real variable with value reference %u", vr[i]);
      return fmi2Error;
    }
    value[i] = t->s.real[vr[i]];
  }
  return fmi2OK;
}

fmi2Status fmi2GetBoolean(fmi2Component c, const fmi2ValueReference vr[], size_t nvr,
                          fmi2Boolean value[]) {
  Tank *t = c;
  for (size_t i = 0; i < nvr; i++) {
    if (vr[i] != VR_OVERFLOWING) {
      log_error(t, "no Boolean variable with value reference %u", vr[i]);
      return fmi2Error;
    }
    value[i] = t->s.real[VR_LEVEL] >= t->s.real[VR_HEIGHT] ? fmi2True : fmi2False;
  }
  return fmi2OK;
}

fmi2Status fmi2SetReal(fmi2Component c, const fmi2ValueReference vr[], size_t nvr,
                       const fmi2Real value[]) {
  Tank *t = c;
  for (size_t i = 0; i < nvr; i++) {
    int parameter = vr[i] >= VR_AREA && vr[i] < REAL_COUNT;
    if (vr[i] != VR_INFLOW && !parameter) {
      log_error(t, "Real variable with value reference %u cannot be set", vr[i]);
      return fmi2Error;
    }
    if (parameter && t->s.mode != INSTANTIATED && t->s.mode != INITIALIZATION) {
      log_error(t, "parameter %s is fixed once initialization ends", REAL_NAMES[vr[i]]);
      return fmi2Error;
    }
    if (isnan(value[i])) {
      log_error(t, "%s cannot be NaN", REAL_NAMES[vr[i]]);
      return fmi2Error;
    }
    t->s.real[vr[i]] = value[i];
  }
  if (t->s.mode == STEPPING) {
    derive(&t->s);
  }
  return fmi2OK;
}

/* This FMU has no Integer or String variables. */
fmi2Status fmi2GetInteger(fmi2Component c, const fmi2ValueReference vr[], size_t nvr,
                          fmi2Integer value[]) {
  (void)value;
  if (nvr == 0) {
    return fmi2OK;
  }
  log_error(c, "no Integer variable with value reference %u", vr[0]);
  return fmi2Error;
}

fmi2Status fmi2GetString(fmi2Component c, const fmi2ValueReference vr[], size_t nvr,
                         fmi2String value[]) {
  (void)value;
  if (nvr == 0) {
    return fmi2OK;
  }
  log_error(c, "no String variable with value reference %u", vr[0]);
  return fmi2Error;
}

fmi2Status fmi2SetInteger(fmi2Component c, const fmi2ValueReference vr[], size_t nvr,
                          const fmi2Integer value[]) {
  return fmi2GetInteger(c, vr, nvr, (fmi2Integer *)value);
}

fmi2Status fmi2SetBoolean(fmi2Component c, const fmi2ValueReference vr[], size_t nvr,
                          const fmi2Boolean value[]) {
  (void)value;
  if (nvr == 0) {
    return fmi2OK;
  }
  log_error(c, "Boolean variable with value reference %u cannot be set", vr[0]);
  return fmi2Error;
}

fmi2Status fmi2SetString(fmi2Component c, const fmi2ValueReference vr[], size_t nvr,
                         const fmi2String value[]) {
  return fmi2GetString(c, vr, nvr, (fmi2String *)value);
}

static Saved *find_saved(Tank *t, fmi2FMUstate state) {
  for (Saved *p = t->saved; p != NULL; p = p->next) {
    if (p == state) {
      return p;
    }
  }
  return NULL;
}

static Saved *new_saved(Tank *t) {
  Saved *p = malloc(sizeof *p);
  if (p != NULL) {
    p->next = t->saved;
    t->saved = p;
  }
  return p;
}

fmi2Status fmi2GetFMUstate(fmi2Component c, fmi2FMUstate *FMUstate) {
  Tank *t = c;
  Saved *p = find_saved(t, *FMUstate);
  if (p == NULL) {
    p = new_saved(t);
  }
  if (p == NULL) {
    return fmi2Error;
  }
  p->s = t->s;
  *FMUstate = p;
  return fmi2OK;
}

fmi2Status fmi2SetFMUstate(fmi2Component c, fmi2FMUstate FMUstate) {
  Tank *t = c;
  Saved *p = find_saved(t, FMUstate);
  if (p == NULL) {
    log_error(t, "fmi2SetFMUstate with a state this instance did not save");
    return fmi2Error;
  }
  t->s = p->s;
  return fmi2OK;
}

fmi2Status fmi2FreeFMUstate(fmi2Component c, fmi2FMUstate *FMUstate) {
  Tank *t = c;
  for (Saved **p = &t->saved; *p != NULL; p = &(*p)->next) {
    if (*p == *FMUstate) {
      Saved *gone = *p;
      *p = gone->next;
      free(gone);
      break;
    }
  }
  *FMUstate = NULL;
  return fmi2OK;
}

fmi2Status fmi2SerializedFMUstateSize(fmi2Component c, fmi2FMUstate FMUstate, size_t *size) {
  (void)c;
  (void)FMUstate;
  *size = sizeof(State);
  return fmi2OK;
}

fmi2Status fmi2SerializeFMUstate(fmi2Component c, fmi2FMUstate FMUstate, fmi2Byte serializedState[],
                                 size_t size) {
  Saved *p = find_saved(c, FMUstate);
  if (p == NULL || size < sizeof(State)) {
    log_error(c, "a serialized state needs a saved state and %zu bytes", sizeof(State));
    return fmi2Error;
  }
  memcpy(serializedState, &p->s, sizeof(State));
  return fmi2OK;
}

fmi2Status fmi2DeSerializeFMUstate(fmi2Component c, const fmi2Byte serializedState[], size_t size,
                                   fmi2FMUstate *FMUstate) {
  if (size != sizeof(State)) {
    log_error(c, "a serialized state has %zu bytes, not %zu", sizeof(State), size);
    return fmi2Error;
  }
  Saved *p = find_saved(c, *FMUstate);
  if (p == NULL) {
    p = new_saved(c);
  }
  if (p == NULL) {
    return fmi2Error;
  }
  memcpy(&p->s, serializedState, sizeof(State));
  *FMUstate = p;
  return fmi2OK;
}

fmi2Status fmi2GetDirectionalDerivative(fmi2Component c, const fmi2ValueReference vUnknown_ref[],
                                        size_t nUnknown, const fmi2ValueReference vKnown_ref[],
                                        size_t nKnown, const fmi2Real dvKnown[],
                                        fmi2Real dvUnknown[]) {
  (void)vUnknown_ref;
  (void)nUnknown;
  (void)vKnown_ref;
  (void)nKnown;
  (void)dvKnown;
  (void)dvUnknown;
  log_error(c, "directional derivatives are not provided");
  return fmi2Error;
}

fmi2Status fmi2SetRealInputDerivatives(fmi2Component c, const fmi2ValueReference vr[], size_t nvr,
                                       const fmi2Integer order[], const fmi2Real value[]) {
  (void)vr;
  (void)nvr;
  (void)order;
  (void)value;
  log_error(c, "input derivatives are not supported (canInterpolateInputs is false)");
  return fmi2Error;
}

fmi2Status fmi2GetRealOutputDerivatives(fmi2Component c, const fmi2ValueReference vr[],
                                        size_t nvr, const fmi2Integer order[], fmi2Real value[]) {
  (void)vr;
  (void)nvr;
  (void)order;
  (void)value;
  log_error(c, "output derivatives are not provided (maxOutputDerivativeOrder is 0)");
  return fmi2Error;
}

fmi2Status fmi2DoStep(fmi2Component c, fmi2Real currentCommunicationPoint,
                      fmi2Real communicationStepSize,
                      fmi2Boolean noSetFMUStatePriorToCurrentPoint) {
  (void)noSetFMUStatePriorToCurrentPoint;
  Tank *t = c;
  State *s = &t->s;
  if (s->mode != STEPPING) {
    log_error(t, "fmi2DoStep before initialization ended or after termination");
    return fmi2Error;
  }
  if (!(communicationStepSize >= 0) || !isfinite(communicationStepSize)) {
    log_error(t, "communication step %g is not a finite non-negative number",
              communicationStepSize);
    return fmi2Error;
  }
  if (fabs(currentCommunicationPoint - s->time) > 1e-9 * fmax(1.0, fabs(s->time))) {
    log_error(t, "step starts at %.17g but the FMU is at %.17g", currentCommunicationPoint,
              s->time);
    return fmi2Error;
  }
  int n = (int)ceil(communicationStepSize / s->real[VR_STEP_SIZE] - 1e-9);
  n = n < 1 ? 1 : n;
  double dt = communicationStepSize / n;
  double h = s->real[VR_LEVEL];
  for (int i = 0; i < n; i++) {
    double k1 = derivative(s, h);
    double k2 = derivative(s, h + dt / 2 * k1);
    double k3 = derivative(s, h + dt / 2 * k2);
    double k4 = derivative(s, h + dt * k3);
    h = clamp_level(s, h + dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4));
  }
  s->real[VR_LEVEL] = h;
  s->time = currentCommunicationPoint + communicationStepSize;
  derive(s);
  return fmi2OK;
}

fmi2Status fmi2CancelStep(fmi2Component c) {
  log_error(c, "steps complete synchronously; there is nothing to cancel");
  return fmi2Error;
}

fmi2Status fmi2GetStatus(fmi2Component c, const fmi2StatusKind s, fmi2Status *value) {
  (void)s;
  (void)value;
  log_error(c, "asynchronous step status is not provided");
  return fmi2Discard;
}

fmi2Status fmi2GetRealStatus(fmi2Component c, const fmi2StatusKind s, fmi2Real *value) {
  if (s == fmi2LastSuccessfulTime) {
    *value = ((Tank *)c)->s.time;
    return fmi2OK;
  }
  return fmi2Discard;
}

fmi2Status fmi2GetIntegerStatus(fmi2Component c, const fmi2StatusKind s, fmi2Integer *value) {
  (void)c;
  (void)s;
  (void)value;
  return fmi2Discard;
}

fmi2Status fmi2GetBooleanStatus(fmi2Component c, const fmi2StatusKind s, fmi2Boolean *value) {
  if (s == fmi2Terminated) {
    *value = ((Tank *)c)->s.mode == TERMINATED;
    return fmi2OK;
  }
  return fmi2Discard;
}

fmi2Status fmi2GetStringStatus(fmi2Component c, const fmi2StatusKind s, fmi2String *value) {
  (void)c;
  (void)s;
  (void)value;
  return fmi2Discard;
}
